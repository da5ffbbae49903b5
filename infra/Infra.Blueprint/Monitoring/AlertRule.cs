using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Monitoring;

/// <summary>A Prometheus alerting rule with what an operator needs to act on it.</summary>
/// <param name="Name">The alert name; also the anchor of its runbook in <c>docs/monitoring.md</c>.</param>
/// <param name="Expr">The PromQL expression; every series it returns is an alert.</param>
/// <param name="For">How long the expression must hold before the alert fires.</param>
/// <param name="Severity">How urgent it is.</param>
/// <param name="Summary">One line saying what is wrong (Go template over <c>$labels</c> and <c>$value</c>).</param>
/// <param name="Group">The rule group it belongs to.</param>
/// <param name="Labels">Extra labels (e.g. <c>host</c>).</param>
public sealed record AlertRule(
    string Name,
    string Expr,
    TimeSpan For,
    AlertSeverity Severity,
    string Summary,
    string Group,
    IReadOnlyDictionary<string, string>? Labels = null)
{
    /// <summary>The runbook anchor: the alert name in lower case, as GitHub renders a <c>### Name</c> heading.</summary>
    public string Anchor => Name.ToLowerInvariant();
}
