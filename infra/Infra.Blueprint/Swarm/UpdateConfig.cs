namespace Infra.Blueprint.Swarm;

/// <summary>The Engine API's <c>UpdateConfig</c> (also the shape of <c>RollbackConfig</c>); durations in nanoseconds.</summary>
/// <param name="Parallelism">Tasks updated at once.</param>
/// <param name="Delay">Pause between batches.</param>
/// <param name="FailureAction"><c>rollback</c>, <c>pause</c> or <c>continue</c>.</param>
/// <param name="Monitor">How long a new task is watched for failure after it starts.</param>
/// <param name="MaxFailureRatio">Share of tasks that may fail during an update before the failure action.</param>
/// <param name="Order"><c>start-first</c> or <c>stop-first</c>.</param>
public sealed record UpdateConfig(int Parallelism, long Delay, string FailureAction, long Monitor, double MaxFailureRatio, string Order);
