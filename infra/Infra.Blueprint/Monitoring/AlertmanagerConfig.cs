using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Monitoring;

/// <summary>
/// Renders Alertmanager's <c>alertmanager.yml</c> from the stack's routing settings: critical and warning alerts to
/// email and/or Slack (the webhook and SMTP password read from secret files), the Watchdog to the heartbeat URL,
/// info nowhere; a host that is down silences the alerts about what runs on it.
/// </summary>
public static class AlertmanagerConfig
{
    /// <summary>Secret file holding the Slack webhook URL.</summary>
    public const string SlackWebhookSecret = "alertmanager_slack_webhook";

    /// <summary>Secret file holding the SMTP password.</summary>
    public const string SmtpPasswordSecret = "alertmanager_smtp_password";

    /// <summary>Renders the file.</summary>
    public static string Render(StackSettings settings, MonitoringRuntime runtime)
    {
        var m = settings.Monitoring;
        var smtpLogin = m.EmailsAlerts && m.Smtp!.Username.Length > 0;
        var global = new Global(
            ResolveTimeout: "5m",
            SmtpSmarthost: m.EmailsAlerts ? m.Smtp!.Smarthost : null,
            SmtpFrom: m.EmailsAlerts ? m.Smtp!.From : null,
            SmtpRequireTls: m.EmailsAlerts ? true : null,
            SmtpAuthUsername: smtpLogin ? m.Smtp!.Username : null,
            SmtpAuthPasswordFile: smtpLogin ? $"{runtime.SecretsDirectory}/{SmtpPasswordSecret}" : null,
            SlackApiUrlFile: m.PostsToSlack ? $"{runtime.SecretsDirectory}/{SlackWebhookSecret}" : null);

        var route = new Route(
            "warning",
            GroupBy: ["alertname", "stack", "job", "host"],
            GroupWait: Yaml.Duration(TimeSpan.FromSeconds(m.GroupWaitSeconds)),
            GroupInterval: "5m",
            RepeatInterval: Yaml.Duration(TimeSpan.FromHours(m.RepeatIntervalHours)),
            Routes:
            [
                new Route("heartbeat", Matchers: [Is(AlertNames.Watchdog)], GroupWait: "0s", GroupInterval: "1m", RepeatInterval: "1m"),
                new Route("blackhole", Matchers: ["severity=\"info\""]),
                new Route("critical", Matchers: ["severity=\"critical\""], RepeatInterval: Yaml.Duration(TimeSpan.FromHours(Math.Max(1, m.RepeatIntervalHours / 4)))),
            ]);

        Inhibit[] inhibitRules =
        [
            // A host that is down explains every other alert about it.
            new([Is(AlertNames.HostDown)], [$"alertname!=\"{AlertNames.HostDown}\""], ["host"]),
            // A dead database explains its exporter's and the app's complaints about it.
            new([OneOf(AlertNames.PostgresDown, AlertNames.RedisDown)],
                [OneOf(AlertNames.PostgresTooManyConnections, AlertNames.PostgresDeadlocks, AlertNames.RedisMemoryHigh, AlertNames.RedisRejectedConnections, AlertNames.AppReplicaNotReady)], ["stack"]),
            // The same problem at critical silences its warning.
            new(["severity=\"critical\""], ["severity=\"warning\""], ["alertname", "instance"]),
            // A drill that fails explains why no drill has passed lately.
            .. settings.Backups.Enabled ? new Inhibit[] { new([Is(AlertNames.RestoreDrillFailed)], [Is(AlertNames.RestoreDrillTooOld)], ["stack"]) } : [],
        ];

        Receiver[] receivers =
        [
            Notifying("critical", m, ":rotating_light:"),
            Notifying("warning", m, ":warning:"),
            new("heartbeat", WebhookConfigs: m.HeartbeatUrl.Length > 0 ? [new WebhookConfig(m.HeartbeatUrl, SendResolved: false)] : null),
            new("blackhole"),
        ];

        return Yaml.Document("Rendered by Infra from infra:monitoring.* settings. Do not edit on the server.",
            new AlertmanagerFile(global, route, inhibitRules, receivers));
    }

    // Matchers name alerts only through AlertNames, the names AlertRules declares.
    private static string Is(string alert) => $"alertname=\"{alert}\"";

    private static string OneOf(params string[] alerts) => $"alertname=~\"{string.Join('|', alerts)}\"";

    private static Receiver Notifying(string name, MonitoringSettings m, string emoji) => new(
        name,
        EmailConfigs: m.EmailsAlerts
            ?
            [
                new EmailConfig(m.AlertEmail, SendResolved: true, new SortedDictionary<string, string>(StringComparer.Ordinal)
                {
                    ["Subject"] = "[{{ .Status | toUpper }}] {{ .CommonLabels.stack }}: {{ .CommonLabels.alertname }} ({{ .Alerts | len }})",
                }),
            ]
            : null,
        SlackConfigs: m.PostsToSlack
            ?
            [
                new SlackConfig(m.SlackChannel, SendResolved: true,
                    Title: $"{emoji} [{{{{ .Status | toUpper }}}}] {{{{ .CommonLabels.stack }}}}: {{{{ .CommonLabels.alertname }}}}",
                    Text: "{{ range .Alerts }}{{ .Annotations.summary }} (runbook: {{ .Annotations.runbook_url }}){{ \"\\n\" }}{{ end }}"),
            ]
            : null);

    private sealed record AlertmanagerFile(Global Global, Route Route, IReadOnlyList<Inhibit> InhibitRules, IReadOnlyList<Receiver> Receivers);

    private sealed record Global(
        string ResolveTimeout,
        string? SmtpSmarthost,
        string? SmtpFrom,
        bool? SmtpRequireTls,
        string? SmtpAuthUsername,
        string? SmtpAuthPasswordFile,
        string? SlackApiUrlFile);

    private sealed record Route(
        string Receiver,
        IReadOnlyList<string>? Matchers = null,
        IReadOnlyList<string>? GroupBy = null,
        string? GroupWait = null,
        string? GroupInterval = null,
        string? RepeatInterval = null,
        IReadOnlyList<Route>? Routes = null);

    private sealed record Inhibit(IReadOnlyList<string> SourceMatchers, IReadOnlyList<string> TargetMatchers, IReadOnlyList<string> Equal);

    private sealed record Receiver(
        string Name,
        IReadOnlyList<EmailConfig>? EmailConfigs = null,
        IReadOnlyList<SlackConfig>? SlackConfigs = null,
        IReadOnlyList<WebhookConfig>? WebhookConfigs = null);

    private sealed record EmailConfig(string To, bool SendResolved, IReadOnlyDictionary<string, string> Headers);

    private sealed record SlackConfig(string Channel, bool SendResolved, string Title, string Text);

    private sealed record WebhookConfig(string Url, bool SendResolved);
}
