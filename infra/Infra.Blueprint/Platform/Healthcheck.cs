namespace Infra.Blueprint.Platform;

/// <summary>A container healthcheck (Docker's <c>HEALTHCHECK</c>).</summary>
/// <param name="Test">The test, Docker-style: <c>["CMD", …]</c> or <c>["CMD-SHELL", "…"]</c>.</param>
/// <param name="IntervalSeconds">Time between checks.</param>
/// <param name="TimeoutSeconds">Time a check may take.</param>
/// <param name="Retries">Consecutive failures before the container is unhealthy.</param>
/// <param name="StartPeriodSeconds">Grace period after start during which failures do not count.</param>
public sealed record Healthcheck(IReadOnlyList<string> Test, int IntervalSeconds, int TimeoutSeconds, int Retries, int StartPeriodSeconds);
