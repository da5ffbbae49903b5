namespace Infra.Blueprint.Platform;

/// <summary>A Swarm overlay network.</summary>
/// <param name="Name">Network name.</param>
/// <param name="Internal">No route to the outside world (backend, monitoring).</param>
/// <param name="Encrypted">IPsec between nodes (for traffic that crosses hosts unencrypted otherwise).</param>
/// <param name="Subnet">Fixed IPv4 subnet (IPAM), when rendered files must name it (pg_hba.conf allows only the backend); null lets Docker choose.</param>
public sealed record NetworkSpec(string Name, bool Internal, bool Encrypted, string? Subnet = null);
