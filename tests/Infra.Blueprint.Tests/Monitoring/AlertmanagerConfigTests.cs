using System.Text.RegularExpressions;
using Infra.Blueprint.Monitoring;
using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Monitoring;

public sealed partial class AlertmanagerConfigTests
{
    [GeneratedRegex("alertname(?:=|!=|=~|!~)\\\\?\"(?<names>[A-Za-z0-9|]+)\\\\?\"")]
    private static partial Regex AlertnameMatcher();

    [Fact]
    public void ProdMailsAndPostsToSlackWithCredentialsOnlyInSecretFiles()
    {
        var plan = Planner.Build(Repository.Stack("prod"));
        var config = plan.Configs.Single(c => c.Key == "alertmanager.yml").Content;

        var root = YamlReadBack.Parse(config);
        var critical = root.Maps("receivers").Single(r => r.Text("name") == "critical");

        Assert.Equal("oncall@example.com", critical.Maps("email_configs").Single().Text("to"));
        Assert.Equal("#ops-alerts", critical.Maps("slack_configs").Single().Text("channel"));
        Assert.Equal($"/run/secrets/{AlertmanagerConfig.SlackWebhookSecret}", root.Map("global").Text("slack_api_url_file"));
        Assert.Equal($"/run/secrets/{AlertmanagerConfig.SmtpPasswordSecret}", root.Map("global").Text("smtp_auth_password_file"));
        Assert.Contains(plan.Secrets, s => s.Name == AlertmanagerConfig.SlackWebhookSecret && s.Kind == SecretKind.StackConfig && s.From == "infra:monitoring.slackWebhook");
        Assert.Contains(plan.Service(Layout.AlertmanagerService).Secrets, m => m.Secret == AlertmanagerConfig.SmtpPasswordSecret);
    }

    [Fact]
    public void StagingWithoutChannelsNotifiesNobodyAndNeedsNoSecrets()
    {
        var plan = Planner.Build(Repository.Stack("staging"));
        var config = plan.Configs.Single(c => c.Key == "alertmanager.yml").Content;

        Assert.DoesNotContain("email_configs", config);
        Assert.DoesNotContain("slack_configs", config);
        Assert.DoesNotContain(plan.Secrets, s => s.Kind == SecretKind.StackConfig && s.From!.StartsWith("infra:monitoring.", StringComparison.Ordinal));
    }

    [Fact]
    public void AHostThatIsDownSilencesTheAlertsAboutWhatRunsOnIt()
    {
        var rules = YamlReadBack.Parse(AlertmanagerConfig.Render(Repository.Stack("prod").ToSettings(false), MonitoringRuntime.Swarm)).Maps("inhibit_rules");

        var hostDown = rules.Single(r => r.Texts("source_matchers").SequenceEqual(["alertname=\"HostDown\""]));

        Assert.Equal(["alertname!=\"HostDown\""], hostDown.Texts("target_matchers"));
        Assert.Equal(["host"], hostDown.Texts("equal"));
    }

    [Fact]
    public void TheWatchdogGoesToTheHeartbeatUrlEveryMinute()
    {
        var root = YamlReadBack.Parse(AlertmanagerConfig.Render(Repository.Stack("prod").With("monitoring.heartbeatUrl", "https://hc-ping.example.com/abc").ToSettings(false), MonitoringRuntime.Swarm));

        var route = root.Map("route").Maps("routes").First();
        var heartbeat = root.Maps("receivers").Single(r => r.Text("name") == "heartbeat").Maps("webhook_configs").Single();

        Assert.Equal(("heartbeat", "alertname=\"Watchdog\"", "1m"), (route.Text("receiver"), route.Texts("matchers").Single(), route.Text("repeat_interval")));
        Assert.Equal(("https://hc-ping.example.com/abc", "false"), (heartbeat.Text("url"), heartbeat.Text("send_resolved")));
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public void EveryAlertNameTheRoutesAndInhibitionsMatchIsAnAlertTheRulesDeclare(string stack)
    {
        var settings = Repository.Stack(stack).ToSettings(false);
        var declared = AlertRules.For(settings).Select(r => r.Name).ToHashSet();
        var config = AlertmanagerConfig.Render(settings, MonitoringRuntime.Swarm);

        var named = AlertnameMatcher().Matches(config).SelectMany(m => m.Groups["names"].Value.Split('|')).Distinct().ToList();
        var unknown = named.Where(n => !declared.Contains(n)).ToList();

        Assert.True(named.Count >= 4, $"alertmanager.yml of {stack} should name alerts in its routes and inhibitions; found {named.Count}");
        Assert.True(unknown.Count == 0, $"alertmanager.yml of {stack} matches alerts no rule declares: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void TheRedisExporterPasswordFileIsJsonOnceFormatted()
    {
        var secret = Planner.Build(Repository.Stack("prod")).Secrets.Single(s => s.Name == Layout.RedisExporterSecret);

        var text = secret.Derive("p4ss");

        using var json = System.Text.Json.JsonDocument.Parse(text);
        Assert.Equal("p4ss", json.RootElement.GetProperty("redis://redis:6379").GetString());
    }
}
