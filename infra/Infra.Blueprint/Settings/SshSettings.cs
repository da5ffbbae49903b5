namespace Infra.Blueprint.Settings;

/// <summary>How the provisioner reaches the hosts over SSH; a host entry may override user and port.</summary>
/// <param name="User">The account a fresh server offers (root, or a user with passwordless sudo); used once, to create <paramref name="DeployUser"/>.</param>
/// <param name="Port">SSH port on every host.</param>
/// <param name="AllowFrom">CIDR ranges allowed to reach SSH through the host firewall; empty means anywhere (rate-limited).</param>
/// <param name="DeployUser">The account the bootstrap creates with the deploy key; every later command and the Docker provider log in as it.</param>
/// <param name="HostKeys">Pinned host keys, one <c>ssh-keyscan</c> line per host: <c>&lt;address&gt; &lt;type&gt; &lt;base64&gt;</c>.</param>
/// <param name="KnownHostsFile">Where host keys are recorded on first contact and checked afterwards (OpenSSH's format).</param>
public sealed record SshSettings(
    string User,
    int Port,
    IReadOnlyList<string> AllowFrom,
    string DeployUser,
    IReadOnlyList<string> HostKeys,
    string KnownHostsFile);
