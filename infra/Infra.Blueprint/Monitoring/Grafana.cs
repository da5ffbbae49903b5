using Infra.Blueprint.Platform;
using Infra.Contract;

namespace Infra.Blueprint.Monitoring;

/// <summary>Grafana on the monitoring host, served by the edge on its own hostname, with provisioned datasources and dashboards.</summary>
public static class Grafana
{
    /// <summary>The uid the Grafana image runs as.</summary>
    public const string Uid = "472";

    /// <summary>Grafana's part of the plan; nothing when monitoring is off.</summary>
    public static PlanPart Plan(Layout layout)
    {
        if (layout.MonitoringHost is not { } host)
        {
            return PlanPart.None;
        }

        var m = layout.Settings.Monitoring;
        var datasources = new ConfigFileSpec("grafana-datasources.yaml", GrafanaProvisioning.Datasources(MonitoringRuntime.Swarm));
        var provider = new ConfigFileSpec("grafana-dashboards.yaml", GrafanaProvisioning.DashboardProvider());
        var dashboards = Dashboards.All.Select(d => (d.FileName, Config: new ConfigFileSpec($"dashboard-{d.FileName}", d.Json))).ToList();
        return new PlanPart
        {
            Networks = [new NetworkSpec(Layout.EdgeGrafanaNetwork, Internal: true, Encrypted: layout.EncryptedOverlays)],
            Secrets = [new SecretSpec(Layout.GrafanaAdminSecret, SecretKind.Password, Length: 32)],
            Volumes = [new VolumeSpec(Layout.GrafanaVolume, host.Name, Stateful: true, Protected: layout.Settings.Production)],
            Configs = [datasources, provider, .. dashboards.Select(d => d.Config)],
            Services =
            [
                new ServiceSpec
                {
                    Name = Layout.GrafanaService,
                    Image = Images.Grafana.ToString(),
                    Environment = new SortedDictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["GF_SERVER_ROOT_URL"] = $"https://{m.GrafanaHostname}/",
                        ["GF_SERVER_DOMAIN"] = m.GrafanaHostname,
                        ["GF_SECURITY_ADMIN_USER"] = "admin",
                        ["GF_SECURITY_ADMIN_PASSWORD__FILE"] = AppContract.Secrets.PathOf(Layout.GrafanaAdminSecret),
                        ["GF_SECURITY_COOKIE_SECURE"] = "true",
                        ["GF_SECURITY_DISABLE_GRAVATAR"] = "true",
                        ["GF_AUTH_ANONYMOUS_ENABLED"] = "false",
                        ["GF_USERS_ALLOW_SIGN_UP"] = "false",
                        ["GF_ANALYTICS_REPORTING_ENABLED"] = "false",
                        ["GF_ANALYTICS_CHECK_FOR_UPDATES"] = "false",
                        ["GF_LOG_MODE"] = "console",
                    },
                    // Not the edge network: there it would reach every replica's port (and /metrics) directly, though the
                    // app trusts X-Forwarded-For from any peer on it. The edge reaches Grafana on a network of their own.
                    Networks = [Layout.MonitoringNetwork, Layout.EdgeGrafanaNetwork],
                    Secrets = [new SecretMount(Layout.GrafanaAdminSecret, Layout.GrafanaAdminSecret, Uid: Uid)],
                    Configs =
                    [
                        new ConfigMount(datasources.Key, "/etc/grafana/provisioning/datasources/datasources.yaml"),
                        new ConfigMount(provider.Key, "/etc/grafana/provisioning/dashboards/dashboards.yaml"),
                        .. dashboards.Select(d => new ConfigMount(d.Config.Key, $"{GrafanaProvisioning.DashboardsDirectory}/{d.FileName}")),
                    ],
                    Volumes = [new VolumeMount(Layout.GrafanaVolume, "/var/lib/grafana")],
                    Healthcheck = MonitoringDefaults.Wget(Layout.GrafanaPort, "/api/health"),
                    Update = MonitoringDefaults.Stateful,
                    Resources = new Resources(1, 512, 128),
                    Placement = MonitoringDefaults.OnMonitoringHost,
                    StopGraceSeconds = 30,
                    Stateful = true,
                    After = [Layout.PrometheusService, Layout.LokiService],
                },
            ],
        };
    }
}
