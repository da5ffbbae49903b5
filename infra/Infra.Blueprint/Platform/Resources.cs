namespace Infra.Blueprint.Platform;

/// <summary>CPU and memory of a service's task.</summary>
/// <param name="LimitCpus">CPU limit.</param>
/// <param name="LimitMemoryMb">Memory limit in MiB; the task is OOM-killed past it.</param>
/// <param name="ReserveMemoryMb">Memory the scheduler reserves on the node.</param>
public sealed record Resources(decimal LimitCpus, int LimitMemoryMb, int ReserveMemoryMb)
{
    /// <summary>The CPU limit in the unit Docker takes (nano-CPUs).</summary>
    public long LimitNanoCpus => (long)(LimitCpus * 1_000_000_000m);
}
