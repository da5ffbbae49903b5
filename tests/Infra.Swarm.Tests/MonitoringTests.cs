using System.Globalization;
using System.Text.Json.Nodes;
using Infra.Blueprint.Monitoring;
using Infra.Blueprint.Platform;
using Xunit.Abstractions;

namespace Infra.Swarm.Tests;

/// <summary>
/// Prometheus, Alertmanager and the exporters deployed from their records (stand-ins from Debian's packages), with the
/// plan's own <c>prometheus.yml</c>, <c>alerts.yml</c> and <c>alertmanager.yml</c>: what Prometheus finds on the Swarm
/// and where its alerts go. Its HTTP API is read from inside its task (nothing of it is published).
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class MonitoringTests(SwarmFixture fixture, ITestOutputHelper output)
{
    // Scrapes every 15 s and re-reads task DNS every 30 s: a target found late is up within a minute or two.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task EveryScrapeTargetOfADeployedServiceIsUpTheWorkersTasksIncluded()
    {
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var job in PrometheusConfig.Jobs(fixture.Plan.Settings))
        {
            var service = ServiceOf(job);
            if (fixture.NotDeployed.Contains(service))
            {
                output.WriteLine($"job {job.Name}: not checked, {service} is not deployed (docs/swarm.md)");
            }
            else if (service == Layout.GrafanaService)
            {
                output.WriteLine($"job {job.Name}: not checked, the grafana stand-in is not Grafana and has no /metrics");
            }
            else
            {
                expected[job.Name] = job.TasksOf is { } tasksOf ? Placement.Tasks(fixture.Plan, fixture.Deployment.Step(tasksOf).Spec) : job.Targets.Count;
            }
        }

        Assert.Contains(fixture.Plan.Layout.Workers[0], expected.Keys);
        var problems = new List<string>();
        var allUp = await Eventually(async () =>
        {
            var targets = (await Prometheus("targets?state=active"))["activeTargets"]!.AsArray().Select(t => t!).ToList();
            problems = [.. expected.SelectMany(e =>
            {
                var ofJob = targets.Where(t => (string?)t["labels"]!["job"] == e.Key).ToList();
                var down = ofJob.Where(t => (string?)t["health"] != "up").Select(t => $"{e.Key} {t["labels"]!["instance"]}: {t["health"]} {t["lastError"]}");
                return ofJob.Count == e.Value ? down : down.Prepend($"{e.Key}: {ofJob.Count} target(s), the plan declares {e.Value}");
            })];
            return problems.Count == 0;
        });

        Assert.True(allUp, "not up after " + Patience.TotalSeconds + " s:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task TheProbesOverTheOverlaysSucceedAndTheExportersSeeTheirDaemons()
    {
        var layout = fixture.Plan.Layout;
        var failing = new List<string>();
        var ok = await Eventually(async () =>
        {
            var ready = await Query($"probe_success{{job=\"{PrometheusConfig.ReadinessProbeJob}\"}}");
            var origin = await Query($"probe_success{{job=\"{PrometheusConfig.OriginTlsProbeJob}\"}}");
            failing =
            [
                .. layout.AppReplicas.Where(r => !ready.Any(s => (string?)s!["metric"]!["replica"] == r && Value(s) == 1)).Select(r => $"readiness of {r} (probed over the backend network)"),
                .. origin.Any(s => Value(s) == 1) ? [] : new[] { $"the origin certificate, read from {Layout.EdgeService} over {Layout.EdgeGrafanaNetwork}" },
            ];
            foreach (var up in new[] { "pg_up", "redis_up", "nginx_up" })
            {
                if (!(await Query(up)).Any(s => Value(s) == 1))
                {
                    failing.Add($"{up} is not 1");
                }
            }

            return failing.Count == 0;
        });

        Assert.True(ok, "failing: " + string.Join("; ", failing));
        var expiry = (await Query($"probe_ssl_earliest_cert_expiry{{job=\"{PrometheusConfig.OriginTlsProbeJob}\"}}")).Single();
        Assert.True(DateTimeOffset.FromUnixTimeSeconds((long)Value(expiry)) > DateTimeOffset.UtcNow, $"the origin certificate's expiry reads {Value(expiry)}");
        // The public probe goes through Cloudflare: staging.example.com resolves nowhere here.
        output.WriteLine($"{PrometheusConfig.PublicProbeJob}: {string.Join(", ", (await Query($"probe_success{{job=\"{PrometheusConfig.PublicProbeJob}\"}}")).Select(s => $"{s!["metric"]!["instance"]}={Value(s)}"))} (no public DNS here)");
    }

    [Fact]
    public async Task PrometheusSendsItsAlertsToThePlansAlertmanagerAndTheWatchdogArrives()
    {
        // The plan's address, as prometheus.yml names it; that the Watchdog arrives below proves it reaches the task.
        var planned = $"http://{Layout.AlertmanagerService}:{Layout.AlertmanagerPort}/api/v2/alerts";
        var active = new List<string>();
        var listed = await Eventually(async () =>
        {
            active = [.. (await Prometheus("alertmanagers"))["activeAlertmanagers"]!.AsArray().Select(a => (string)a!["url"]!)];
            return active.SequenceEqual([planned]);
        });
        Assert.True(listed, $"Prometheus's active Alertmanagers are [{string.Join(", ", active)}], not [{planned}]");

        // Watchdog is always firing: evaluated by Prometheus from the plan's rules, received by the plan's Alertmanager.
        var alertmanager = await fixture.Container(Layout.AlertmanagerService);
        var received = "";
        var arrived = await Eventually(() =>
        {
            received = fixture.Node.ExecIn(alertmanager, ["wget", "-q", "-O", "-", $"http://127.0.0.1:{Layout.AlertmanagerPort}/api/v2/alerts"], check: false).Stdout;
            var alerts = received.Length > 0 ? JsonNode.Parse(received)!.AsArray() : [];
            return Task.FromResult(alerts.Any(a => (string?)a!["labels"]!["alertname"] == AlertNames.Watchdog
                && (string?)a["labels"]!["stack"] == fixture.Plan.Settings.Stack));
        });
        Assert.True(arrived, $"{AlertNames.Watchdog} (stack {fixture.Plan.Settings.Stack}) never reached Alertmanager; it holds: {received}");
    }

    // The service a job scrapes: the one whose tasks it finds, the blackbox prober for a probe, else its targets' host.
    private static string ServiceOf(ScrapeJob job)
    {
        if (job.TasksOf is { } tasksOf)
        {
            return tasksOf;
        }

        if (job.ProbeModule is not null)
        {
            return Layout.BlackboxService;
        }

        var host = job.Targets[0].Address.Split(':')[0];
        return host == "localhost" ? Layout.PrometheusService : host;
    }

    private async Task<JsonArray> Query(string promql) =>
        (await Prometheus("query?query=" + Uri.EscapeDataString(promql)))["result"]!.AsArray();

    private static double Value(JsonNode? sample) => double.Parse((string)sample!["value"]![1]!, CultureInfo.InvariantCulture);

    // GETs /api/v1/<path> from inside Prometheus's task and returns its data.
    private async Task<JsonNode> Prometheus(string path)
    {
        var container = await fixture.Container(Layout.PrometheusService);
        var result = fixture.Node.ExecIn(container, ["wget", "-q", "-O", "-", $"http://127.0.0.1:{Layout.PrometheusPort}/api/v1/{path}"], check: false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"Prometheus's API /api/v1/{path} failed: {result.Output}");
        }

        return JsonNode.Parse(result.Stdout)!["data"]!;
    }

    private static async Task<bool> Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(2000);
        }

        return await condition();
    }
}
