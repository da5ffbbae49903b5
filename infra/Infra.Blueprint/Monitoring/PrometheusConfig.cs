using Infra.Blueprint.Edge;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;
using Infra.Contract;

namespace Infra.Blueprint.Monitoring;

/// <summary>
/// Renders <c>prometheus.yml</c>: one job per service, one target per app replica, every task of each worker, blackbox probes of the public
/// URLs and of each replica's readiness. Valid for Prometheus 2.42 (Debian 12, the tests) and the pinned image.
/// </summary>
public static class PrometheusConfig
{
    /// <summary>The blackbox job probing the public URLs over HTTPS (status and certificate).</summary>
    public const string PublicProbeJob = "blackbox-https";

    /// <summary>The blackbox job reading the origin certificate from the edge over the edge network (its expiry).</summary>
    public const string OriginTlsProbeJob = "blackbox-origin-tls";

    /// <summary>The blackbox job probing each replica's readiness.</summary>
    public const string ReadinessProbeJob = "blackbox-ready";

    /// <summary>The scrape jobs of a stack, in Swarm terms.</summary>
    public static IReadOnlyList<ScrapeJob> Jobs(StackSettings settings)
    {
        var db = settings.HostsWith(HostRole.Db).Single().Name;
        var monitoringHost = settings.HostsWith(HostRole.Monitoring).Single().Name;
        var onDb = Labels(("host", db));
        var onMonitoring = Labels(("host", monitoringHost));
        var layout = Layout.Of(settings);
        var replicas = layout.AppReplicas;

        return
        [
            new("prometheus", [new($"localhost:{Layout.PrometheusPort}", onMonitoring)]),
            new("alertmanager", [new($"{Layout.AlertmanagerService}:{Layout.AlertmanagerPort}", onMonitoring)]),
            new("grafana", [new($"{Layout.GrafanaService}:{Layout.GrafanaPort}", onMonitoring)]),
            new("loki", [new($"{Layout.LokiService}:{Layout.LokiPort}", onMonitoring)]),
            new("blackbox", [new($"{Layout.BlackboxService}:{Layout.BlackboxPort}", onMonitoring)]),
            new("app", layout.AppMetricsTargets.Select((target, i) => new ScrapeTarget(target, Labels(("replica", replicas[i])))).ToList(), MetricsPath: AppContract.Paths.Metrics),
            new("postgres", [new($"{Layout.PostgresExporterService}:{Layout.PostgresExporterPort}", onDb)]),
            new("redis", [new($"{Layout.RedisExporterService}:{Layout.RedisExporterPort}", onDb)]),
            new("node", [], Layout.NodeExporterService, Layout.NodeExporterPort),
            new("cadvisor", [], Layout.CadvisorService, Layout.CadvisorPort),
            new("nginx", [], Layout.NginxExporterService, Layout.NginxExporterPort),
            new("alloy", [], Layout.AlloyService, Layout.AlloyPort),
            // Each worker type's replicas share one name: every task is scraped, as the global services' are.
            .. layout.Workers.Select(worker => new ScrapeJob(worker, [], worker, AppContract.MetricsPort, AppContract.Paths.Metrics)),
            new(PublicProbeJob,
            [
                new($"https://{settings.Domain}{AppContract.Paths.Live}", Labels(("endpoint", "app"))),
                new($"https://{settings.Monitoring.GrafanaHostname}/api/health", Labels(("endpoint", "grafana"))),
            ], ProbeModule: BlackboxConfig.PublicModule),
            new(OriginTlsProbeJob, [.. layout.EdgeServices.Values.Select(edge => new ScrapeTarget($"{edge}:{EdgeRuntime.Swarm(layout).HttpsPort}", Labels(("endpoint", "origin"))))], ProbeModule: BlackboxConfig.OriginTlsModule),
            new(ReadinessProbeJob,
                replicas.Select(r => new ScrapeTarget($"http://{r}:{settings.App.Port}{settings.App.ReadyPath}", Labels(("replica", r)))).ToList(),
                ProbeModule: BlackboxConfig.ReadinessModule),
        ];
    }

