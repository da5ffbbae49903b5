namespace Infra.App.Health;

/// <summary>The values of <see cref="HealthReport.Status"/> and <see cref="CheckResult.Status"/>.</summary>
internal static class HealthStatus
{
    public const string Healthy = "healthy";
    public const string Degraded = "degraded";
    public const string Unhealthy = "unhealthy";
    public const string Draining = "draining";
}
