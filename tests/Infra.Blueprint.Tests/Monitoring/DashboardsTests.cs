using System.Text.Json;
using Infra.Blueprint.Monitoring;
using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Monitoring;

public sealed class DashboardsTests
{
    [Fact]
    public void TheFiveDashboardsAreInTheRepositoryAndProvisioned()
    {
        var plan = Planner.Build(Repository.Stack("prod"));
        var mounts = plan.Service(Layout.GrafanaService).Configs.Select(c => c.Target).ToList();

        Assert.Equal(["hosts.json", "nginx.json", "platform.json", "postgres.json", "redis.json"], Dashboards.All.Select(d => d.FileName));
        Assert.All(Dashboards.All, d => Assert.Contains($"{GrafanaProvisioning.DashboardsDirectory}/{d.FileName}", mounts));
    }

    [Fact]
    public void EveryDashboardParsesHasAUniqueUidAndUsesOnlyProvisionedDatasources()
    {
        var uids = new HashSet<string>();
        foreach (var (name, json) in Dashboards.All)
        {
            using var document = JsonDocument.Parse(json);
            Assert.True(uids.Add(document.RootElement.GetProperty("uid").GetString()!), $"{name}: duplicate uid");
            Assert.False(document.RootElement.GetProperty("editable").GetBoolean(), $"{name}: provisioned dashboards are not editable");
            foreach (var datasource in Datasources(document.RootElement))
            {
                Assert.True(GrafanaProvisioning.DatasourceUids.Contains(datasource), $"{name}: references datasource '{datasource}', which is not provisioned");
            }
        }
    }

    [Fact]
    public void AnonymousAccessIsOffAndTheAdminPasswordIsAGeneratedSecret()
    {
        var plan = Planner.Build(Repository.Stack("prod"));
        var grafana = plan.Service(Layout.GrafanaService);

        Assert.Equal("false", grafana.Environment["GF_AUTH_ANONYMOUS_ENABLED"]);
        Assert.Equal($"/run/secrets/{Layout.GrafanaAdminSecret}", grafana.Environment["GF_SECURITY_ADMIN_PASSWORD__FILE"]);
        Assert.Contains(plan.Secrets, s => s.Name == Layout.GrafanaAdminSecret && s.Kind == SecretKind.Password && s.Length >= 32);
    }

    [Fact]
    public void GrafanaIsServedOnItsHostnameThroughTheEdge()
    {
        var plan = Planner.Build(Repository.Stack("prod"));

        Assert.Contains(plan.DnsRecords, r => r.Name == "grafana.example.com");
        Assert.Contains("grafana.example.com", plan.Certificates.Single(c => c.Name == Layout.OriginCertificate).Hostnames);
        Assert.Contains("server_name grafana.example.com;", plan.Configs.Single(c => c.Key == "nginx.conf").Content);
        Assert.Contains(Layout.EdgeGrafanaNetwork, plan.Service(Layout.EdgeService).Networks);
        Assert.Contains(Layout.EdgeGrafanaNetwork, plan.Service(Layout.GrafanaService).Networks);
        Assert.True(plan.Network(Layout.EdgeGrafanaNetwork).Internal);
        Assert.DoesNotContain(Layout.EdgeNetwork, plan.Service(Layout.GrafanaService).Networks);
        Assert.Equal([Layout.BlackboxService, Layout.EdgeService], plan.Services.Where(s => s.Networks.Contains(Layout.EdgeGrafanaNetwork) && s.Name != Layout.GrafanaService).Select(s => s.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public void NothingButTheEdgeAndTheReplicasJoinsTheEdgeNetwork(string stack)
    {
        var plan = Planner.Build(Repository.Stack(stack));

        var others = plan.Services.Where(s => s.Networks.Contains(Layout.EdgeNetwork) && s.Name != Layout.EdgeService && !plan.Layout.AppReplicas.Contains(s.Name)).Select(s => s.Name);

        // The blackbox prober reads the origin certificate over edge-grafana (the real Swarm tier found it here).
        Assert.True(!others.Any(), $"on the edge network, where the replicas' port is reachable as from the edge: {string.Join(", ", others)}");
    }

    private static IEnumerable<string> Datasources(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "datasource" && property.Value.ValueKind == JsonValueKind.Object)
                {
                    yield return property.Value.GetProperty("uid").GetString()!;
                }

                foreach (var inner in Datasources(property.Value))
                {
                    yield return inner;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray().SelectMany(Datasources))
            {
                yield return item;
            }
        }
    }
}
