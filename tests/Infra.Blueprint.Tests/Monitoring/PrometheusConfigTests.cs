using Infra.Blueprint.Monitoring;
using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Monitoring;

public sealed class PrometheusConfigTests
{
    [Fact]
    public void AddingAReplicaInSettingsAddsItsScrapeTargetAndItsReadinessProbe()
    {
        var three = PrometheusConfig.Render(Repository.Stack("staging").With("app.replicas", "3").ToSettings(false), MonitoringRuntime.Swarm);
        var two = PrometheusConfig.Render(Repository.Stack("staging").ToSettings(false), MonitoringRuntime.Swarm);

        Assert.Contains("- targets: ['app-3:8080']", three);
        Assert.Contains("- targets: ['http://app-3:8080/health/ready']", three);
        Assert.DoesNotContain("app-3", two);
    }

    [Fact]
    public void EveryMonitoredServiceOfThePlanHasAScrapeJob()
    {
        var plan = Planner.Build(Repository.Stack("prod"));
        var jobs = PrometheusConfig.Jobs(plan.Settings);
        var addresses = jobs.SelectMany(j => j.Targets.Select(t => t.Address.Split(':')[0]).Append(j.GlobalService ?? "")).ToHashSet();

        var unscraped = plan.Services.Select(s => s.Name)
            // Scraped through their exporters; the backup job reports through node-exporter's textfile collector.
            .Where(n => n is not (Layout.EdgeService or Layout.PostgresService or Layout.RedisService or Layout.BackupService))
            // PgBouncer has no exporter yet (docs/monitoring.md); the app's readiness covers the path through it.
            .Where(n => n != Layout.PgBouncerService)
            .Where(n => !addresses.Contains(n) && n != Layout.PrometheusService)
            .ToList();

        Assert.True(unscraped.Count == 0, "no scrape job for: " + string.Join(", ", unscraped));
    }

    [Fact]
    public void GlobalServicesAreFoundThroughSwarmTaskDns()
    {
        var config = PrometheusConfig.Render(Repository.Stack("prod").ToSettings(false), MonitoringRuntime.Swarm);

        foreach (var service in new[] { Layout.NodeExporterService, Layout.CadvisorService, Layout.NginxExporterService, Layout.AlloyService })
        {
            Assert.Contains($"- names: ['tasks.{service}']", config);
        }
    }

    [Theory]
    [InlineData("staging", true)]
    [InlineData("prod", false)]
    public void ACappedStackDowngradesCriticalAlertsToWarnings(string stack, bool capped)
    {
        var config = PrometheusConfig.Render(Repository.Stack(stack).ToSettings(false), MonitoringRuntime.Swarm);

        Assert.Equal(capped, config.Contains("replacement: 'warning'", StringComparison.Ordinal));
    }

    [Fact]
    public void TargetsTheRuntimeDoesNotMapAreLeftOut()
    {
        var runtime = MonitoringRuntime.Swarm with { Map = a => a.StartsWith("app-1", StringComparison.Ordinal) ? "127.0.0.1:5000" : null, DnsDiscovery = false };

        var config = PrometheusConfig.Render(Repository.Stack("staging").ToSettings(false), runtime);

        Assert.Contains("- targets: ['127.0.0.1:5000']", config);
        Assert.DoesNotContain("app-2", config);
        Assert.DoesNotContain("tasks.", config);
    }
}
