namespace Infra.App.Health;

/// <summary>The outcome of checking one dependency.</summary>
/// <param name="Status"><c>healthy</c>, <c>degraded</c> or <c>unhealthy</c>.</param>
/// <param name="DurationMs">How long the check took.</param>
/// <param name="Error">Why it failed; absent when healthy.</param>
internal sealed record CheckResult(string Status, double DurationMs, string? Error = null);
