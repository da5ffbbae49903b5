namespace Infra.Blueprint.Settings;

/// <summary>One server, reachable over SSH.</summary>
/// <param name="Name">Short name, a DNS label (<c>node-1</c>); becomes the Swarm node label and part of resource names.</param>
/// <param name="Address">Public IPv4/IPv6 address or DNS name the provisioner connects to.</param>
/// <param name="Roles">What the host is for.</param>
/// <param name="SshUser">The SSH login user.</param>
/// <param name="SshPort">The SSH port.</param>
/// <param name="MemoryMb">Memory of the host in MiB; sizes Postgres and Redis.</param>
/// <param name="Cpus">Number of CPUs of the host.</param>
/// <param name="HostKey">The host's pinned SSH host key (<c>&lt;type&gt; &lt;base64&gt;</c>) from <c>infra:ssh.hostKeys</c>; null: recorded on first contact.</param>
public sealed record HostSettings(
    string Name,
    string Address,
    IReadOnlySet<HostRole> Roles,
    string SshUser,
    int SshPort,
    int MemoryMb,
    int Cpus,
    string? HostKey = null);
