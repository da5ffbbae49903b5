namespace Infra.Blueprint.Platform;

/// <summary>Swarm's update (and rollback) configuration of a service.</summary>
/// <param name="Order">Start-first or stop-first.</param>
/// <param name="Parallelism">Tasks updated at once.</param>
/// <param name="DelaySeconds">Pause between batches.</param>
/// <param name="MonitorSeconds">How long a new task is watched for failure after it starts.</param>
/// <param name="RollbackOnFailure">Roll back automatically when a new task fails within the monitor window.</param>
/// <param name="ConvergeTimeoutSeconds">How long <c>pulumi up</c> waits for the service to converge.</param>
public sealed record UpdatePolicy(UpdateOrder Order, int Parallelism, int DelaySeconds, int MonitorSeconds, bool RollbackOnFailure, int ConvergeTimeoutSeconds);
