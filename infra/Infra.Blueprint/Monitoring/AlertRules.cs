using Infra.Blueprint.Backups;
using Infra.Blueprint.Settings;
using Infra.Contract;

namespace Infra.Blueprint.Monitoring;

/// <summary>
/// The platform's alert rules and their rendering to a Prometheus rule file. Every rule carries a severity, a
/// summary and a runbook link to its section of <c>docs/monitoring.md</c> (published at <c>infra:monitoring.runbookUrl</c>). <c>promtool test rules</c> covers each
/// rule firing and not firing.
/// </summary>
public static class AlertRules
{
    /// <summary>File name of the rendered rule file.</summary>
    public const string FileName = "alerts.yml";

    /// <summary>What a scheduled job may take beyond its schedule's longest gap before its age alerts: its own run time.</summary>
    public static readonly TimeSpan JobSlack = TimeSpan.FromHours(2);

    /// <summary>
    /// How old the last success of a job on <paramref name="schedule"/> may be: the longest gap between two runs
    /// (<see cref="CronSchedule.LongestGap"/>) plus <see cref="JobSlack"/>. A daily job: 26 hours; hourly: 3 hours.
    /// </summary>
    public static TimeSpan MaxAge(CronSchedule schedule) => (schedule.LongestGap() ?? TimeSpan.FromDays(1)) + JobSlack;

    /// <summary>How long before its expiry a certificate alerts, public, origin and internal alike.</summary>
    public static readonly TimeSpan CertificateExpiryWarning = TimeSpan.FromDays(14);

    /// <summary>An alert's runbook link: the stack's <c>infra:monitoring.runbookUrl</c> and the alert's anchor.</summary>
    public static string RunbookUrl(StackSettings settings, AlertRule rule) => $"{settings.Monitoring.RunbookUrl}#{rule.Anchor}";

    private const string Targets = "targets";
    private const string Hosts = "hosts";
    private const string Containers = "containers";
    private const string App = "app";
    private const string Data = "data";
    private const string Backups = "backups";
    private const string Schedules = "schedules";

    // node-exporter's series carry the task's address; joining node_uname_info names the host.
    private const string ByHost = " * on (instance) group_left (nodename) node_uname_info";
    private const string RealFilesystems = "fstype!~\"tmpfs|overlay|squashfs|ramfs|nsfs\",mountpoint!~\"/(run|var/lib/docker)/.*\"";

