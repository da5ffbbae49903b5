namespace Infra.Blueprint.Swarm;

/// <summary>The Engine API's <c>Mode</c>: exactly one of its members is set (a job is a replicated service of one task that is never restarted).</summary>
/// <param name="Replicated">A fixed number of tasks.</param>
/// <param name="Global">One task per eligible node.</param>
public sealed record ServiceMode(ReplicatedMode? Replicated = null, GlobalMode? Global = null);
