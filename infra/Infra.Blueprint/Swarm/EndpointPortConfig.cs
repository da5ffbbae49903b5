namespace Infra.Blueprint.Swarm;

/// <summary>The Engine API's <c>EndpointPortConfig</c>.</summary>
/// <param name="Protocol"><c>tcp</c> or <c>udp</c>.</param>
/// <param name="TargetPort">Port in the container.</param>
/// <param name="PublishedPort">Port on the node.</param>
/// <param name="PublishMode"><c>host</c> (on the node running the task, keeps the client's address) or <c>ingress</c>.</param>
public sealed record EndpointPortConfig(string Protocol, int TargetPort, int PublishedPort, string PublishMode);
