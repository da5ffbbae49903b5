using Infra.Blueprint.Data;
using System.Text.RegularExpressions;
using Infra.Blueprint.Monitoring;
using Infra.Blueprint.Settings;
using Infra.TestKit;
using Infra.Blueprint.Backups;

namespace Infra.Blueprint.Tests.Monitoring;

public sealed partial class AlertRulesTests
{
    private static readonly IReadOnlyList<AlertRule> ProdRules = AlertRules.For(Repository.Stack("prod").ToSettings(false));

    [Fact]
    public void EveryAlertHasItsRunbookSectionInTheMonitoringGuide()
    {
        var guide = File.ReadAllText(Repository.PathOf("docs/monitoring.md"));
        var headings = HeadingPattern().Matches(guide).Select(m => m.Groups[1].Value.ToLowerInvariant()).ToHashSet();

        var missing = ProdRules.Select(r => r.Name).Distinct().Where(n => !headings.Contains(n.ToLowerInvariant())).ToList();

        Assert.True(missing.Count == 0, "docs/monitoring.md has no '### <Alert>' section for: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryRenderedAlertCarriesASeverityASummaryAndARunbookLink()
    {
        var rendered = AlertRules.Render(Repository.Stack("prod").ToSettings(false));
        var alerts = Regex.Matches(rendered, "- alert: ").Count;

        Assert.Equal(ProdRules.Count, alerts);
        Assert.Equal(alerts, Regex.Matches(rendered, "severity: '(critical|warning|info)'").Count);
        Assert.Equal(alerts, Regex.Matches(rendered, "summary: '").Count);
        Assert.Equal(alerts, Regex.Matches(rendered, $"runbook_url: '{Regex.Escape(AlertRules.RunbookBase)}#[a-z0-9]+'").Count);
    }

    [Fact]
    public void EachHostHasItsHostDownAlertSoANewHostIsWatched()
    {
        var settings = Repository.Stack("prod").ToSettings(false);

        var hostDown = AlertRules.For(settings).Where(r => r.Name == "HostDown").Select(r => r.Labels!["host"]);

        Assert.Equal(settings.Hosts.Select(h => h.Name), hostDown);
    }

    [Fact]
    public void BackupAlertsExistExactlyWhenBackupsAreOn()
    {
        var off = AlertRules.For(Repository.Stack("staging").With("backups.enabled", "false").ToSettings(false));

        Assert.Contains(ProdRules, r => r.Expr.Contains(BackupMetrics.LastSuccessTimestamp, StringComparison.Ordinal));
        Assert.Contains(ProdRules, r => r.Expr.Contains(BackupMetrics.DrillLastStatus, StringComparison.Ordinal));
        Assert.DoesNotContain(off, r => r.Group == "backups");
    }

    [Fact]
    public void ALiveTestCanCapTheForDurations()
    {
        var rendered = AlertRules.Render(Repository.Stack("prod").ToSettings(false), maxFor: TimeSpan.FromSeconds(5));

        Assert.DoesNotContain("for: 3m", rendered);
        Assert.Contains("for: 5s", rendered);
    }

    [Fact]
    public void SeveritiesAreOnlyThoseTheRoutesKnow() =>
        Assert.All(ProdRules, r => Assert.Contains(r.Severity, Enum.GetValues<AlertSeverity>()));

    [GeneratedRegex("^### ([A-Za-z0-9]+)\\s*$", RegexOptions.Multiline)]
    private static partial Regex HeadingPattern();
}
