using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;
using Infra.Contract;

namespace Infra.Blueprint.Monitoring;

/// <summary>
/// Renders <c>prometheus.yml</c>: one job per service, one target per app replica, blackbox probes of the public
/// URLs and of each replica's readiness. Valid for Prometheus 2.42 (Debian 12, the tests) and the pinned image.
/// </summary>
public static class PrometheusConfig
{
    /// <summary>The blackbox job probing the public URLs over HTTPS (status and certificate).</summary>
    public const string PublicProbeJob = "blackbox-https";

    /// <summary>The blackbox job probing each replica's readiness.</summary>
    public const string ReadinessProbeJob = "blackbox-ready";

    /// <summary>The scrape jobs of a stack, in Swarm terms.</summary>
    public static IReadOnlyList<ScrapeJob> Jobs(StackSettings settings)
    {
        var db = settings.HostsWith(HostRole.Db).Single().Name;
        var monitoringHost = settings.HostsWith(HostRole.Monitoring).Single().Name;
        var onDb = Labels(("host", db));
        var onMonitoring = Labels(("host", monitoringHost));
        var replicas = Layout.Of(settings).AppReplicas;

        return
        [
            new("prometheus", [new($"localhost:{Layout.PrometheusPort}", onMonitoring)]),
            new("alertmanager", [new($"{Layout.AlertmanagerService}:{Layout.AlertmanagerPort}", onMonitoring)]),
            new("grafana", [new($"{Layout.GrafanaService}:{Layout.GrafanaPort}", onMonitoring)]),
            new("loki", [new($"{Layout.LokiService}:{Layout.LokiPort}", onMonitoring)]),
            new("blackbox", [new($"{Layout.BlackboxService}:{Layout.BlackboxPort}", onMonitoring)]),
            new("app", replicas.Select(r => new ScrapeTarget($"{r}:{settings.App.Port}", Labels(("replica", r)))).ToList(), MetricsPath: AppContract.Paths.Metrics),
            new("postgres", [new($"{Layout.PostgresExporterService}:{Layout.PostgresExporterPort}", onDb)]),
            new("redis", [new($"{Layout.RedisExporterService}:{Layout.RedisExporterPort}", onDb)]),
            new("node", [], Layout.NodeExporterService, Layout.NodeExporterPort),
            new("cadvisor", [], Layout.CadvisorService, Layout.CadvisorPort),
            new("nginx", [], Layout.NginxExporterService, Layout.NginxExporterPort),
            new("alloy", [], Layout.AlloyService, Layout.AlloyPort),
            new(PublicProbeJob,
            [
                new($"https://{settings.Domain}{AppContract.Paths.Live}", Labels(("endpoint", "app"))),
                new($"https://{settings.Monitoring.GrafanaHostname}/api/health", Labels(("endpoint", "grafana"))),
            ], ProbeModule: BlackboxConfig.PublicModule),
            new(ReadinessProbeJob,
                replicas.Select(r => new ScrapeTarget($"http://{r}:{settings.App.Port}{settings.App.HealthPath}", Labels(("replica", r)))).ToList(),
                ProbeModule: BlackboxConfig.ReadinessModule),
        ];
    }

