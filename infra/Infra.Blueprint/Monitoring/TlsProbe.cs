using Infra.Blueprint.Backups;
using Infra.Blueprint.Platform;

namespace Infra.Blueprint.Monitoring;

/// <summary>
/// The TLS probe: reads the internal-CA certificate PgBouncer serves to the app across hosts, which the blackbox
/// exporter cannot (Postgres negotiates TLS inside its own protocol), and turns its expiry into metrics through
/// node-exporter's textfile collector on the db host. It runs the rendered <see cref="TlsProbeScript"/> in the pinned
/// Alloy image: already on every node, and the only image of the plan with the openssl CLI (Ubuntu's ca-certificates
/// depends on it), so the probe adds no image to pin or pull (docs/monitoring.md, "Internal certificates").
/// </summary>
public static class TlsProbe
{
    /// <summary>Service name of the probe.</summary>
    public const string Service = "tls-probe";

    /// <summary>Where the rendered script is mounted.</summary>
    public const string ScriptPath = "/etc/infra/tls-probe.sh";

    /// <summary>Whether the stack runs the probe: with monitoring, where PgBouncer serves TLS (the app crosses hosts).</summary>
    public static bool Runs(Layout layout) => layout.MonitoringHost is not null && layout.AppCrossesHosts;

    /// <summary>The probe's part of the plan; nothing where there is no internal certificate to read.</summary>
    public static PlanPart Plan(Layout layout)
    {
        if (!Runs(layout))
        {
            return PlanPart.None;
        }

        var runtime = TlsProbeRuntime.Swarm;
        var script = new ConfigFileSpec("tls-probe.sh", TlsProbeScript.Render(runtime));
        var settings = layout.Settings;
        var fresh = (int)Math.Ceiling(2 * runtime.IntervalSeconds / 60.0);
        return new PlanPart
        {
            // The backups (on the db host) or the scheduled tasks (on every node) declare the textfile volume when they run.
            Volumes = settings.Backups.Enabled || settings.App.Schedules.Count > 0
                ? []
                : [new VolumeSpec(BackupMetrics.TextfileVolume, layout.DbHost.Name, Stateful: false, Protected: false)],
            Configs = [script],
            Services =
            [
                new ServiceSpec
                {
                    Name = Service,
                    Image = Images.Alloy.ToString(),
                    Entrypoint = ["/bin/sh"],
                    Command = [ScriptPath],
                    Networks = [Layout.BackendNetwork],
                    Configs =
                    [
                        new ConfigMount(script.Key, ScriptPath),
                        new ConfigMount(CertificateSpec.InternalCaConfigKey, runtime.CaFile),
                    ],
                    Volumes = [new VolumeMount(BackupMetrics.TextfileVolume, runtime.MetricsDirectory)],
                    // Healthy while it keeps writing: the file is younger than two intervals.
                    Healthcheck = new Healthcheck(["CMD-SHELL", $"find {runtime.MetricsDirectory}/{TlsProbeMetrics.File} -mmin -{fresh} | grep -q ."], 30, 5, 3, 30),
                    Update = MonitoringDefaults.Stateless,
                    Resources = new Resources(0.25m, 32, 16),
                    Placement = [Layout.Constraint("db")],
                    StopGraceSeconds = 10,
                    After = [Layout.PgBouncerService],
                },
            ],
        };
    }
}
