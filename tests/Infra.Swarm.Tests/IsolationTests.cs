using System.Net.Sockets;
using Infra.Blueprint.Platform;

namespace Infra.Swarm.Tests;

/// <summary>What can reach what on the Swarm: the data tier only from the backend, the replicas only from the edge, and only the edge from outside.</summary>
[Collection(SwarmCollection.Name)]
public sealed class IsolationTests(SwarmFixture fixture)
{
    private static readonly (string Service, int Port)[] DataServices =
        [(Layout.PostgresService, 5432), (Layout.PgBouncerService, 6432), (Layout.RedisService, 6379)];

    [Fact]
    public async Task PostgresPgBouncerAndRedisAreReachableOnlyFromTheBackendNetwork()
    {
        // The control: from the backend (the app's task) every one of them answers, so a refusal below means isolation.
        var app = await fixture.Container(fixture.Plan.Layout.AppReplicas[0]);
        foreach (var (service, port) in DataServices)
        {
            Assert.True(Connects(app, service, port), $"{service}:{port} does not answer even from app-1 on the backend network");
        }

        var outsiders = fixture.Plan.Services.Where(s => !fixture.NotDeployed.Contains(s.Name) && !s.Networks.Contains(Layout.BackendNetwork)).ToList();
        Assert.NotEmpty(outsiders);
        foreach (var outsider in outsiders)
        {
            var container = await fixture.Container(outsider.Name);
            foreach (var (service, port) in DataServices)
            {
                Assert.False(Connects(container, service, port), $"{service}:{port} is reachable from {outsider.Name} (networks {string.Join(", ", outsider.Networks)})");
            }
        }
    }

    [Fact]
    public async Task NothingButTheEdgeAndTheReplicasIsOnTheEdgeNetwork()
    {
        var network = await fixture.Node.Api.Get($"networks/{Layout.EdgeNetwork}?verbose=true");
        var services = network["Services"]?.AsObject().Select(s => s.Key).Where(s => s.Length > 0).ToList() ?? [];
        var replicas = fixture.Plan.Layout.AppReplicas;

        Assert.NotEmpty(services);
        Assert.All(services, s => Assert.True(fixture.Plan.Layout.EdgeServices.Values.Contains(s) || replicas.Contains(s),
            $"service {s} is on the edge network, where it reaches the replicas' port {fixture.Plan.Settings.App.Port} (and /metrics) directly, though the app trusts X-Forwarded-For from any peer there"));
    }

    [Fact]
    public async Task OnlyTheEdgePublishesPorts()
    {
        foreach (var service in (await fixture.Node.Api.Get("services")).AsArray())
        {
            var name = (string)service!["Spec"]!["Name"]!;
            var ports = service["Endpoint"]?["Ports"]?.AsArray().Count ?? 0;
            Assert.True(fixture.Plan.Layout.EdgeServices.Values.Contains(name) ? ports == 2 : ports == 0, $"service {name} publishes {ports} port(s)");
        }

        foreach (var port in DataServices.Select(d => d.Port).Append(fixture.Plan.Settings.App.Port))
        {
            using var client = new TcpClient();
            var connect = client.ConnectAsync(fixture.Node.Address, port);
            var finished = await Task.WhenAny(connect, Task.Delay(2000)) == connect;
            Assert.False(finished && client.Connected, $"port {port} of the node answers from outside the Swarm");
        }
    }

    private bool Connects(string container, string host, int port) =>
        fixture.Node.ExecIn(container, ["timeout", "3", "bash", "-c", $"exec 3<>/dev/tcp/{host}/{port}"], check: false).ExitCode == 0;
}
