namespace Infra.Blueprint.Swarm;

/// <summary>The Engine API's <c>Placement</c>.</summary>
/// <param name="Constraints">Constraints such as <c>node.labels.infra.db==true</c>.</param>
public sealed record Placement(IReadOnlyList<string> Constraints);
