using System.Globalization;
using Infra.Blueprint.Edge;
using Infra.Blueprint.Monitoring;
using Infra.Blueprint.Settings;
using Infra.Contract;

namespace Infra.Blueprint.Platform;

// Monitoring: Prometheus, Alertmanager, Grafana and Loki on the monitoring host; node-exporter, cAdvisor and Alloy on
// every node; the nginx exporter beside each nginx; the Postgres and Redis exporters and the blackbox prober.
public static partial class Planner
{
    /// <summary>Service name of Prometheus.</summary>
    public const string PrometheusService = "prometheus";

    /// <summary>Service name of Alertmanager.</summary>
    public const string AlertmanagerService = "alertmanager";

    /// <summary>Service name of Grafana.</summary>
    public const string GrafanaService = "grafana";

    /// <summary>Service name of Loki.</summary>
    public const string LokiService = "loki";

    /// <summary>Service name of Grafana Alloy (global).</summary>
    public const string AlloyService = "alloy";

    /// <summary>Service name of node-exporter (global).</summary>
    public const string NodeExporterService = "node-exporter";

    /// <summary>Service name of cAdvisor (global).</summary>
    public const string CadvisorService = "cadvisor";

    /// <summary>Service name of the nginx exporter (global on edge nodes).</summary>
    public const string NginxExporterService = "nginx-exporter";

    /// <summary>Service name of the Postgres exporter.</summary>
    public const string PostgresExporterService = "postgres-exporter";

    /// <summary>Service name of the Redis exporter.</summary>
    public const string RedisExporterService = "redis-exporter";

    /// <summary>Service name of the blackbox exporter.</summary>
    public const string BlackboxService = "blackbox-exporter";

    /// <summary>Ports the monitoring services listen on inside their containers.</summary>
    public const int PrometheusPort = 9090, AlertmanagerPort = 9093, GrafanaPort = 3000, LokiPort = 3100, AlloyPort = 12345,
        NodeExporterPort = 9100, CadvisorPort = 8080, NginxExporterPort = 9113, PostgresExporterPort = 9187, RedisExporterPort = 9121,
        BlackboxPort = 9115;

    /// <summary>Secret holding Grafana's generated admin password.</summary>
    public const string GrafanaAdminSecret = "grafana_admin_password";

    /// <summary>Secret holding the Redis exporter's password file (JSON: address → password).</summary>
    public const string RedisExporterSecret = "redis_exporter_passwords";

    /// <summary>Per-node volume through which the nginx exporter reaches nginx's status socket.</summary>
    public const string EdgeStatusVolume = "edge-status";

    private const string NodeHostname = "{{.Node.Hostname}}";

