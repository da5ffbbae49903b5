using System.Globalization;
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
        var y = new Yaml.Writer();
        y.Line(0, "# Rendered by Infra from infra:monitoring.* settings. Do not edit on the server.");
        y.Line(0, "global:");
        y.Line(1, "resolve_timeout: 5m");
        if (m.EmailsAlerts)
        {
            y.Line(1, $"smtp_smarthost: {Yaml.Quote(m.Smtp!.Smarthost)}");
            y.Line(1, $"smtp_from: {Yaml.Quote(m.Smtp.From)}");
            y.Line(1, "smtp_require_tls: true");
            if (m.Smtp.Username.Length > 0)
            {
                y.Line(1, $"smtp_auth_username: {Yaml.Quote(m.Smtp.Username)}");
                y.Line(1, $"smtp_auth_password_file: {Yaml.Quote($"{runtime.SecretsDirectory}/{SmtpPasswordSecret}")}");
            }
        }

        if (m.PostsToSlack)
        {
            y.Line(1, $"slack_api_url_file: {Yaml.Quote($"{runtime.SecretsDirectory}/{SlackWebhookSecret}")}");
        }

        var criticalRepeat = Math.Max(1, m.RepeatIntervalHours / 4);
        y.Line(0, "route:");
        y.Line(1, "receiver: 'warning'");
        y.Line(1, "group_by: ['alertname', 'stack', 'job', 'host']");
        y.Line(1, $"group_wait: {m.GroupWaitSeconds.ToString(CultureInfo.InvariantCulture)}s");
        y.Line(1, "group_interval: 5m");
        y.Line(1, $"repeat_interval: {m.RepeatIntervalHours.ToString(CultureInfo.InvariantCulture)}h");
        y.Line(1, "routes:");
        y.Line(2, "- receiver: 'heartbeat'");
        y.Line(3, "matchers: ['alertname=\"Watchdog\"']");
        y.Line(3, "group_wait: 0s");
        y.Line(3, "group_interval: 1m");
        y.Line(3, "repeat_interval: 1m");
        y.Line(2, "- receiver: 'blackhole'");
        y.Line(3, "matchers: ['severity=\"info\"']");
        y.Line(2, "- receiver: 'critical'");
        y.Line(3, "matchers: ['severity=\"critical\"']");
        y.Line(3, $"repeat_interval: {criticalRepeat.ToString(CultureInfo.InvariantCulture)}h");

        y.Line(0, "inhibit_rules:");
        // A host that is down explains every other alert about it.
        y.Line(1, "- source_matchers: ['alertname=\"HostDown\"']");
        y.Line(2, "target_matchers: ['alertname!=\"HostDown\"']");
        y.Line(2, "equal: ['host']");
        // A dead database explains its exporter's and the app's complaints about it.
        y.Line(1, "- source_matchers: ['alertname=~\"PostgresDown|RedisDown\"']");
        y.Line(2, "target_matchers: ['alertname=~\"PostgresTooManyConnections|PostgresDeadlocks|RedisMemoryHigh|RedisRejectedConnections|AppReplicaNotReady\"']");
        y.Line(2, "equal: ['stack']");
        // The same problem at critical silences its warning.
        y.Line(1, "- source_matchers: ['severity=\"critical\"']");
        y.Line(2, "target_matchers: ['severity=\"warning\"']");
        y.Line(2, "equal: ['alertname', 'instance']");

        y.Line(0, "receivers:");
        Receiver(y, "critical", m, ":rotating_light:");
        Receiver(y, "warning", m, ":warning:");
        y.Line(1, "- name: 'heartbeat'");
        if (m.HeartbeatUrl.Length > 0)
        {
            y.Line(2, "webhook_configs:");
            y.Line(3, $"- url: {Yaml.Quote(m.HeartbeatUrl)}");
            y.Line(4, "send_resolved: false");
        }

        y.Line(1, "- name: 'blackhole'");
        return y.ToString();
    }

    private static void Receiver(Yaml.Writer y, string name, MonitoringSettings m, string emoji)
    {
        y.Line(1, $"- name: {Yaml.Quote(name)}");
        if (m.EmailsAlerts)
        {
            y.Line(2, "email_configs:");
            y.Line(3, $"- to: {Yaml.Quote(m.AlertEmail)}");
            y.Line(4, "send_resolved: true");
            y.Line(4, "headers:");
            y.Line(5, "Subject: '[{{ .Status | toUpper }}] {{ .CommonLabels.stack }}: {{ .CommonLabels.alertname }} ({{ .Alerts | len }})'");
        }

        if (m.PostsToSlack)
        {
            y.Line(2, "slack_configs:");
            y.Line(3, $"- channel: {Yaml.Quote(m.SlackChannel)}");
            y.Line(4, "send_resolved: true");
            y.Line(4, $"title: '{emoji} [{{{{ .Status | toUpper }}}}] {{{{ .CommonLabels.stack }}}}: {{{{ .CommonLabels.alertname }}}}'");
            y.Line(4, "text: '{{ range .Alerts }}{{ .Annotations.summary }} <{{ .Annotations.runbook_url }}|runbook>{{ \"\\n\" }}{{ end }}'");
        }
    }
}
