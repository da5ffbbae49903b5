using Infra.Blueprint.Monitoring;
using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Monitoring;

public sealed class AlertmanagerConfigTests
{
    [Fact]
    public void ProdMailsAndPostsToSlackWithCredentialsOnlyInSecretFiles()
    {
        var plan = Planner.Build(Repository.Stack("prod"));
        var config = plan.Configs.Single(c => c.Key == "alertmanager.yml").Content;

        Assert.Contains("- to: 'oncall@example.com'", config);
        Assert.Contains("- channel: '#ops-alerts'", config);
        Assert.Contains($"slack_api_url_file: '/run/secrets/{AlertmanagerConfig.SlackWebhookSecret}'", config);
        Assert.Contains($"smtp_auth_password_file: '/run/secrets/{AlertmanagerConfig.SmtpPasswordSecret}'", config);
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
        var config = AlertmanagerConfig.Render(Repository.Stack("prod").ToSettings(false), MonitoringRuntime.Swarm);

        Assert.Contains("- source_matchers: ['alertname=\"HostDown\"']\n    target_matchers: ['alertname!=\"HostDown\"']\n    equal: ['host']", config);
    }

    [Fact]
    public void TheWatchdogGoesToTheHeartbeatUrlEveryMinute()
    {
        var config = AlertmanagerConfig.Render(Repository.Stack("prod").With("monitoring.heartbeatUrl", "https://hc-ping.example.com/abc").ToSettings(false), MonitoringRuntime.Swarm);

        Assert.Contains("- receiver: 'heartbeat'\n      matchers: ['alertname=\"Watchdog\"']", config);
        Assert.Contains("- url: 'https://hc-ping.example.com/abc'", config);
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