    private static void AddMonitoring(StackSettings settings, List<SecretSpec> secrets, List<ConfigFileSpec> configs, List<VolumeSpec> volumes, List<ServiceSpec> services)
    {
        if (!settings.Monitoring.Enabled)
        {
            return;
        }

        var m = settings.Monitoring;
        var host = settings.HostsWith(HostRole.Monitoring).Single();
        var runtime = MonitoringRuntime.Swarm;
        var stateful = new UpdatePolicy(UpdateOrder.StopFirst, Parallelism: 1, DelaySeconds: 0, MonitorSeconds: 30, RollbackOnFailure: true, ConvergeTimeoutSeconds: 300);
        var stateless = new UpdatePolicy(UpdateOrder.StartFirst, Parallelism: 1, DelaySeconds: 5, MonitorSeconds: 15, RollbackOnFailure: true, ConvergeTimeoutSeconds: 300);
        // A global agent has one task per node: the old one stops before the new one starts.
        var agent = new UpdatePolicy(UpdateOrder.StopFirst, Parallelism: 1, DelaySeconds: 5, MonitorSeconds: 15, RollbackOnFailure: true, ConvergeTimeoutSeconds: 300);
        var env = () => new SortedDictionary<string, string>(StringComparer.Ordinal);
        ConfigFileSpec Config(string key, string content)
        {
            var config = new ConfigFileSpec(key, content);
            configs.Add(config);
            return config;
        }

        var alertmanagerSecrets = new List<SecretMount>();
        if (m.PostsToSlack)
        {
            secrets.Add(new SecretSpec(AlertmanagerConfig.SlackWebhookSecret, SecretKind.StackConfig, From: ConfigKeys.MonitoringSlackWebhook.FullName));
            alertmanagerSecrets.Add(new SecretMount(AlertmanagerConfig.SlackWebhookSecret, AlertmanagerConfig.SlackWebhookSecret, Uid: "65534"));
        }

        if (m.EmailsAlerts && m.Smtp!.Username.Length > 0)
        {
            secrets.Add(new SecretSpec(AlertmanagerConfig.SmtpPasswordSecret, SecretKind.StackConfig, From: ConfigKeys.MonitoringSmtpPassword.FullName));
            alertmanagerSecrets.Add(new SecretMount(AlertmanagerConfig.SmtpPasswordSecret, AlertmanagerConfig.SmtpPasswordSecret, Uid: "65534"));
        }

        secrets.Add(new SecretSpec(GrafanaAdminSecret, SecretKind.Password, Length: 32));
        secrets.Add(new SecretSpec(RedisExporterSecret, SecretKind.Derived, From: AppContract.Secrets.RedisPassword,
            Template: $"{{{{\"redis://{RedisService}:6379\":\"{{0}}\"}}}}\n"));

        foreach (var name in new[] { "prometheus-data", "alertmanager-data", "grafana-data", "loki-data" })
        {
            volumes.Add(new VolumeSpec(name, host.Name, Stateful: true, Protected: settings.Production));
        }

        volumes.Add(new VolumeSpec(EdgeStatusVolume, "", Stateful: false, Protected: false, PerNode: true));

        var prometheusYml = Config("prometheus.yml", PrometheusConfig.Render(settings, runtime));
        var alertsYml = Config(AlertRules.FileName, AlertRules.Render(settings));
        var alertmanagerYml = Config("alertmanager.yml", AlertmanagerConfig.Render(settings, runtime));
        var blackboxYml = Config("blackbox.yml", BlackboxConfig.Render());
        var lokiYaml = Config("loki.yaml", LokiConfig.Render(m));
        var alloyConfig = Config("config.alloy", AlloyConfig.Render(settings, runtime));
        var datasources = Config("grafana-datasources.yaml", GrafanaProvisioning.Datasources(runtime));
        var provider = Config("grafana-dashboards.yaml", GrafanaProvisioning.DashboardProvider());
        var dashboards = Dashboards.All.Select(d => (d.FileName, Config($"dashboard-{d.FileName}", d.Json))).ToList();

        var retention = m.RetentionDays.ToString(CultureInfo.InvariantCulture);
        var prometheusMemory = Math.Clamp(host.MemoryMb / 4, 512, 4096);
        services.Add(Service(PrometheusService, Images.Prometheus,
            [
                "--config.file=/etc/prometheus/prometheus.yml",
                "--storage.tsdb.path=/prometheus",
                $"--storage.tsdb.retention.time={retention}d",
                // Never fill the volume: drop the oldest blocks before the disk does it for us.
                $"--storage.tsdb.retention.size={Math.Max(1, m.RetentionDays / 3).ToString(CultureInfo.InvariantCulture)}GB",
            ],
            env(), [MonitoringNetwork, BackendNetwork], [],
            [new ConfigMount(prometheusYml.Key, "/etc/prometheus/prometheus.yml"), new ConfigMount(alertsYml.Key, $"{MonitoringRuntime.RulesDirectory}/{AlertRules.FileName}")],
            [new VolumeMount("prometheus-data", "/prometheus")],
            Wget(PrometheusPort, "/-/ready"), stateful, new Resources(1, prometheusMemory, prometheusMemory / 2), [Constraint("monitoring")],
            global: false, stopGrace: 60, isStateful: true, after: []));

        services.Add(Service(AlertmanagerService, Images.Alertmanager,
            ["--config.file=/etc/alertmanager/alertmanager.yml", "--storage.path=/alertmanager", "--cluster.listen-address="],
            env(), [MonitoringNetwork], alertmanagerSecrets,
            [new ConfigMount(alertmanagerYml.Key, "/etc/alertmanager/alertmanager.yml")],
            [new VolumeMount("alertmanager-data", "/alertmanager")],
            Wget(AlertmanagerPort, "/-/ready"), stateful, new Resources(0.5m, 128, 64), [Constraint("monitoring")],
            global: false, stopGrace: 30, isStateful: true, after: []));

        var grafanaEnv = env();
        grafanaEnv["GF_SERVER_ROOT_URL"] = $"https://{m.GrafanaHostname}/";
        grafanaEnv["GF_SERVER_DOMAIN"] = m.GrafanaHostname;
        grafanaEnv["GF_SECURITY_ADMIN_USER"] = "admin";
        grafanaEnv["GF_SECURITY_ADMIN_PASSWORD__FILE"] = AppContract.Secrets.PathOf(GrafanaAdminSecret);
        grafanaEnv["GF_SECURITY_COOKIE_SECURE"] = "true";
        grafanaEnv["GF_SECURITY_DISABLE_GRAVATAR"] = "true";
        grafanaEnv["GF_AUTH_ANONYMOUS_ENABLED"] = "false";
        grafanaEnv["GF_USERS_ALLOW_SIGN_UP"] = "false";
        grafanaEnv["GF_ANALYTICS_REPORTING_ENABLED"] = "false";
        grafanaEnv["GF_ANALYTICS_CHECK_FOR_UPDATES"] = "false";
        grafanaEnv["GF_LOG_MODE"] = "console";
        services.Add(Service(GrafanaService, Images.Grafana, [], grafanaEnv, [MonitoringNetwork, EdgeNetwork],
            [new SecretMount(GrafanaAdminSecret, GrafanaAdminSecret, Uid: "472")],
            [
                new ConfigMount(datasources.Key, "/etc/grafana/provisioning/datasources/datasources.yaml"),
                new ConfigMount(provider.Key, "/etc/grafana/provisioning/dashboards/dashboards.yaml"),
                .. dashboards.Select(d => new ConfigMount(d.Item2.Key, $"{GrafanaProvisioning.DashboardsDirectory}/{d.FileName}")),
            ],
            [new VolumeMount("grafana-data", "/var/lib/grafana")],
            Wget(GrafanaPort, "/api/health"), stateful, new Resources(1, 512, 128), [Constraint("monitoring")],
            global: false, stopGrace: 30, isStateful: true, after: [PrometheusService, LokiService]));

        services.Add(Service(LokiService, Images.Loki, ["-config.file=/etc/loki/loki.yaml"], env(), [MonitoringNetwork], [],
            [new ConfigMount(lokiYaml.Key, "/etc/loki/loki.yaml")],
            [new VolumeMount("loki-data", "/loki")],
            // The Loki image is distroless with busybox: no /bin/sh, so the exec form.
            new Healthcheck(["CMD", "wget", "-q", "-O", "/dev/null", $"http://127.0.0.1:{LokiPort}/ready"], 10, 5, 5, 60),
            stateful, new Resources(1, 1024, 256), [Constraint("monitoring")],
            global: false, stopGrace: 30, isStateful: true, after: []));

        services.Add(Service(AlloyService, Images.Alloy,
            ["run", $"--server.http.listen-addr=0.0.0.0:{AlloyPort}", "--storage.path=/var/lib/alloy/data", "/etc/alloy/config.alloy"],
            env(), [MonitoringNetwork], [], [new ConfigMount(alloyConfig.Key, "/etc/alloy/config.alloy")], [],
            // The Alloy image has bash but neither wget nor curl.
            new Healthcheck(["CMD", "bash", "-c", $"exec 3<>/dev/tcp/127.0.0.1/{AlloyPort} && printf 'GET /-/ready HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3"], 15, 5, 3, 30),
            agent, new Resources(0.5m, 256, 64), [],
            global: true, stopGrace: 10, isStateful: false, after: [LokiService],
            hostMounts: [new HostMount(AlloyConfig.DockerSocket, AlloyConfig.DockerSocket)], hostname: NodeHostname));

        services.Add(Service(BlackboxService, Images.BlackboxExporter, ["--config.file=/etc/blackbox/blackbox.yml"], env(),
            [MonitoringNetwork, BackendNetwork], [], [new ConfigMount(blackboxYml.Key, "/etc/blackbox/blackbox.yml")], [],
            Wget(BlackboxPort, "/-/healthy"), stateless, new Resources(0.25m, 64, 32), [Constraint("monitoring")],
            global: false, stopGrace: 10, isStateful: false, after: []));

        var postgresEnv = env();
        postgresEnv["DATA_SOURCE_URI"] = $"{PostgresService}:5432/{settings.Postgres.Database}?sslmode=disable";
        postgresEnv["DATA_SOURCE_USER"] = settings.Postgres.User;
        postgresEnv["DATA_SOURCE_PASS_FILE"] = AppContract.Secrets.PathOf(AppContract.Secrets.PostgresPassword);
        services.Add(Service(PostgresExporterService, Images.PostgresExporter, [], postgresEnv, [BackendNetwork, MonitoringNetwork],
            [new SecretMount(AppContract.Secrets.PostgresPassword, AppContract.Secrets.PostgresPassword, Uid: "65534")], [], [],
            Wget(PostgresExporterPort, "/"), stateless, new Resources(0.25m, 64, 32), [Constraint("db")],
            global: false, stopGrace: 10, isStateful: false, after: [PostgresService]));

        services.Add(Service(RedisExporterService, Images.RedisExporter,
            [$"--redis.addr=redis://{RedisService}:6379", $"--redis.password-file={AppContract.Secrets.PathOf(RedisExporterSecret)}"],
            env(), [BackendNetwork, MonitoringNetwork],
            [new SecretMount(RedisExporterSecret, RedisExporterSecret, Uid: "59000")], [], [],
            // A scratch image: no shell, no wget. Prometheus' TargetDown is its real liveness check.
            new Healthcheck(["CMD", "/redis_exporter", "--version"], 30, 5, 3, 10),
            stateless, new Resources(0.25m, 64, 32), [Constraint("db")],
            global: false, stopGrace: 10, isStateful: false, after: [RedisService]));

        services.Add(Service(NginxExporterService, Images.NginxExporter,
            [$"--nginx.scrape-uri=unix:{EdgeRuntime.StatusSocketDirectory}/status.sock:/stub_status"],
            env(), [MonitoringNetwork], [], [], [new VolumeMount(EdgeStatusVolume, EdgeRuntime.StatusSocketDirectory)],
            // A scratch image: no shell, no wget. Prometheus' TargetDown and NginxDown are its real checks.
            new Healthcheck(["CMD", "/usr/bin/nginx-prometheus-exporter", "--version"], 30, 5, 3, 10),
            agent, new Resources(0.25m, 64, 32), [Constraint("edge")],
            global: true, stopGrace: 10, isStateful: false, after: []));

        services.Add(Service(NodeExporterService, Images.NodeExporter,
            [
                "--path.rootfs=/host",
                // The backup job writes its metrics into the backup-metrics volume on the db host; every node's
                // exporter mounts the volume of that name (empty except on the db host).
                $"--collector.textfile.directory={Data.BackupMetrics.TextfileDirectory}",
                "--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|run|var/lib/docker/.+)($|/)",
            ],
            env(), [MonitoringNetwork], [], [], settings.Backups.Enabled ? [new VolumeMount(Data.BackupMetrics.TextfileVolume, Data.BackupMetrics.TextfileDirectory, ReadOnly: true)] : [],
            Wget(NodeExporterPort, "/"), agent, new Resources(0.25m, 128, 32), [],
            global: true, stopGrace: 10, isStateful: false, after: [],
            hostMounts: [new HostMount("/", "/host")], hostname: NodeHostname));

        services.Add(Service(CadvisorService, Images.Cadvisor,
            [
                "--docker_only=true",
                "--housekeeping_interval=30s",
                "--store_container_labels=false",
                "--whitelisted_container_labels=com.docker.swarm.service.name,com.docker.swarm.task.name,com.docker.swarm.node.id",
                "--disable_metrics=advtcp,cpu_topology,cpuset,hugetlb,memory_numa,percpu,perf_event,process,referenced_memory,resctrl,sched,tcp,udp",
            ],
            env(), [MonitoringNetwork], [], [], [],
            Wget(CadvisorPort, "/healthz"), agent, new Resources(0.5m, 256, 64), [],
            global: true, stopGrace: 10, isStateful: false, after: [],
            hostMounts:
            [
                new HostMount("/", "/rootfs"),
                new HostMount("/var/run", "/var/run"),
                new HostMount("/sys", "/sys"),
                new HostMount("/var/lib/docker", "/var/lib/docker"),
                new HostMount("/dev/disk", "/dev/disk"),
            ]));

    }

    private static Healthcheck Wget(int port, string path) =>
        new(["CMD-SHELL", $"wget -q -O /dev/null http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}{path} || exit 1"], 10, 5, 3, 30);

    private static ServiceSpec Service(
        string name, ImageReference image, IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment,
        IReadOnlyList<string> networks, IReadOnlyList<SecretMount> secrets, IReadOnlyList<ConfigMount> configs, IReadOnlyList<VolumeMount> volumes,
        Healthcheck healthcheck, UpdatePolicy update, Resources resources, IReadOnlyList<string> placement,
        bool global, int stopGrace, bool isStateful, IReadOnlyList<string> after,
        IReadOnlyList<HostMount>? hostMounts = null, string? hostname = null) =>
        new(name, image.ToString(), command, environment, networks, secrets, configs, volumes, [], healthcheck, update, resources, placement,
            Global: global, Replicas: global ? 0 : 1, StopGraceSeconds: stopGrace, Stateful: isStateful, After: after,
            HostMounts: hostMounts ?? [], Hostname: hostname);
}
