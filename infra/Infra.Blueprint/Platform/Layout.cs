using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Platform;

/// <summary>
/// The first step of planning: every name, host, port and path of the platform that more than one part or renderer
/// reads, fixed once. The constants are the platform's names (services, networks, volumes, secrets); the instance
/// holds what the settings decide (the app replicas, where the data and monitoring live, whether traffic crosses
/// hosts). Parts of the plan and renderers read a <see cref="Layout"/>; none of them derives these facts again.
/// </summary>
public sealed record Layout
{
    /// <summary>Overlay network nginx and the app replicas share.</summary>
    public const string EdgeNetwork = "edge";

    /// <summary>Internal overlay network of the app and the data tier; no route out.</summary>
    public const string BackendNetwork = "backend";

    /// <summary>Internal overlay network of the monitoring services.</summary>
    public const string MonitoringNetwork = "monitoring";

    /// <summary>
    /// Internal overlay network where the edge meets the monitoring host and nothing else: the edge proxies Grafana's
    /// hostname, the blackbox prober reads the origin certificate from the edge; neither meets the app replicas here.
    /// </summary>
    public const string EdgeGrafanaNetwork = "edge-grafana";

    /// <summary>Overlay network with a route out: the backup service reaches the bucket through it, and nothing else joins it.</summary>
    public const string EgressNetwork = "egress";

    /// <summary>Subnet of the backend network: <c>pg_hba.conf</c> allows exactly this range.</summary>
    public const string BackendSubnet = "10.231.0.0/24";

    /// <summary>Prefix of the Swarm node labels the platform sets.</summary>
    public const string LabelPrefix = "infra.";

    /// <summary>Service name (and DNS name) of Postgres.</summary>
    public const string PostgresService = "postgres";

    /// <summary>Service name (and DNS name) of PgBouncer, the address the app connects to.</summary>
    public const string PgBouncerService = "pgbouncer";

    /// <summary>Service name (and DNS name) of Redis.</summary>
    public const string RedisService = "redis";

    /// <summary>Service name of the backup service (backups, WAL shipping and restore drills).</summary>
    public const string BackupService = "backup";

    /// <summary>Service name of nginx.</summary>
    public const string EdgeService = "edge";

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

    /// <summary>Name of the job that runs the app's migrations before a rollout.</summary>
    public const string MigrateJob = "migrate";

    /// <summary>Name of the job that copies the restic binary into <see cref="BackupToolsVolume"/>.</summary>
    public const string BackupToolsJob = "backup-tools";

    /// <summary>Volume of Postgres's data directory.</summary>
    public const string PostgresVolume = "postgres-data";

    /// <summary>Volume of the WAL archive (point-in-time recovery): segments wait here until shipped offsite.</summary>
    public const string WalArchiveVolume = "postgres-wal-archive";

    /// <summary>Volume of Redis's RDB and AOF files.</summary>
    public const string RedisVolume = "redis-data";

    /// <summary>Volume holding the restic binary.</summary>
    public const string BackupToolsVolume = "backup-tools";

    /// <summary>Volume of the staged dump and the drill's scratch Postgres.</summary>
    public const string BackupWorkVolume = "backup-work";

    /// <summary>Per-node volume through which the nginx exporter reaches nginx's status socket.</summary>
    public const string EdgeStatusVolume = "edge-status";

    /// <summary>Volumes of the monitoring services' data, on the monitoring host.</summary>
    public const string PrometheusVolume = "prometheus-data", AlertmanagerVolume = "alertmanager-data", GrafanaVolume = "grafana-data", LokiVolume = "loki-data";

    /// <summary>Secret holding the <c>requirepass</c> line Redis includes.</summary>
    public const string RedisAuthSecret = "redis_auth";

    /// <summary>Secret holding PgBouncer's userlist (<c>"user" "password"</c>).</summary>
    public const string PgBouncerUserlistSecret = "pgbouncer_userlist";

    /// <summary>Generated passphrase of the restic repository's key: losing it makes every backup unreadable.</summary>
    public const string ResticPasswordSecret = "restic_password";

    /// <summary>The bucket's access key id (from <c>infra:backups.s3AccessKeyId</c>).</summary>
    public const string S3AccessKeyIdSecret = "backup_s3_access_key_id";

    /// <summary>The bucket's secret access key (from <c>infra:backups.s3SecretAccessKey</c>).</summary>
    public const string S3SecretAccessKeySecret = "backup_s3_secret_access_key";

