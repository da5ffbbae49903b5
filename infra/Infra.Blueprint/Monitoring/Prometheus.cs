using System.Globalization;
using Infra.Blueprint.Platform;

namespace Infra.Blueprint.Monitoring;

/// <summary>Prometheus on the monitoring host: scrapes every service, evaluates the alert rules, keeps a bounded history.</summary>
public static class Prometheus
{
    /// <summary>Where the rendered <c>prometheus.yml</c> is mounted.</summary>
    public const string ConfigPath = "/etc/prometheus/prometheus.yml";

    /// <summary>Prometheus's part of the plan; nothing when monitoring is off.</summary>
    public static PlanPart Plan(Layout layout)
    {
        if (layout.MonitoringHost is not { } host)
        {
            return PlanPart.None;
        }

        var m = layout.Settings.Monitoring;
        var config = new ConfigFileSpec("prometheus.yml", PrometheusConfig.Render(layout.Settings, MonitoringRuntime.Swarm));
        var rules = new ConfigFileSpec(AlertRules.FileName, AlertRules.Render(layout.Settings));
        var memory = Math.Clamp(host.MemoryMb / 4, 512, 4096);
        return new PlanPart
        {
            Volumes = [new VolumeSpec(Layout.PrometheusVolume, host.Name, Stateful: true, Protected: layout.Settings.Production)],
            Configs = [config, rules],
            Services =
            [
                new ServiceSpec
                {
                    Name = Layout.PrometheusService,
                    Image = Images.Prometheus.ToString(),
                    Command =
                    [
                        $"--config.file={ConfigPath}",
                        "--storage.tsdb.path=/prometheus",
                        $"--storage.tsdb.retention.time={m.RetentionDays.ToString(CultureInfo.InvariantCulture)}d",
                        // Never fill the volume: drop the oldest blocks before the disk does it for us.
                        $"--storage.tsdb.retention.size={Math.Max(1, m.RetentionDays / 3).ToString(CultureInfo.InvariantCulture)}GB",
                    ],
                    Networks = [Layout.MonitoringNetwork, Layout.BackendNetwork],
                    Configs = [new ConfigMount(config.Key, ConfigPath), new ConfigMount(rules.Key, $"{MonitoringRuntime.RulesDirectory}/{AlertRules.FileName}")],
                    Volumes = [new VolumeMount(Layout.PrometheusVolume, "/prometheus")],
                    Healthcheck = MonitoringDefaults.Wget(Layout.PrometheusPort, "/-/ready"),
                    Update = MonitoringDefaults.Stateful,
                    Resources = new Resources(1, memory, memory / 2),
                    Placement = MonitoringDefaults.OnMonitoringHost,
                    StopGraceSeconds = 60,
                    Stateful = true,
                },
            ],
        };
    }
}
