namespace Infra.Blueprint.Settings;

/// <summary>Defaults for SSH connections; a host entry may override user and port.</summary>
/// <param name="User">Login user on every host.</param>
/// <param name="Port">SSH port on every host.</param>
/// <param name="AllowFrom">CIDR ranges allowed to reach SSH through the host firewall.</param>
public sealed record SshSettings(string User, int Port, IReadOnlyList<string> AllowFrom);
