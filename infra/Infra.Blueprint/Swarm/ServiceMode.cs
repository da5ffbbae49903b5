namespace Infra.Blueprint.Swarm;

/// <summary>The Engine API's <c>Mode</c>: exactly one of its members is set.</summary>
/// <param name="Replicated">A fixed number of tasks.</param>
/// <param name="Global">One task per eligible node.</param>
/// <param name="ReplicatedJob">Tasks that run to completion (a job).</param>
public sealed record ServiceMode(ReplicatedMode? Replicated = null, GlobalMode? Global = null, ReplicatedJobMode? ReplicatedJob = null);
