using System.Globalization;
using Infra.Blueprint.Monitoring;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;
using Infra.TestKit;
using YamlDotNet.RepresentationModel;

namespace Infra.Blueprint.Tests.Monitoring;

public sealed class PrometheusConfigTests
{
    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public void TheRenderedScrapeConfigsReadBackAsTheJobs(string stack)
    {
        var settings = Repository.Stack(stack).ToSettings(false);
        var jobs = PrometheusConfig.Jobs(settings);

        var rendered = ScrapeConfigs(PrometheusConfig.Render(settings, MonitoringRuntime.Swarm));

        Assert.Equal(jobs.Select(j => j.Name), rendered.Select(c => c.Text("job_name")!));
        foreach (var (job, config) in jobs.Zip(rendered))
        {
            Assert.Equal(job.ProbeModule is null ? job.MetricsPath : "/probe", config.Text("metrics_path"));
            if (job.TasksOf is not null)
            {
                var dns = config.Maps("dns_sd_configs").Single();
                Assert.Equal(($"tasks.{job.TasksOf}", "A", job.Port.ToString(CultureInfo.InvariantCulture)), (dns.Texts("names").Single(), dns.Text("type"), dns.Text("port")));
                continue;
            }

            var expected = job.Targets.Select(t => (Targets: string.Join(",", t.Address), Labels: string.Join(",", t.Labels)));
            var actual = config.Maps("static_configs").Select(c => (Targets: string.Join(",", c.Texts("targets")), Labels: string.Join(",", c.Pairs("labels"))));
            Assert.Equal(expected, actual);
            if (job.ProbeModule is not null)
            {
                Assert.Equal([job.ProbeModule], config.Map("params").Texts("module"));
            }
        }
    }

    [Fact]
    public void AddingAReplicaInSettingsAddsItsScrapeTargetAndItsReadinessProbe()
    {
        var three = ScrapeConfigs(PrometheusConfig.Render(Repository.Stack("staging").With("app.replicas", "3").ToSettings(false), MonitoringRuntime.Swarm));
        var two = PrometheusConfig.Render(Repository.Stack("staging").ToSettings(false), MonitoringRuntime.Swarm);

        Assert.Contains("app-3:9464", Targets(three, "app"));
        Assert.Contains("http://app-3:8080/health/ready", Targets(three, PrometheusConfig.ReadinessProbeJob));
        Assert.DoesNotContain("app-3", two);
    }

    [Fact]
    public void TheReadinessProbeFollowsReadyPathAndTheSwarmHealthcheckFollowsHealthPath()
    {
        var defaults = Repository.Stack("staging");
        var both = defaults.With("app.healthPath", "/up-once").With("app.readyPath", "/can-serve");
        var onlyHealth = defaults.With("app.healthPath", "/up-once");

        Assert.Equal(["http://app-1:8080/health/ready", "http://app-2:8080/health/ready"], ReadinessTargets(defaults));
        Assert.Equal(["http://app-1:8080/can-serve", "http://app-2:8080/can-serve"], ReadinessTargets(both));
        Assert.Equal(["http://app-1:8080/health/ready", "http://app-2:8080/health/ready"], ReadinessTargets(onlyHealth));
        Assert.Contains("/up-once", Planner.Build(both).Service("app-1").Healthcheck.Test);
        Assert.Contains("/health/started", Planner.Build(defaults.With("app.readyPath", "/can-serve")).Service("app-1").Healthcheck.Test);
    }

    [Fact]
    public void EveryMonitoredServiceOfThePlanHasAScrapeJob()
    {
        var plan = Planner.Build(Repository.Stack("prod"));
        var jobs = PrometheusConfig.Jobs(plan.Settings);
        var addresses = jobs.SelectMany(j => j.Targets.Select(t => t.Address.Split(':')[0]).Append(j.TasksOf ?? "")).ToHashSet();

        var unscraped = plan.Services.Select(s => s.Name)
            // Scraped through their exporters; the backup job and the TLS probe report through node-exporter's textfile collector.
            .Where(n => !plan.Layout.EdgeServices.Values.Contains(n) && n is not (Layout.PostgresService or Layout.RedisService or Layout.BackupService or TlsProbe.Service))
            // PgBouncer has no exporter yet (docs/monitoring.md); the app's readiness covers the path through it.
            .Where(n => n != Layout.PgBouncerService)
            .Where(n => !addresses.Contains(n) && n != Layout.PrometheusService)
            .ToList();

        Assert.True(unscraped.Count == 0, "no scrape job for: " + string.Join(", ", unscraped));
    }

    [Fact]
    public void GlobalServicesAndEachWorkersReplicasAreFoundThroughSwarmTaskDns()
    {
        var settings = Repository.Stack("prod").ToSettings(false);
        var configs = ScrapeConfigs(PrometheusConfig.Render(settings, MonitoringRuntime.Swarm));

        var names = configs.Where(c => c.Children.ContainsKey("dns_sd_configs")).SelectMany(c => c.Maps("dns_sd_configs").SelectMany(d => d.Texts("names")));

        var workers = Layout.Of(settings).Workers;
        Assert.NotEmpty(workers);
        Assert.Equal(new[] { Layout.NodeExporterService, Layout.CadvisorService, Layout.NginxExporterService, Layout.AlloyService }.Concat(workers).Select(s => $"tasks.{s}"), names);
    }

    [Theory]
    [InlineData("staging", true)]
    [InlineData("prod", false)]
    public void ACappedStackDowngradesCriticalAlertsToWarnings(string stack, bool capped)
    {
        var alerting = YamlReadBack.Parse(PrometheusConfig.Render(Repository.Stack(stack).ToSettings(false), MonitoringRuntime.Swarm)).Map("alerting");

        var relabel = alerting.Children.ContainsKey("alert_relabel_configs") ? alerting.Maps("alert_relabel_configs").Single() : null;

        Assert.Equal(capped ? ("critical", "warning") : default, (relabel?.Text("regex"), relabel?.Text("replacement")));
    }

    [Fact]
    public void TargetsTheRuntimeDoesNotMapAreLeftOut()
    {
        var runtime = MonitoringRuntime.Swarm with { Map = a => a.StartsWith("app-1", StringComparison.Ordinal) ? "127.0.0.1:5000" : null, DnsDiscovery = false };

        var config = PrometheusConfig.Render(Repository.Stack("staging").ToSettings(false), runtime);

        Assert.Equal(["127.0.0.1:5000"], Targets(ScrapeConfigs(config), "app"));
        Assert.DoesNotContain("app-2", config);
        Assert.DoesNotContain("tasks.", config);
    }

    private static IReadOnlyList<YamlMappingNode> ScrapeConfigs(string rendered) => YamlReadBack.Parse(rendered).Maps("scrape_configs");

    private static IReadOnlyList<string> ReadinessTargets(StackConfig config) =>
        Targets(ScrapeConfigs(PrometheusConfig.Render(config.ToSettings(false), MonitoringRuntime.Swarm)), PrometheusConfig.ReadinessProbeJob);

    private static IReadOnlyList<string> Targets(IReadOnlyList<YamlMappingNode> configs, string job) =>
        configs.Single(c => c.Text("job_name") == job).Maps("static_configs").SelectMany(c => c.Texts("targets")).ToList();
}
