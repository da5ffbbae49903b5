using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Infra.Blueprint.Settings;

// Monitoring's settings: retention, alert channels, routing.
public sealed partial class SettingsReader
{
    private MonitoringSettings ReadMonitoring()
    {
        var enabled = Bool(ConfigKeys.MonitoringEnabled);
        var alertEmail = Email(ConfigKeys.MonitoringAlertEmail);
        var smarthost = Text(ConfigKeys.MonitoringSmtpSmarthost, required: alertEmail.Length > 0);
        if (smarthost.Length > 0 && !SmarthostPattern().IsMatch(smarthost))
        {
            Error(ConfigKeys.MonitoringSmtpSmarthost.FullName, $"'{smarthost}' is not host:port; use the relay's name and submission port, e.g. smtp.example.com:587");
        }

        var smtpFrom = Text(ConfigKeys.MonitoringSmtpFrom, required: alertEmail.Length > 0);
        if (smtpFrom.Length > 0 && !EmailPattern().IsMatch(smtpFrom))
        {
            Error(ConfigKeys.MonitoringSmtpFrom.FullName, $"'{smtpFrom}' is not an email address; use the sender, e.g. alerts@example.com");
        }

        var smtpUser = Text(ConfigKeys.MonitoringSmtpUsername, required: false);
        var slackChannel = Text(ConfigKeys.MonitoringSlackChannel, required: false);
        if (slackChannel.Length > 0 && !SlackChannelPattern().IsMatch(slackChannel))
        {
            Error(ConfigKeys.MonitoringSlackChannel.FullName, $"'{slackChannel}' is not a Slack channel; use '#' and lower-case letters, digits, '-' or '_', e.g. #alerts");
        }

        var heartbeat = Text(ConfigKeys.MonitoringHeartbeatUrl, required: false);
        if (heartbeat.Length > 0 && !(Uri.TryCreate(heartbeat, UriKind.Absolute, out var heartbeatUri) && heartbeatUri.Scheme == "https"))
        {
            Error(ConfigKeys.MonitoringHeartbeatUrl.FullName, $"'{heartbeat}' is not an https URL; use the ping URL your dead man's switch service gives you, or leave it empty");
        }

        var severityText = Text(ConfigKeys.MonitoringMaxSeverity);
        var severity = AlertSeverity.Critical;
        if (severityText.Length > 0 && !(Enum.TryParse(severityText, ignoreCase: true, out severity) && severityText == severityText.ToLowerInvariant() && severity != AlertSeverity.Info))
        {
            Error(ConfigKeys.MonitoringMaxSeverity.FullName, $"expected critical or warning (got '{severityText}')");
            severity = AlertSeverity.Critical;
        }

        var runbookUrl = Text(ConfigKeys.MonitoringRunbookUrl);
        // A URL or, by default, the path in this repository; the alert's anchor is appended after '#'.
        if (runbookUrl.Contains('#', StringComparison.Ordinal) || runbookUrl.Any(char.IsWhiteSpace)
            || (runbookUrl.Contains(':', StringComparison.Ordinal) && !(Uri.TryCreate(runbookUrl, UriKind.Absolute, out var runbookUri) && runbookUri.Scheme == "https")))
        {
            Error(ConfigKeys.MonitoringRunbookUrl.FullName, $"'{runbookUrl}' is not an https URL (or a path) of docs/monitoring.md without '#'; use where your copy is published, e.g. https://github.com/acme/infra/blob/main/docs/monitoring.md");
        }

        return new MonitoringSettings(
            enabled,
            enabled ? HostName(ConfigKeys.MonitoringGrafanaHostname) : Text(ConfigKeys.MonitoringGrafanaHostname, required: false),
            Int(ConfigKeys.MonitoringRetentionDays, 1, 3650),
            alertEmail,
            Int(ConfigKeys.MonitoringLogRetentionDays, 1, 3650),
            smarthost.Length > 0 ? new SmtpSettings(smarthost, smtpFrom, smtpUser) : null,
            slackChannel,
            heartbeat,
            severity,
            Int(ConfigKeys.MonitoringGroupWaitSeconds, 0, 600),
            Int(ConfigKeys.MonitoringRepeatIntervalHours, 1, 168),
            runbookUrl);
    }
}
