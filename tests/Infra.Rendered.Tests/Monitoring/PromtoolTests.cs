using Infra.Blueprint.Monitoring;
using Infra.Blueprint.Platform;
using Infra.TestKit;
using YamlDotNet.RepresentationModel;

namespace Infra.Rendered.Tests.Monitoring;

/// <summary>The rendered Prometheus, rule, Alertmanager and blackbox files, checked by the programs that read them.</summary>
public sealed class PromtoolTests
{
    private static readonly string TestFile = Repository.PathOf("tests/Infra.Rendered.Tests/Monitoring/alerts.test.yml");

    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public void PromtoolAcceptsTheRenderedScrapeConfigAndRules(string stack)
    {
        var promtool = Tools.Require("promtool", "prometheus");
        var settings = Repository.Stack(stack).ToSettings(checkSecrets: false);
        using var dir = new TempDirectory("promtool");
        var rules = dir.Write(AlertRules.FileName, AlertRules.Render(settings));
        var config = dir.Write("prometheus.yml", PrometheusConfig.Render(settings, MonitoringRuntime.Swarm with { RuleFiles = [rules] }));

        var checkConfig = Tools.Run(promtool, ["check", "config", config]);
        var checkRules = Tools.Run(promtool, ["check", "rules", rules]);

        Assert.True(checkConfig.ExitCode == 0, checkConfig.Output);
        Assert.True(checkRules.ExitCode == 0, checkRules.Output);
    }

    [Fact]
    public void EveryAlertHasAUnitTestWhereItFiresAndOneWhereItDoesNot()
    {
        var rules = AlertRules.For(Repository.Stack("prod").ToSettings(checkSecrets: false)).Select(r => r.Name).Distinct().ToList();
        var cases = UnitTestCases();

        var missing = rules.SelectMany(name => new[]
            {
                cases.Contains((name, true)) ? null : $"{name}: no case where it fires",
                cases.Contains((name, false)) || name == "Watchdog" ? null : $"{name}: no case where it stays quiet",
            })
            .Where(m => m is not null)
            .ToList();

        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public void PromtoolUnitTestsOfEveryAlertPass()
    {
        var promtool = Tools.Require("promtool", "prometheus");
        using var dir = new TempDirectory("promtool-test");
        var settings = Repository.Stack("prod").ToSettings(checkSecrets: false);
        dir.Write(AlertRules.FileName, AlertRules.Render(settings));
        var tests = dir.Write("alerts.test.yml", File.ReadAllText(TestFile).Replace("RUNBOOK#", settings.Monitoring.RunbookUrl + "#", StringComparison.Ordinal));

        var result = Tools.Run(promtool, ["test", "rules", tests], TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    [InlineData("prod-with-heartbeat-and-no-login")]
    public void AmtoolAcceptsTheRenderedAlertmanagerConfig(string variant)
    {
        var amtool = Tools.Require("amtool", "prometheus-alertmanager");
        var config = variant switch
        {
            "prod-with-heartbeat-and-no-login" => Repository.Stack("prod").With("monitoring.heartbeatUrl", "https://hc-ping.example.com/abc").With("monitoring.smtpUsername", null),
            _ => Repository.Stack(variant),
        };
        using var dir = new TempDirectory("amtool");
        dir.Write(AlertmanagerConfig.SlackWebhookSecret, "https://hooks.slack.example.com/services/T0/B0/x\n");
        dir.Write(AlertmanagerConfig.SmtpPasswordSecret, "password\n");
        var file = dir.Write("alertmanager.yml", AlertmanagerConfig.Render(config.ToSettings(checkSecrets: false), MonitoringRuntime.Swarm with { SecretsDirectory = dir.Path }));

        var result = Tools.Run(amtool, ["check-config", file]);

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public void TheBlackboxExporterAcceptsTheRenderedModules()
    {
        var blackbox = Tools.Require("prometheus-blackbox-exporter", "prometheus-blackbox-exporter");
        using var dir = new TempDirectory("blackbox");
        var file = dir.Write("blackbox.yml", BlackboxConfig.Render());

        var result = Tools.Run(blackbox, ["--config.check", $"--config.file={file}"]);

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public void ThePlanShipsTheSameFilesTheseTestsCheck()
    {
        var plan = Planner.Build(Repository.Stack("prod"));

        Assert.Equal(AlertRules.Render(plan.Settings), plan.Configs.Single(c => c.Key == AlertRules.FileName).Content);
        Assert.Equal(PrometheusConfig.Render(plan.Settings, MonitoringRuntime.Swarm), plan.Configs.Single(c => c.Key == "prometheus.yml").Content);
    }

    // (alert, fires) for every alert_rule_test of the unit test file.
    private static HashSet<(string, bool)> UnitTestCases()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(TestFile)));
        var cases = new HashSet<(string, bool)>();
        foreach (YamlMappingNode test in (YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode)["tests"])
        {
            foreach (YamlMappingNode check in (YamlSequenceNode)test["alert_rule_test"])
            {
                cases.Add((((YamlScalarNode)check["alertname"]).Value!, ((YamlSequenceNode)check["exp_alerts"]).Children.Count > 0));
            }
        }

        return cases;
    }
}