    /// <summary>Renders the file.</summary>
    public static string Render(StackSettings settings, MonitoringRuntime runtime)
    {
        var y = new Yaml.Writer();
        y.Line(0, "# Rendered by Infra from the stack settings. Do not edit on the server.");
        y.Line(0, "global:");
        y.Line(1, $"scrape_interval: {Yaml.Seconds(runtime.ScrapeInterval)}");
        y.Line(1, $"scrape_timeout: {Yaml.Seconds(runtime.ScrapeInterval < TimeSpan.FromSeconds(10) ? runtime.ScrapeInterval : TimeSpan.FromSeconds(10))}");
        y.Line(1, $"evaluation_interval: {Yaml.Seconds(runtime.EvaluationInterval)}");
        y.Line(1, "external_labels:");
        y.Line(2, $"stack: {Yaml.Quote(settings.Stack)}");
        y.Line(0, "rule_files:");
        foreach (var file in runtime.RuleFiles)
        {
            y.Line(1, $"- {Yaml.Quote(file)}");
        }

        y.Line(0, "alerting:");
        if (settings.Monitoring.MaxSeverity == AlertSeverity.Warning)
        {
            // Environment differences are data: this stack's alerts never page.
            y.Line(1, "alert_relabel_configs:");
            y.Line(2, "- source_labels: ['severity']");
            y.Line(3, "regex: 'critical'");
            y.Line(3, "target_label: 'severity'");
            y.Line(3, "replacement: 'warning'");
        }

        y.Line(1, "alertmanagers:");
        var alertmanager = runtime.Map($"{Layout.AlertmanagerService}:{Layout.AlertmanagerPort}");
        y.Line(2, "- static_configs:");
        y.Line(4, $"- targets: {Yaml.List(alertmanager is null ? [] : [alertmanager])}");

        y.Line(0, "scrape_configs:");
        foreach (var job in Jobs(settings))
        {
            if (job.ProbeModule is not null)
            {
                RenderProbe(y, job, runtime);
            }
            else
            {
                RenderJob(y, job, runtime);
            }
        }

        return y.ToString();
    }

    private static void RenderJob(Yaml.Writer y, ScrapeJob job, MonitoringRuntime runtime)
    {
        y.Line(1, $"- job_name: {Yaml.Quote(job.Name)}");
        y.Line(2, $"metrics_path: {Yaml.Quote(job.MetricsPath)}");
        if (job.GlobalService is not null && runtime.DnsDiscovery)
        {
            y.Line(2, "dns_sd_configs:");
            y.Line(3, $"- names: {Yaml.List([$"tasks.{job.GlobalService}"])}");
            y.Line(4, "type: 'A'");
            y.Line(4, $"port: {job.Port}");
            return;
        }

        var targets = job.GlobalService is not null
            ? [new ScrapeTarget($"{job.GlobalService}:{job.Port}", Labels())]
            : job.Targets;
        StaticConfigs(y, targets.Select(t => (runtime.Map(t.Address), t.Labels)));
    }

    // A probe job scrapes the blackbox exporter with ?module=…&target=<probed URL>; the probed URL becomes the instance.
    private static void RenderProbe(Yaml.Writer y, ScrapeJob job, MonitoringRuntime runtime)
    {
        y.Line(1, $"- job_name: {Yaml.Quote(job.Name)}");
        y.Line(2, "metrics_path: '/probe'");
        y.Line(2, "params:");
        y.Line(3, $"module: {Yaml.List([job.ProbeModule!])}");
        StaticConfigs(y, job.Targets.Select(t => (runtime.Map(t.Address), t.Labels)));
        y.Line(2, "relabel_configs:");
        y.Line(3, "- source_labels: ['__address__']");
        y.Line(4, "target_label: '__param_target'");
        y.Line(3, "- source_labels: ['__param_target']");
        y.Line(4, "target_label: 'instance'");
        y.Line(3, "- target_label: '__address__'");
        y.Line(4, $"replacement: {Yaml.Quote(runtime.Map($"{Layout.BlackboxService}:{Layout.BlackboxPort}") ?? "")}");
    }

    private static void StaticConfigs(Yaml.Writer y, IEnumerable<(string? Address, IReadOnlyDictionary<string, string> Labels)> targets)
    {
        y.Line(2, "static_configs:");
        var any = false;
        foreach (var (address, labels) in targets.Where(t => t.Address is not null))
        {
            any = true;
            y.Line(3, $"- targets: {Yaml.List([address!])}");
            if (labels.Count > 0)
            {
                y.Line(4, "labels:");
                foreach (var (name, value) in labels)
                {
                    y.Line(5, $"{name}: {Yaml.Quote(value)}");
                }
            }
        }

        if (!any)
        {
            y.Line(3, "- targets: []");
        }
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
}
