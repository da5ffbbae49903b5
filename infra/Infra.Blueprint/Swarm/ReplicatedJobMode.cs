namespace Infra.Blueprint.Swarm;

/// <summary>The Engine API's <c>ReplicatedJob</c> mode.</summary>
/// <param name="MaxConcurrent">Tasks running at once.</param>
/// <param name="TotalCompletions">Completed tasks that make the job done.</param>
public sealed record ReplicatedJobMode(int MaxConcurrent, int TotalCompletions);