    /// <summary>Every rule of a stack.</summary>
    public static IReadOnlyList<AlertRule> For(StackSettings settings)
    {
        var http = AppContract.Metrics.HttpRequests;
        var layout = Platform.Layout.Of(settings);
        var rules = new List<AlertRule>
        {
            new(AlertNames.Watchdog, "vector(1)", TimeSpan.Zero, AlertSeverity.Info,
                "Always firing, so the dead man's switch notices when alerting itself stops working", Targets),
            new(AlertNames.TargetDown, "up == 0", TimeSpan.FromMinutes(3), AlertSeverity.Warning,
                "{{ $labels.job }} target {{ $labels.instance }} cannot be scraped", Targets),
            new(AlertNames.PublicEndpointDown, $"probe_success{{job=\"{PrometheusConfig.PublicProbeJob}\"}} == 0", TimeSpan.FromMinutes(2), AlertSeverity.Critical,
                "{{ $labels.instance }} fails from the outside (DNS, TLS, edge or every replica)", Targets),
            new(AlertNames.AppReplicaNotReady, $"probe_success{{job=\"{PrometheusConfig.ReadinessProbeJob}\"}} == 0", TimeSpan.FromMinutes(2), AlertSeverity.Warning,
                "{{ $labels.replica }} reports not ready; the edge sends its traffic to the others", Targets),
            new(AlertNames.TlsCertificateExpiring, $"probe_ssl_earliest_cert_expiry{{job=~\"{PrometheusConfig.PublicProbeJob}|{PrometheusConfig.OriginTlsProbeJob}\"}} - time() < {ExpiryWarning}", TimeSpan.FromMinutes(10), AlertSeverity.Warning,
                "The certificate of {{ $labels.instance }} expires in {{ $value | humanizeDuration }}", Targets),
            new(AlertNames.NginxDown, "nginx_up == 0", TimeSpan.FromMinutes(1), AlertSeverity.Critical,
                "nginx behind exporter {{ $labels.instance }} does not answer stub_status", Targets),

            new(AlertNames.AppHighErrorRatio,
                $"sum by (job) (rate({http}{{status=~\"5..\"}}[5m])) / sum by (job) (rate({http}[5m])) > 0.02",
                TimeSpan.FromMinutes(5), AlertSeverity.Critical,
                "{{ $value | humanizePercentage }} of app requests fail with 5xx", App),
            new(AlertNames.AppHighLatency,
                $"histogram_quantile(0.95, sum by (le) (rate({AppContract.Metrics.HttpRequestDuration}_bucket[5m]))) > 0.5",
                TimeSpan.FromMinutes(10), AlertSeverity.Warning,
                "95th percentile of app request duration is {{ $value | humanizeDuration }}", App),

            new(AlertNames.HostDiskUsageHigh,
                $"(1 - node_filesystem_avail_bytes{{{RealFilesystems}}} / node_filesystem_size_bytes{{{RealFilesystems}}}){ByHost} > 0.85",
                TimeSpan.FromMinutes(15), AlertSeverity.Warning,
                "{{ $labels.mountpoint }} on {{ $labels.nodename }} is {{ $value | humanizePercentage }} full", Hosts),
            new(AlertNames.HostDiskWillFillIn24h,
                $"(predict_linear(node_filesystem_avail_bytes{{{RealFilesystems}}}[6h], 86400) < 0 and node_filesystem_avail_bytes{{{RealFilesystems}}} / node_filesystem_size_bytes{{{RealFilesystems}}} < 0.4){ByHost}",
                TimeSpan.FromMinutes(30), AlertSeverity.Critical,
                "{{ $labels.mountpoint }} on {{ $labels.nodename }} will be full within 24 hours at the current rate", Hosts),
            new(AlertNames.HostMemoryPressure,
                $"(node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes){ByHost} < 0.1",
                TimeSpan.FromMinutes(10), AlertSeverity.Warning,
                "{{ $labels.nodename }} has {{ $value | humanizePercentage }} of its memory available", Hosts),
            new(AlertNames.HostOomKill,
                $"increase(node_vmstat_oom_kill[10m]){ByHost} > 0",
                TimeSpan.Zero, AlertSeverity.Warning,
                "The kernel of {{ $labels.nodename }} killed a process for lack of memory", Hosts),

            new(AlertNames.ContainerOomKilled,
                "increase(container_oom_events_total{container_label_com_docker_swarm_service_name!=\"\"}[10m]) > 0",
                TimeSpan.Zero, AlertSeverity.Warning,
                "A task of {{ $labels.container_label_com_docker_swarm_service_name }} was OOM-killed (memory limit too low, or a leak)", Containers),
            new(AlertNames.ContainerRestartLoop,
                "count by (container_label_com_docker_swarm_service_name, instance) (count_over_time(container_start_time_seconds{container_label_com_docker_swarm_service_name!=\"\"}[15m])) > 3",
                TimeSpan.FromMinutes(5), AlertSeverity.Warning,
                "{{ $labels.container_label_com_docker_swarm_service_name }} started {{ $value }} containers in 15 minutes on one node", Containers),

            new(AlertNames.PostgresDown, "pg_up == 0", TimeSpan.FromMinutes(1), AlertSeverity.Critical,
                "Postgres does not answer its exporter", Data),
            new(AlertNames.PostgresTooManyConnections,
                "sum by (job, host) (pg_stat_activity_count) / on (job, host) max by (job, host) (pg_settings_max_connections) > 0.8",
                TimeSpan.FromMinutes(5), AlertSeverity.Warning,
                "Postgres uses {{ $value | humanizePercentage }} of max_connections", Data),
            new(AlertNames.PostgresDeadlocks,
                "increase(pg_stat_database_deadlocks{datname!~\"template.*\"}[10m]) > 0",
                TimeSpan.Zero, AlertSeverity.Warning,
                "{{ $value }} deadlocks in database {{ $labels.datname }} in 10 minutes", Data),
            new(AlertNames.RedisDown, "redis_up == 0", TimeSpan.FromMinutes(1), AlertSeverity.Critical,
                "Redis does not answer its exporter; the app runs degraded", Data),
            new(AlertNames.RedisMemoryHigh,
                "redis_memory_used_bytes / (redis_memory_max_bytes > 0) > 0.9",
                TimeSpan.FromMinutes(5), AlertSeverity.Warning,
                "Redis uses {{ $value | humanizePercentage }} of maxmemory and evicts keys", Data),
            new(AlertNames.RedisRejectedConnections,
                "increase(redis_rejected_connections_total[5m]) > 0",
                TimeSpan.Zero, AlertSeverity.Warning,
                "Redis rejected {{ $value }} connections (maxclients reached)", Data),

            new(AlertNames.AlertmanagerNotificationsFailing,
                "rate(alertmanager_notifications_failed_total[5m]) > 0",
                TimeSpan.FromMinutes(10), AlertSeverity.Critical,
                "Alertmanager cannot deliver notifications through {{ $labels.integration }}", Targets),
        };

        if (TlsProbe.Runs(layout))
        {
            // The internal certificates the TLS probe reads (PgBouncer's): the public certificates' threshold.
            var stale = (long)TlsProbeRuntime.Swarm.MaxAge.TotalSeconds;
            rules.Add(new(AlertNames.InternalCertificateExpiring,
                $"{TlsProbeMetrics.CertificateExpiry} - time() < {ExpiryWarning}",
                TimeSpan.FromMinutes(10), AlertSeverity.Warning,
                $"The internal certificate served at {{{{ $labels.{TlsProbeMetrics.Label} }}}} expires in {{{{ $value | humanizeDuration }}}}", Targets));
            rules.Add(new(AlertNames.TlsProbeFailing,
                $"{TlsProbeMetrics.Success} == 0 or time() - {TlsProbeMetrics.LastRun} > {stale.ToString(System.Globalization.CultureInfo.InvariantCulture)} or absent({TlsProbeMetrics.LastRun})",
                TimeSpan.FromMinutes(15), AlertSeverity.Warning,
                $"The TLS probe cannot read or verify the internal certificate {{{{ $labels.{TlsProbeMetrics.Label} }}}}, or reports nothing", Targets));
        }

        foreach (var host in settings.Hosts)
        {
            rules.Add(new(AlertNames.HostDown, $"absent(node_uname_info{{nodename=\"{host.Name}\"}})", TimeSpan.FromMinutes(2), AlertSeverity.Critical,
                $"{host.Name} ({host.Address}) reports no metrics: the host or its node-exporter is down", Hosts,
                new SortedDictionary<string, string>(StringComparer.Ordinal) { ["host"] = host.Name }));
        }

        if (settings.Backups.Enabled)
        {
            // Thresholds follow the schedules: a job that should have succeeded by now and has not.
            var backupAge = MaxAge(settings.Backups.Schedule);
            var drillAge = MaxAge(settings.Backups.DrillSchedule);
            rules.Add(new(AlertNames.BackupTooOld,
                $"time() - max({BackupMetrics.LastSuccessTimestamp}) > {Seconds(backupAge)}",
                TimeSpan.FromMinutes(10), AlertSeverity.Critical,
                $"The last successful backup is {{{{ $value | humanizeDuration }}}} old (more than {Hours(backupAge)} for the schedule '{settings.Backups.Schedule}')", Backups));
            rules.Add(new(AlertNames.BackupMissing,
                $"absent({BackupMetrics.LastSuccessTimestamp})",
                backupAge, AlertSeverity.Critical,
                "No backup has reported success since monitoring started", Backups));
            rules.Add(new(AlertNames.RestoreDrillTooOld,
                $"time() - max({BackupMetrics.DrillLastSuccessTimestamp}) > {Seconds(drillAge)}",
                TimeSpan.FromMinutes(10), AlertSeverity.Warning,
                $"The last passing restore drill is {{{{ $value | humanizeDuration }}}} old (more than {Hours(drillAge)} for the schedule '{settings.Backups.DrillSchedule}'): the drill stopped running or keeps failing", Backups));
            rules.Add(new(AlertNames.RestoreDrillMissing,
                $"absent({BackupMetrics.DrillLastSuccessTimestamp})",
                drillAge, AlertSeverity.Warning,
                "No restore drill has passed since monitoring started", Backups));
            rules.Add(new(AlertNames.RestoreDrillFailed,
                $"{BackupMetrics.DrillLastStatus} == 0",
                TimeSpan.Zero, AlertSeverity.Critical,
                "The last restore drill failed: the backups may not be restorable", Backups));
        }

        if (settings.App.Schedules.Count > 0)
        {
            rules.Add(new(AlertNames.ScheduledTaskFailed,
                $"{ScheduleMetrics.LastStatus} == 0",
                TimeSpan.Zero, AlertSeverity.Warning,
                $"The last run of the scheduled task {{{{ $labels.{ScheduleMetrics.Label} }}}} failed", Schedules));
        }

        // A timer that stops starting its task: the last run, whatever its outcome (ScheduledTaskFailed covers the
        // outcome), is older than the task's schedule allows. One rule per task, each with its own schedule's gap.
        foreach (var task in settings.App.Schedules)
        {
            var age = MaxAge(task.Schedule);
            var selector = $"{ScheduleMetrics.LastRunTimestamp}{{{ScheduleMetrics.Label}=\"{task.Name}\"}}";
            rules.Add(new(AlertNames.ScheduledTaskTooOld,
                $"time() - max by ({ScheduleMetrics.Label}) ({selector}) > {Seconds(age)}",
                TimeSpan.FromMinutes(10), AlertSeverity.Warning,
                $"The scheduled task {task.Name} last ran {{{{ $value | humanizeDuration }}}} ago (more than {Hours(age)} for the schedule '{task.Schedule}'): its timer stopped", Schedules));
            rules.Add(new(AlertNames.ScheduledTaskMissing,
                $"absent({selector})",
                age, AlertSeverity.Warning,
                $"The scheduled task {task.Name} has reported no run since monitoring started", Schedules));
        }

        return rules;
    }

