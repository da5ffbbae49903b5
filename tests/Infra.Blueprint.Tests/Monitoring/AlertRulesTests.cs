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
    public void TheRenderedRuleFileReadsBackAsTheRulesEachWithASeverityASummaryAndARunbookLink()
    {
        var rendered = YamlReadBack.Parse(AlertRules.Render(Repository.Stack("prod").ToSettings(false)))
            .Maps("groups").SelectMany(g => g.Maps("rules").Select(r => (Group: g.Text("name"), Rule: r)));

        var expected = ProdRules.GroupBy(r => r.Group).SelectMany(g => g).Select(r => string.Join(" | ", r.Group, r.Name, r.Expr, r.For > TimeSpan.Zero ? Yaml.Duration(r.For) : null,
            string.Join(",", new SortedDictionary<string, string>((r.Labels ?? new Dictionary<string, string>()).Append(new("severity", r.Severity.ToString().ToLowerInvariant())).ToDictionary(), StringComparer.Ordinal)),
            r.Summary, $"docs/monitoring.md#{r.Name.ToLowerInvariant()}"));
        var actual = rendered.Select(x => string.Join(" | ", x.Group, x.Rule.Text("alert"), x.Rule.Text("expr"), x.Rule.Text("for"),
            string.Join(",", x.Rule.Pairs("labels")), x.Rule.Map("annotations").Text("summary"), x.Rule.Map("annotations").Text("runbook_url")));

        Assert.Equal(expected, actual);
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
    public void BackupAndDrillAgeAlertsFollowTheirSchedules()
    {
        var rules = AlertRules.For(Repository.Stack("prod").With("backups.schedule", "0 * * * *").With("backups.drillSchedule", "0 6 * * 0").ToSettings(false));

        var backupTooOld = rules.Single(r => r.Name == AlertNames.BackupTooOld);
        var backupMissing = rules.Single(r => r.Name == AlertNames.BackupMissing);
        var drillTooOld = rules.Single(r => r.Name == AlertNames.RestoreDrillTooOld);
        var drillMissing = rules.Single(r => r.Name == AlertNames.RestoreDrillMissing);

        Assert.True(backupTooOld.Expr.EndsWith("> 3 * 3600", StringComparison.Ordinal), $"BackupTooOld of an hourly backup should wait 1 h + 2 h: {backupTooOld.Expr}");
        Assert.Equal(TimeSpan.FromHours(3), backupMissing.For);
        Assert.True(drillTooOld.Expr.EndsWith($"> {(7 * 24) + 2} * 3600", StringComparison.Ordinal), $"RestoreDrillTooOld of a weekly drill should wait 7 days + 2 h: {drillTooOld.Expr}");
        Assert.Contains(BackupMetrics.DrillLastSuccessTimestamp, drillTooOld.Expr, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromHours((7 * 24) + 2), drillMissing.For);
    }

    [Fact]
    public void RunbookLinksPointAtTheConfiguredUrl()
    {
        var settings = Repository.Stack("prod").With("monitoring.runbookUrl", "https://git.example.com/ops/infra/blob/main/docs/monitoring.md").ToSettings(false);

        var links = YamlReadBack.Parse(AlertRules.Render(settings)).Maps("groups").SelectMany(g => g.Maps("rules"))
            .Select(r => (Alert: r.Text("alert"), Url: r.Map("annotations").Text("runbook_url")));

        Assert.All(links, l => Assert.Equal($"https://git.example.com/ops/infra/blob/main/docs/monitoring.md#{l.Alert!.ToLowerInvariant()}", l.Url));
    }

    [Fact]
    public void ALiveTestCanCapTheForDurations()
    {
        var rendered = YamlReadBack.Parse(AlertRules.Render(Repository.Stack("prod").ToSettings(false), maxFor: TimeSpan.FromSeconds(5)));

        var fors = rendered.Maps("groups").SelectMany(g => g.Maps("rules")).Select(r => r.Text("for")).OfType<string>().Distinct().Order();

        Assert.Equal(["5s"], fors);
    }

    [Fact]
    public void SeveritiesAreOnlyThoseTheRoutesKnow() =>
        Assert.All(ProdRules, r => Assert.Contains(r.Severity, Enum.GetValues<AlertSeverity>()));

    [GeneratedRegex("^### ([A-Za-z0-9]+)\\s*$", RegexOptions.Multiline)]
    private static partial Regex HeadingPattern();
}
