namespace Infra.Blueprint.Swarm;

/// <summary>The Engine API's <c>EndpointSpec</c>.</summary>
/// <param name="Mode"><c>vip</c> (a virtual IP balancing over the tasks) or <c>dnsrr</c>.</param>
/// <param name="Ports">Published ports; only the edge publishes any.</param>
public sealed record EndpointSpec(string Mode, IReadOnlyList<EndpointPortConfig> Ports);