    // The expiry threshold as the rule files have always read it: "14 * 86400".
    private static string ExpiryWarning => $"{((long)CertificateExpiryWarning.TotalDays).ToString(System.Globalization.CultureInfo.InvariantCulture)} * 86400";

    // Whole hours read as "26 * 3600" in the rule file; anything else in seconds.
    private static string Seconds(TimeSpan age) => age.TotalHours % 1 == 0
        ? $"{((long)age.TotalHours).ToString(System.Globalization.CultureInfo.InvariantCulture)} * 3600"
        : ((long)age.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Hours(TimeSpan age) => age.TotalHours % 1 == 0
        ? $"{((long)age.TotalHours).ToString(System.Globalization.CultureInfo.InvariantCulture)} h"
        : $"{((long)age.TotalMinutes).ToString(System.Globalization.CultureInfo.InvariantCulture)} min";

    /// <summary>Renders the rule file.</summary>
    /// <param name="settings">The stack.</param>
    /// <param name="maxFor">Caps every rule's <c>for:</c> (a live test that cannot wait minutes); null keeps them.</param>
    public static string Render(StackSettings settings, TimeSpan? maxFor = null)
    {
        var groups = For(settings).GroupBy(r => r.Group).Select(g => new RuleGroup(g.Key, g.Select(r => Rendered(settings, r, maxFor)).ToList()));
        return Yaml.Document("Rendered by Infra. Every alert's runbook is its section of docs/monitoring.md.", new RuleFile(groups.ToList()));
    }

    private static Rule Rendered(StackSettings settings, AlertRule rule, TimeSpan? maxFor)
    {
        var @for = maxFor is { } cap && rule.For > cap ? cap : rule.For;
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["severity"] = rule.Severity.ToString().ToLowerInvariant() };
        foreach (var (name, value) in rule.Labels ?? new Dictionary<string, string>())
        {
            labels[name] = value;
        }

        return new Rule(rule.Name, rule.Expr, @for > TimeSpan.Zero ? Yaml.Duration(@for) : null, labels, new Annotations(rule.Summary, RunbookUrl(settings, rule)));
    }

    private sealed record RuleFile(IReadOnlyList<RuleGroup> Groups);

    private sealed record RuleGroup(string Name, IReadOnlyList<Rule> Rules);

    private sealed record Rule(string Alert, string Expr, string? For, IReadOnlyDictionary<string, string> Labels, Annotations Annotations);

    private sealed record Annotations(string Summary, string RunbookUrl);
}