    /// <summary>Secret holding Grafana's generated admin password.</summary>
    public const string GrafanaAdminSecret = "grafana_admin_password";

    /// <summary>Secret holding the Redis exporter's password file (JSON: address → password).</summary>
    public const string RedisExporterSecret = "redis_exporter_passwords";

    /// <summary>Symbolic name of PgBouncer's certificate (internal CA), when the app crosses hosts.</summary>
    public const string PgBouncerCertificate = "pgbouncer";

    /// <summary>Symbolic name of the Cloudflare origin certificate.</summary>
    public const string OriginCertificate = "origin";

    /// <summary>Where services mount the internal CA's certificate.</summary>
    public const string InternalCaPath = "/etc/ssl/infra/internal-ca.crt";

    /// <summary>The Swarm template of a task's node hostname, for agents that report per node.</summary>
    public const string NodeHostname = "{{.Node.Hostname}}";

    private Layout(StackSettings settings)
    {
        Settings = settings;
        AppReplicas = Enumerable.Range(1, settings.App.Replicas).Select(i => $"app-{i}").ToList();
        Workers = settings.App.Workers.Select(w => $"worker-{w.Name}").ToList();
        DbHost = settings.HostsWith(HostRole.Db).Single();
        MonitoringHost = settings.Monitoring.Enabled ? settings.HostsWith(HostRole.Monitoring).Single() : null;
        Leader = settings.HostsWith(HostRole.Manager).First();
        var workers = settings.HostsWith(HostRole.Worker);
        AppHosts = workers.Count > 0 ? workers : settings.Hosts;
        AppCrossesHosts = AppHosts.Any(h => h.Name != DbHost.Name);
        EncryptedOverlays = settings.Hosts.Count > 1;
        PublicHostnames =
        [
            settings.Domain,
            .. settings.Cloudflare.Www ? [CloudflareSettings.WwwOf(settings.Domain)] : Array.Empty<string>(),
            .. settings.Monitoring.Enabled ? [settings.Monitoring.GrafanaHostname] : Array.Empty<string>(),
        ];
    }

    /// <summary>Fixes the layout of a stack.</summary>
    public static Layout Of(StackSettings settings) => new(settings);

    /// <summary>The validated settings the layout was derived from.</summary>
    public StackSettings Settings { get; }

    /// <summary>The service name of each app replica, in rollout order: <c>app-1</c> … <c>app-N</c>.</summary>
    public IReadOnlyList<string> AppReplicas { get; }

    /// <summary>The service name of each worker process type, in the order of <c>infra:app.workers</c>: <c>worker-{name}</c>.</summary>
    public IReadOnlyList<string> Workers { get; }

    /// <summary>The <c>host:port</c> each replica serves on, in the order of <see cref="AppReplicas"/>.</summary>
    public IReadOnlyList<string> AppUpstreams => [.. AppReplicas.Select(r => $"{r}:{Settings.App.Port}")];

    /// <summary>Where Prometheus scrapes each replica: its metrics port, which no edge upstream lists.</summary>
    public IReadOnlyList<string> AppMetricsTargets => [.. AppReplicas.Select(r => $"{r}:{Infra.Contract.AppContract.MetricsPort}")];

    /// <summary>The host of Postgres, PgBouncer, Redis and the backups, next to their volumes.</summary>
    public HostSettings DbHost { get; }

    /// <summary>The host of Prometheus, Alertmanager, Grafana and Loki; null when monitoring is off.</summary>
    public HostSettings? MonitoringHost { get; }

    /// <summary>The first manager: initialises the Swarm and serves the Docker API to Pulumi.</summary>
    public HostSettings Leader { get; }

    /// <summary>The hosts the app replicas may run on: the workers, or every host when none is a dedicated worker.</summary>
    public IReadOnlyList<HostSettings> AppHosts { get; }

    /// <summary>Whether the app runs on any host other than the db host, so its database traffic crosses hosts (and goes over TLS).</summary>
    public bool AppCrossesHosts { get; }

    /// <summary>Whether overlay traffic crosses hosts, so the overlays are encrypted.</summary>
    public bool EncryptedOverlays { get; }

    /// <summary>Every name the edge serves: the app's, and Grafana's when monitoring is on.</summary>
    public IReadOnlyList<string> PublicHostnames { get; }

    /// <summary>The placement constraint of services that run on hosts labelled <paramref name="label"/>.</summary>
    public static string Constraint(string label) => $"node.labels.{LabelPrefix}{label}==true";
}
