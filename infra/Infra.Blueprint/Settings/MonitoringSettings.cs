namespace Infra.Blueprint.Settings;

/// <summary>Monitoring: Prometheus, Alertmanager, Grafana.</summary>
/// <param name="Enabled">Whether the monitoring services are deployed.</param>
/// <param name="GrafanaHostname">Public host name Grafana is served on, through the edge.</param>
/// <param name="RetentionDays">Days Prometheus keeps samples.</param>
/// <param name="AlertEmail">Address alerts are mailed to; empty for none.</param>
public sealed record MonitoringSettings(bool Enabled, string GrafanaHostname, int RetentionDays, string AlertEmail);
