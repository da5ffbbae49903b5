namespace Infra.Blueprint.Settings;

/// <summary>Monitoring: Prometheus, Alertmanager, Grafana, Loki.</summary>
/// <param name="Enabled">Whether the monitoring services are deployed.</param>
/// <param name="GrafanaHostname">Public host name Grafana is served on, through the edge.</param>
/// <param name="RetentionDays">Days Prometheus keeps samples.</param>
/// <param name="AlertEmail">Address alerts are mailed to; empty for none.</param>
/// <param name="LogRetentionDays">Days Loki keeps container logs.</param>
/// <param name="Smtp">The mail relay Alertmanager sends through; required when <paramref name="AlertEmail"/> is set.</param>
/// <param name="SlackChannel">Slack channel alerts are posted to (the webhook is the secret <c>infra:monitoring.slackWebhook</c>); empty for none.</param>
/// <param name="HeartbeatUrl">URL the always-firing Watchdog alert is posted to (a dead man's switch service); empty for none.</param>
/// <param name="MaxSeverity">The highest severity this stack's alerts carry; <c>warning</c> downgrades critical alerts (staging pages nobody).</param>
/// <param name="GroupWaitSeconds">How long Alertmanager waits to batch the first alerts of a group.</param>
/// <param name="RepeatIntervalHours">How often an unresolved warning is sent again (critical: a quarter of it, at least one hour).</param>
/// <param name="RunbookUrl">Where the runbooks (<c>docs/monitoring.md</c>) are published; each alert's <c>runbook_url</c> is this plus <c>#</c> and its anchor.</param>
public sealed record MonitoringSettings(
    bool Enabled,
    string GrafanaHostname,
    int RetentionDays,
    string AlertEmail,
    int LogRetentionDays = 14,
    SmtpSettings? Smtp = null,
    string SlackChannel = "",
    string HeartbeatUrl = "",
    AlertSeverity MaxSeverity = AlertSeverity.Critical,
    int GroupWaitSeconds = 30,
    int RepeatIntervalHours = 12,
    string RunbookUrl = "docs/monitoring.md")
{
    /// <summary>Whether alerts are mailed.</summary>
    public bool EmailsAlerts => AlertEmail.Length > 0 && Smtp is not null;

    /// <summary>Whether alerts are posted to Slack.</summary>
    public bool PostsToSlack => SlackChannel.Length > 0;
}

/// <summary>The SMTP relay Alertmanager mails through.</summary>
/// <param name="Smarthost">The relay's <c>host:port</c> (STARTTLS is required).</param>
/// <param name="From">The sender address.</param>
/// <param name="Username">Login name; empty for a relay that accepts the monitoring host without login. With a name, the secret <c>infra:monitoring.smtpPassword</c> is the password.</param>
public sealed record SmtpSettings(string Smarthost, string From, string Username);

/// <summary>How urgent an alert is; routes and the stack's <see cref="MonitoringSettings.MaxSeverity"/> use it.</summary>
public enum AlertSeverity
{
    /// <summary>For the dashboards and the record; nobody is notified.</summary>
    Info,

    /// <summary>Needs a look within the working day.</summary>
    Warning,

    /// <summary>Users are affected or soon will be: act now.</summary>
    Critical,
}