    /// <summary>Renders the file.</summary>
    public static string Render(StackSettings settings, MonitoringRuntime runtime)
    {
        var alertmanager = runtime.Map($"{Layout.AlertmanagerService}:{Layout.AlertmanagerPort}");
        var file = new PrometheusFile(
            new Global(
                Yaml.Duration(runtime.ScrapeInterval),
                Yaml.Duration(runtime.ScrapeInterval < TimeSpan.FromSeconds(10) ? runtime.ScrapeInterval : TimeSpan.FromSeconds(10)),
                Yaml.Duration(runtime.EvaluationInterval),
                Labels(("stack", settings.Stack))),
            runtime.RuleFiles,
            new Alerting(
                // Environment differences are data: this stack's alerts never page.
                settings.Monitoring.MaxSeverity == AlertSeverity.Warning
                    ? [new Relabel(SourceLabels: ["severity"], Regex: "critical", TargetLabel: "severity", Replacement: "warning")]
                    : null,
                [new AlertmanagerSet([new StaticConfig(alertmanager is null ? [] : [alertmanager])])]),
            Jobs(settings).Select(job => job.ProbeModule is not null ? Probe(job, runtime) : Scrape(job, runtime)).ToList());
        return Yaml.Document("Rendered by Infra from the stack settings. Do not edit on the server.", file);
    }

    private static ScrapeConfig Scrape(ScrapeJob job, MonitoringRuntime runtime)
    {
        if (job.TasksOf is not null && runtime.DnsDiscovery)
        {
            return new ScrapeConfig(job.Name, job.MetricsPath, DnsSdConfigs: [new DnsSdConfig([$"tasks.{job.TasksOf}"], "A", job.Port)]);
        }

        var targets = job.TasksOf is not null
            ? [new ScrapeTarget($"{job.TasksOf}:{job.Port}", Labels())]
            : job.Targets;
        return new ScrapeConfig(job.Name, job.MetricsPath, StaticConfigs: StaticConfigs(targets, runtime));
    }

    // A probe job scrapes the blackbox exporter with ?module=…&target=<probed URL>; the probed URL becomes the instance.
    private static ScrapeConfig Probe(ScrapeJob job, MonitoringRuntime runtime) => new(
        job.Name,
        "/probe",
        Params: new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { ["module"] = [job.ProbeModule!] },
        StaticConfigs: StaticConfigs(job.Targets, runtime),
        RelabelConfigs:
        [
            new Relabel(SourceLabels: ["__address__"], TargetLabel: "__param_target"),
            new Relabel(SourceLabels: ["__param_target"], TargetLabel: "instance"),
            new Relabel(TargetLabel: "__address__", Replacement: runtime.Map($"{Layout.BlackboxService}:{Layout.BlackboxPort}") ?? ""),
        ]);

    // One static config per target the runtime maps; a job with none keeps one empty target list.
    private static List<StaticConfig> StaticConfigs(IEnumerable<ScrapeTarget> targets, MonitoringRuntime runtime)
    {
        var configs = targets
            .Select(t => (Address: runtime.Map(t.Address), t.Labels))
            .Where(t => t.Address is not null)
            .Select(t => new StaticConfig([t.Address!], t.Labels.Count > 0 ? t.Labels : null))
            .ToList();
        return configs.Count > 0 ? configs : [new StaticConfig([])];
    }

    private static SortedDictionary<string, string> Labels(params (string Name, string Value)[] labels)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in labels)
        {
            result[name] = value;
        }

        return result;
    }

    private sealed record PrometheusFile(Global Global, IReadOnlyList<string> RuleFiles, Alerting Alerting, IReadOnlyList<ScrapeConfig> ScrapeConfigs);

    private sealed record Global(string ScrapeInterval, string ScrapeTimeout, string EvaluationInterval, IReadOnlyDictionary<string, string> ExternalLabels);

    private sealed record Alerting(IReadOnlyList<Relabel>? AlertRelabelConfigs, IReadOnlyList<AlertmanagerSet> Alertmanagers);

    private sealed record AlertmanagerSet(IReadOnlyList<StaticConfig> StaticConfigs);

    private sealed record ScrapeConfig(
        string JobName,
        string MetricsPath,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? Params = null,
        IReadOnlyList<DnsSdConfig>? DnsSdConfigs = null,
        IReadOnlyList<StaticConfig>? StaticConfigs = null,
        IReadOnlyList<Relabel>? RelabelConfigs = null);

    private sealed record StaticConfig(IReadOnlyList<string> Targets, IReadOnlyDictionary<string, string>? Labels = null);

    private sealed record DnsSdConfig(IReadOnlyList<string> Names, string Type, int Port);

    private sealed record Relabel(IReadOnlyList<string>? SourceLabels = null, string? Regex = null, string? TargetLabel = null, string? Replacement = null);
}
