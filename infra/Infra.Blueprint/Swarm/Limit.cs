namespace Infra.Blueprint.Swarm;

/// <summary>
/// The Engine API's <c>Limit</c>/<c>ResourceObject</c>. A null figure is unset: Swarm applies no limit (or reserves
/// nothing). <see cref="SwarmServiceSpecs"/> leaves a figure unset when the Pulumi layer cannot declare it.
/// </summary>
/// <param name="NanoCPUs">CPU in units of 10⁻⁹ CPUs.</param>
/// <param name="MemoryBytes">Memory in bytes.</param>
public sealed record Limit(long? NanoCPUs, long? MemoryBytes);
