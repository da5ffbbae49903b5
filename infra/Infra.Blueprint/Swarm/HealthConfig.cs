namespace Infra.Blueprint.Swarm;

/// <summary>The Engine API's <c>HealthConfig</c>; durations in nanoseconds.</summary>
/// <param name="Test"><c>["CMD", …]</c>, <c>["CMD-SHELL", "…"]</c>, or <c>["NONE"]</c> to disable the image's.</param>
/// <param name="Interval">Time between checks.</param>
/// <param name="Timeout">Time a check may take.</param>
/// <param name="Retries">Consecutive failures before the container is unhealthy.</param>
/// <param name="StartPeriod">Grace period after start during which failures do not count.</param>
public sealed record HealthConfig(IReadOnlyList<string> Test, long Interval, long Timeout, int Retries, long StartPeriod)
{
    /// <summary>Disables the image's <c>HEALTHCHECK</c> (a job has no port to probe).</summary>
    public static HealthConfig None { get; } = new(["NONE"], 0, 0, 0, 0);
}
