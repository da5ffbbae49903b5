using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Infra.Blueprint.Monitoring;
using Infra.Blueprint.Platform;

namespace Infra.Monitoring.Tests;

/// <summary>Debian's Prometheus with the rendered configuration, scraping real exporters on loopback.</summary>
public sealed partial class MonitoringLoopbackTests(LoopbackMonitoring loopback) : IClassFixture<LoopbackMonitoring>
{
    // cAdvisor has no Debian package: these are the cAdvisor series the rules and dashboards read, as cAdvisor
    // v0.49 documents them (docs/storage/prometheus.md). Every other name is checked against a real scrape.
    private static readonly HashSet<string> CadvisorMetrics =
    [
        "container_cpu_usage_seconds_total", "container_memory_working_set_bytes", "container_oom_events_total", "container_start_time_seconds",
    ];

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void EveryTargetOfTheRenderedScrapeConfigIsUp()
    {
        var down = new List<string>();
        var upEverywhere = LoopbackMonitoring.Eventually(() =>
        {
            down = Targets().Where(t => t.Health != "up").Select(t => $"{t.Job} {t.Instance}: {t.Health} {t.Error}").ToList();
            return down.Count == 0 && Targets().Count > 0;
        }, Patience);

        Assert.True(upEverywhere, "targets not up:\n" + string.Join("\n", down) + "\n--- prometheus.yml ---\n" + loopback.PrometheusYml);
        Assert.Equal(
            new[] { "alertmanager", "app", "blackbox", PrometheusConfig.PublicProbeJob, PrometheusConfig.OriginTlsProbeJob, PrometheusConfig.ReadinessProbeJob, "nginx", "node", "postgres", "prometheus", "redis" }
                .Concat(Layout.Of(loopback.Settings).Workers).Order(StringComparer.Ordinal),
            Targets().Select(t => t.Job).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(loopback.Settings.App.Replicas, Targets().Count(t => t.Job == "app"));
    }

    [Fact]
    public void TheProbesReachThePublicUrlThroughNginxAndEachReplicasReadiness()
    {
        var failing = new List<string>();
        var ok = LoopbackMonitoring.Eventually(() =>
        {
            var results = Query("probe_success");
            failing = results.Where(r => r.Value != "1").Select(r => r.Labels).ToList();
            return results.Count == 2 + loopback.Settings.App.Replicas && failing.Count == 0;
        }, Patience);

        Assert.True(ok, "probes failing: " + string.Join("; ", failing));
        Assert.NotEmpty(Query($"probe_ssl_earliest_cert_expiry{{job=\"{PrometheusConfig.PublicProbeJob}\"}}"));
        // The origin certificate, read from nginx itself: what Cloudflare checks, which the public probe never sees.
        Assert.NotEmpty(Query($"probe_ssl_earliest_cert_expiry{{job=\"{PrometheusConfig.OriginTlsProbeJob}\"}}"));
    }

    [Fact]
    public void TheExportersSeeTheirDaemons()
    {
        var ok = LoopbackMonitoring.Eventually(() =>
            new[] { "pg_up", "redis_up", "nginx_up" }.All(m => Query(m).Any(r => r.Value == "1")), Patience);

        Assert.True(ok, $"pg_up={Show("pg_up")} redis_up={Show("redis_up")} nginx_up={Show("nginx_up")}");
    }

    [Fact]
    public void DashboardsAndRulesQueryOnlyMetricsTheAppOrTheExportersExpose()
    {
        // Scrapes land at their own pace: judge once every queried name is there, or report what never came.
        var unknown = new List<string>();
        LoopbackMonitoring.Eventually(() => (unknown = UnknownNames(Names())).Count == 0, Patience);

        Assert.True(unknown.Count == 0, "queried but exposed by nothing:\n" + string.Join("\n", unknown.Distinct()));
    }

    private List<string> UnknownNames(IReadOnlySet<string> exposed)
    {
        var unknown = new List<string>();
        foreach (var (file, json) in Dashboards.All)
        {
            using var document = JsonDocument.Parse(json);
            foreach (var expr in PrometheusExpressions(document.RootElement))
            {
                unknown.AddRange(MetricNames(expr).Where(n => !exposed.Contains(n) && !CadvisorMetrics.Contains(n)).Select(n => $"{file}: {n} in {expr}"));
            }
        }

        foreach (var rule in AlertRules.For(loopback.Settings))
        {
            unknown.AddRange(MetricNames(rule.Expr).Where(n => !exposed.Contains(n) && !CadvisorMetrics.Contains(n)).Select(n => $"rule {rule.Name}: {n}"));
        }

        return unknown;
    }

    [Fact]
    public void AStoppedExporterMakesItsAlertFireInPrometheusAndReachAlertmanager()
    {
        Assert.True(LoopbackMonitoring.Eventually(() => Query("up{job=\"redis\"}").Any(r => r.Value == "1"), Patience), "redis exporter never came up");
        Assert.Empty(FiringTargetDown("redis"));

        loopback.RedisExporter.Stop();
        try
        {
            Assert.True(LoopbackMonitoring.Eventually(() => FiringTargetDown("redis").Count > 0, Patience), "TargetDown{job=\"redis\"} did not fire");
            Assert.True(LoopbackMonitoring.Eventually(() => AlertmanagerHas("TargetDown"), Patience), "TargetDown did not reach Alertmanager");
        }
        finally
        {
            loopback.RestartRedisExporter();
        }
    }

    private List<JsonElement> FiringTargetDown(string job) =>
        loopback.Api("/api/v1/alerts").GetProperty("alerts").EnumerateArray()
            .Where(a => a.GetProperty("labels").GetProperty("alertname").GetString() == "TargetDown"
                && a.GetProperty("labels").TryGetProperty("job", out var j) && j.GetString() == job
                && a.GetProperty("state").GetString() == "firing")
            .ToList();

    private bool AlertmanagerHas(string alertname)
    {
        var alerts = loopback.Http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{loopback.AlertmanagerPort}/api/v2/alerts").GetAwaiter().GetResult();
        return alerts.EnumerateArray().Any(a => a.GetProperty("labels").GetProperty("alertname").GetString() == alertname);
    }

    private List<(string Job, string Instance, string Health, string Error)> Targets() =>
        loopback.Api("/api/v1/targets?state=active").GetProperty("activeTargets").EnumerateArray()
            .Select(t => (t.GetProperty("labels").GetProperty("job").GetString()!, t.GetProperty("labels").GetProperty("instance").GetString()!,
                t.GetProperty("health").GetString()!, t.GetProperty("lastError").GetString()!))
            .ToList();

    private List<(string Labels, string Value)> Query(string promql) =>
        loopback.Api($"/api/v1/query?query={Uri.EscapeDataString(promql)}").GetProperty("result").EnumerateArray()
            .Select(r => (r.GetProperty("metric").ToString(), r.GetProperty("value")[1].GetString()!))
            .ToList();

    private string Show(string promql) => string.Join(",", Query(promql).Select(r => r.Value));

    private HashSet<string> Names() =>
        loopback.Api("/api/v1/label/__name__/values").EnumerateArray().Select(n => n.GetString()!).ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<string> PrometheusExpressions(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var inner in element.EnumerateArray().SelectMany(PrometheusExpressions))
            {
                yield return inner;
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("expr", out var expr) && element.TryGetProperty("datasource", out var ds)
                && ds.GetProperty("uid").GetString() == GrafanaProvisioning.PrometheusUid)
            {
                yield return expr.GetString()!;
            }

            foreach (var inner in element.EnumerateObject().SelectMany(p => PrometheusExpressions(p.Value)))
            {
                yield return inner;
            }
        }
    }

    /// <summary>The metric names a PromQL expression selects: identifiers that are not functions, keywords, labels or literals.</summary>
    internal static IEnumerable<string> MetricNames(string expr)
    {
        var text = Strings().Replace(expr, "\"\"");
        text = Matchers().Replace(text, "{}");
        text = Ranges().Replace(text, "");
        text = Grouping().Replace(text, " ");
        return Identifiers().Matches(text)
            .Where(m => !text[(m.Index + m.Length)..].TrimStart().StartsWith('('))
            .Select(m => m.Value)
            .Where(n => n is not ("and" or "or" or "unless" or "bool" or "offset" or "inf" or "nan") && !char.IsDigit(n[0]))
            .Distinct();
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Strings();

    [GeneratedRegex("\\{[^}]*\\}")]
    private static partial Regex Matchers();

    [GeneratedRegex("\\[[^\\]]*\\]")]
    private static partial Regex Ranges();

    [GeneratedRegex("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)")]
    private static partial Regex Grouping();

    [GeneratedRegex("(?<![0-9.])\\b[a-zA-Z_:][a-zA-Z0-9_:]*\\b")]
    private static partial Regex Identifiers();
}
