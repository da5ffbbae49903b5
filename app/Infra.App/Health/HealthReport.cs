using System.Text.Json.Serialization;

namespace Infra.App.Health;

/// <summary>The JSON body of every health endpoint.</summary>
/// <param name="Status"><c>healthy</c>, <c>degraded</c> (Redis down; still serving), <c>unhealthy</c> or <c>draining</c>.</param>
/// <param name="Timestamp">When the report was made (UTC).</param>
/// <param name="Uptime">Seconds since the process started.</param>
/// <param name="Version">The deployed version.</param>
/// <param name="Checks">One entry per dependency checked; empty for liveness and while draining.</param>
internal sealed record HealthReport(
    string Status, DateTimeOffset Timestamp, double Uptime, string Version, IReadOnlyDictionary<string, CheckResult> Checks)
{
    /// <summary>Whether the load balancer should send this replica traffic: 200 rather than 503.</summary>
    [JsonIgnore]
    public bool IsServing => Status is HealthStatus.Healthy or HealthStatus.Degraded;
}
