using System.Globalization;
using System.Text.Json;
using Infra.Blueprint.Backups;
using Infra.Blueprint.Data;
using Infra.Blueprint.Edge;
using Infra.Blueprint.Platform;
using Infra.Contract;

namespace Infra.Blueprint.Monitoring;

/// <summary>
/// The exporters Prometheus scrapes: the blackbox prober, the Postgres and Redis exporters beside the data tier, the
/// nginx exporter beside each nginx, and node-exporter and cAdvisor on every node.
/// </summary>
public static class Exporters
{
    /// <summary>The uid the exporter images run as (nobody), where the image has no user of its own.</summary>
    public const string NobodyUid = "65534";

    /// <summary>The uid the Redis exporter image runs as.</summary>
    public const string RedisExporterUid = "59000";

    /// <summary>The exporters' part of the plan; nothing when monitoring is off.</summary>
    public static PlanPart Plan(Layout layout)
    {
        if (layout.MonitoringHost is null)
        {
            return PlanPart.None;
        }

        var settings = layout.Settings;
        var redisAddress = $"redis://{Layout.RedisService}:{RedisConfig.DefaultPort.ToString(CultureInfo.InvariantCulture)}";
        var blackbox = new ConfigFileSpec("blackbox.yml", BlackboxConfig.Render());
        var onDb = new[] { Layout.Constraint("db") };
        return new PlanPart
        {
            Secrets =
            [
                new SecretSpec(Layout.RedisExporterSecret, SecretKind.Derived, From: AppContract.Secrets.RedisPassword,
                    Template: JsonSerializer.Serialize(new Dictionary<string, string> { [redisAddress] = SecretSpec.ValuePlaceholder }) + "\n"),
            ],
            Volumes = [new VolumeSpec(Layout.EdgeStatusVolume, "", Stateful: false, Protected: false, PerNode: true)],
            Configs = [blackbox],
            Services =
            [
                new ServiceSpec
                {
                    Name = Layout.BlackboxService,
                    Image = Images.BlackboxExporter.ToString(),
                    Command = ["--config.file=/etc/blackbox/blackbox.yml"],
                    // The origin certificate is read from nginx itself, not through Cloudflare: over the network where the edge
                    // meets the monitoring host, not the edge network, where it would reach the replicas as the edge does.
                    Networks = [Layout.MonitoringNetwork, Layout.BackendNetwork, Layout.EdgeGrafanaNetwork],
                    Configs = [new ConfigMount(blackbox.Key, "/etc/blackbox/blackbox.yml")],
                    Healthcheck = MonitoringDefaults.Wget(Layout.BlackboxPort, "/-/healthy"),
                    Update = MonitoringDefaults.Stateless,
                    Resources = new Resources(0.25m, 64, 32),
                    Placement = MonitoringDefaults.OnMonitoringHost,
                    StopGraceSeconds = 10,
                },
                new ServiceSpec
                {
                    Name = Layout.PostgresExporterService,
                    Image = Images.PostgresExporter.ToString(),
                    Environment = new SortedDictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["DATA_SOURCE_URI"] = $"{Layout.PostgresService}:{PostgresRuntime.DefaultPort.ToString(CultureInfo.InvariantCulture)}/{settings.Postgres.Database}?sslmode=disable",
                        ["DATA_SOURCE_USER"] = PostgresRoles.Monitor,
                        ["DATA_SOURCE_PASS_FILE"] = AppContract.Secrets.PathOf(PostgresRoles.MonitorSecret),
                    },
                    Networks = [Layout.BackendNetwork, Layout.MonitoringNetwork],
                    Secrets = [new SecretMount(PostgresRoles.MonitorSecret, PostgresRoles.MonitorSecret, Uid: NobodyUid)],
                    Healthcheck = MonitoringDefaults.Wget(Layout.PostgresExporterPort, "/"),
                    Update = MonitoringDefaults.Stateless,
                    Resources = new Resources(0.25m, 64, 32),
                    Placement = onDb,
                    StopGraceSeconds = 10,
                    After = [Layout.PostgresService],
                },
                new ServiceSpec
                {
                    Name = Layout.RedisExporterService,
                    Image = Images.RedisExporter.ToString(),
                    Command = [$"--redis.addr={redisAddress}", $"--redis.password-file={AppContract.Secrets.PathOf(Layout.RedisExporterSecret)}"],
                    Networks = [Layout.BackendNetwork, Layout.MonitoringNetwork],
                    Secrets = [new SecretMount(Layout.RedisExporterSecret, Layout.RedisExporterSecret, Uid: RedisExporterUid)],
                    // A scratch image: no shell, no wget. Prometheus' TargetDown is its real liveness check.
                    Healthcheck = new Healthcheck(["CMD", "/redis_exporter", "--version"], 30, 5, 3, 10),
                    Update = MonitoringDefaults.Stateless,
                    Resources = new Resources(0.25m, 64, 32),
                    Placement = onDb,
                    StopGraceSeconds = 10,
                    After = [Layout.RedisService],
                },
                new ServiceSpec
                {
                    Name = Layout.NginxExporterService,
                    Image = Images.NginxExporter.ToString(),
                    Command = [$"--nginx.scrape-uri=unix:{EdgeRuntime.StatusSocketDirectory}/status.sock:/stub_status"],
                    Networks = [Layout.MonitoringNetwork],
                    Volumes = [new VolumeMount(Layout.EdgeStatusVolume, EdgeRuntime.StatusSocketDirectory)],
                    // A scratch image: no shell, no wget. Prometheus' TargetDown and NginxDown are its real checks.
                    Healthcheck = new Healthcheck(["CMD", "/usr/bin/nginx-prometheus-exporter", "--version"], 30, 5, 3, 10),
                    Update = MonitoringDefaults.Agent,
                    Resources = new Resources(0.25m, 64, 32),
                    Placement = [Layout.Constraint("edge")],
                    Global = true,
                    Replicas = 0,
                    StopGraceSeconds = 10,
                    // It exits at start when the edge's status socket is not there yet, and Swarm gives up on it after its
                    // restart attempts (found when the Swarm tier deployed independent steps side by side, as Pulumi does).
                    After = [.. layout.EdgeServices.Values],
                },
                new ServiceSpec
                {
                    Name = Layout.NodeExporterService,
                    Image = Images.NodeExporter.ToString(),
                    Command =
                    [
                        "--path.rootfs=/host",
                        // The backup job writes its metrics into the backup-metrics volume on the db host, the scheduled
                        // tasks' runners into the one on the leader, the TLS probe into the db host's; every node's exporter mounts
                        // the volume of that name.
                        $"--collector.textfile.directory={BackupMetrics.TextfileDirectory}",
                        "--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|run|var/lib/docker/.+)($|/)",
                    ],
                    Networks = [Layout.MonitoringNetwork],
                    Volumes = settings.Backups.Enabled || settings.App.Schedules.Count > 0 || TlsProbe.Runs(layout) ? [new VolumeMount(BackupMetrics.TextfileVolume, BackupMetrics.TextfileDirectory, ReadOnly: true)] : [],
                    Healthcheck = MonitoringDefaults.Wget(Layout.NodeExporterPort, "/"),
                    Update = MonitoringDefaults.Agent,
                    Resources = new Resources(0.25m, 128, 32),
                    Global = true,
                    Replicas = 0,
                    StopGraceSeconds = 10,
                    HostMounts = [new HostMount("/", "/host")],
                    Hostname = Layout.NodeHostname,
                },
                new ServiceSpec
                {
                    Name = Layout.CadvisorService,
                    Image = Images.Cadvisor.ToString(),
                    Command =
                    [
                        "--docker_only=true",
                        "--housekeeping_interval=30s",
                        "--store_container_labels=false",
                        "--whitelisted_container_labels=com.docker.swarm.service.name,com.docker.swarm.task.name,com.docker.swarm.node.id",
                        "--disable_metrics=advtcp,cpu_topology,cpuset,hugetlb,memory_numa,percpu,perf_event,process,referenced_memory,resctrl,sched,tcp,udp",
                    ],
                    Networks = [Layout.MonitoringNetwork],
                    Healthcheck = MonitoringDefaults.Wget(Layout.CadvisorPort, "/healthz"),
                    Update = MonitoringDefaults.Agent,
                    Resources = new Resources(0.5m, 256, 64),
                    Global = true,
                    Replicas = 0,
                    StopGraceSeconds = 10,
                    HostMounts =
                    [
                        new HostMount("/", "/rootfs"),
                        new HostMount("/var/run", "/var/run"),
                        new HostMount("/sys", "/sys"),
                        new HostMount("/var/lib/docker", "/var/lib/docker"),
                        new HostMount("/dev/disk", "/dev/disk"),
                    ],
                },
            ],
        };
    }
}
