namespace Infra.Blueprint.Platform;

/// <summary>A Swarm overlay network.</summary>
/// <param name="Name">Network name.</param>
/// <param name="Internal">No route to the outside world (backend, monitoring).</param>
/// <param name="Encrypted">IPsec between nodes (for traffic that crosses hosts unencrypted otherwise).</param>
public sealed record NetworkSpec(string Name, bool Internal, bool Encrypted);
