namespace Infra.Blueprint.Platform;

/// <summary>A port published on the host.</summary>
/// <param name="Published">Port on the host.</param>
/// <param name="Target">Port in the container.</param>
/// <param name="Protocol"><c>tcp</c> or <c>udp</c>.</param>
/// <param name="HostMode">Published on the node running the task (keeps the client's address), not through the routing mesh.</param>
public sealed record PortSpec(int Published, int Target, string Protocol, bool HostMode);
