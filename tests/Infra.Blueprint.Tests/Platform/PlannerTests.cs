using FsCheck;
using FsCheck.Fluent;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;
using Infra.Contract;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Platform;

public sealed class PlannerTests
{
    private static Plan PlanOf(string stack) => Planner.Build(Repository.Stack(stack));

    [Fact]
    public void TheSameSettingsGiveByteIdenticalFiles()
    {
        var property = Prop.ForAll(
            Gen.Choose(1, 12).ToArbitrary(),
            Gen.Elements(true, false).ToArbitrary(),
            (replicas, maintenance) =>
            {
                var config = Repository.Stack("prod").With("app.replicas", Math.Max(2, replicas).ToString()).With("edge.maintenance", maintenance ? "true" : "false");
                var first = Planner.Build(config).Files;
                var second = Planner.Build(config).Files;
                return first.SequenceEqual(second);
            });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(25), property);
    }

    [Fact]
    public void EachReplicaIsItsOwnServiceUpdatedStartFirstOnlyAfterThePreviousOne()
    {
        var plan = PlanOf("prod");

        var replicas = plan.Services.Where(s => s.Name.StartsWith("app-", StringComparison.Ordinal)).ToList();

        Assert.Equal(["app-1", "app-2", "app-3", "app-4"], replicas.Select(s => s.Name));
        Assert.All(replicas, s => Assert.Equal((1, UpdateOrder.StartFirst, true), (s.Replicas, s.Update.Order, s.Update.RollbackOnFailure)));
        Assert.Equal(["pgbouncer", "redis"], replicas[0].After);
        Assert.Equal(["app-3"], replicas[3].After);
        Assert.Equal(["app-1", "app-2", "app-3", "app-4", "grafana"], plan.Service("edge").After);
    }

    [Fact]
    public void ReplicasGetTheContractEnvironmentAndCredentialsOnlyAsSecretFiles()
    {
        var app = PlanOf("staging").Service("app-2");

        Assert.All(AppContract.Env.All, name => Assert.True(app.Environment.ContainsKey(name), $"app-2 lacks {name}"));
        Assert.Equal("app-2", app.Environment[AppContract.Env.Instance]);
        Assert.Equal("/run/secrets/postgres_password", app.Environment[AppContract.Env.PostgresPasswordFile]);
        Assert.Equal(
            [AppContract.Secrets.SigningKey, AppContract.Secrets.PostgresPassword, AppContract.Secrets.RedisPassword],
            app.Secrets.Select(s => s.Secret));
        Assert.Equal(["CMD", "dotnet", "Infra.App.dll", "healthcheck", "/health/ready"], app.Healthcheck.Test);
        Assert.True(app.StopGraceSeconds > int.Parse(app.Environment[AppContract.Env.DrainSeconds]), "SIGKILL would cut the drain short");
        // The image's user is not the platform's to know (the reference image runs as 1654): every user may read.
        Assert.All(app.Secrets, m => Assert.Equal(0b100_100_100, m.Mode));
    }

    [Fact]
    public void StatefulServicesArePinnedToTheDbHostNextToTheirVolumesAndUpdateStopFirst()
    {
        var plan = PlanOf("prod");

        foreach (var name in new[] { "postgres", "redis" })
        {
            var service = plan.Service(name);
            Assert.Equal((true, UpdateOrder.StopFirst, 1), (service.Stateful, service.Update.Order, service.Replicas));
            Assert.Equal(["node.labels.infra.db==true"], service.Placement);
            Assert.Equal([Layout.BackendNetwork], service.Networks);
        }

        Assert.All(plan.Volumes.Where(v => v.Name is "postgres-data" or "redis-data"), v => Assert.Equal("db-1", v.Host));
        Assert.Equal(["db-1"], plan.Hosts.Where(h => h.NodeLabels.ContainsKey("infra.db")).Select(h => h.Name));
    }

    [Theory]
    [InlineData("prod", true)]
    [InlineData("staging", false)]
    public void StatefulVolumesAreProtectedExactlyInProduction(string stack, bool expected) =>
        Assert.All(PlanOf(stack).Volumes.Where(v => v.Stateful), v => Assert.Equal(expected, v.Protected));

    [Fact]
    public void TheBackendNetworkHasNoRouteOutAndCrossHostTrafficIsEncrypted()
    {
        var networks = PlanOf("prod").Networks.ToDictionary(n => n.Name);

        Assert.True(networks[Layout.BackendNetwork].Internal);
        Assert.False(networks[Layout.EdgeNetwork].Internal);
        Assert.All(networks.Values, n => Assert.True(n.Encrypted));
        Assert.All(PlanOf("staging").Networks, n => Assert.False(n.Encrypted));
    }

    [Fact]
    public void DnsPointsTheDomainAtEveryEdgeHostThroughCloudflare()
    {
        var records = PlanOf("prod").DnsRecords;

        Assert.Equal(
            [
                ("app.example.com", "A", "203.0.113.21"), ("app.example.com", "A", "203.0.113.22"),
                ("grafana.example.com", "A", "203.0.113.21"), ("grafana.example.com", "A", "203.0.113.22"),
            ],
            records.Select(r => (r.Name, r.Type, r.Content)));
        Assert.All(records, r => Assert.Equal((true, 1), (r.Proxied, r.Ttl)));
    }

    [Fact]
    public void WebPortsOpenOnlyOnEdgeHostsAndOnlyToCloudflareAndSwarmPortsOnlyToPeers()
    {
        var rules = PlanOf("prod").FirewallRules;

        var web = rules.Where(r => r.Port is 80 or 443).ToList();
        Assert.Equal(["web-1", "web-2"], web.Select(r => r.Host).Distinct());
        Assert.All(web, r => Assert.Contains("173.245.48.0/20", r.Sources));
        var swarm = rules.Where(r => r.Port is 2377 or 7946 or 4789).ToList();
        Assert.All(swarm, r => Assert.DoesNotContain(rules.First(h => h.Host == r.Host).Host, r.Sources));
        Assert.All(swarm, r => Assert.Equal(4, r.Sources.Count));
        Assert.Equal(["web-1", "web-2", "web-3"], rules.Where(r => r.Port == 2377).Select(r => r.Host));
        Assert.All(rules.Where(r => r.Purpose == "ssh"), r => Assert.Equal(["198.51.100.0/24"], r.Sources));
    }

    [Fact]
    public void AChangedConfigFileGetsANewSwarmConfigName()
    {
        var before = PlanOf("staging").Configs.Single(c => c.Key == "nginx.conf");
        var after = Planner.Build(Repository.Stack("staging").With("edge.maintenance", "true")).Configs.Single(c => c.Key == "nginx.conf");

        Assert.NotEqual(before.Name, after.Name);
        Assert.StartsWith("nginx-conf-", after.Name);
    }

    [Fact]
    public void WithoutDedicatedWorkersTheAppRunsOnEveryHost()
    {
        Assert.All(PlanOf("staging").Hosts, h => Assert.Equal("true", h.NodeLabels["infra.app"]));
        Assert.Equal(["web-1", "web-2", "web-3"], PlanOf("prod").Hosts.Where(h => h.NodeLabels.ContainsKey("infra.app")).Select(h => h.Name));
    }

    [Fact]
    public void TheLeaderIsTheFirstManagerAndDockerIsReachedOverSsh()
    {
        var leader = PlanOf("prod").Leader;

        Assert.Equal(("web-1", "ssh://deploy@203.0.113.21"), (leader.Name, leader.DockerHost));
    }
}
