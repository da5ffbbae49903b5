namespace Infra.Blueprint.Swarm;

/// <summary>The Engine API's <c>Replicated</c> mode.</summary>
/// <param name="Replicas">Number of tasks.</param>
public sealed record ReplicatedMode(int Replicas);
