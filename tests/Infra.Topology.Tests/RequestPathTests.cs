using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Infra.Contract;
using Infra.Loopback;
using Infra.TestKit;

namespace Infra.Topology.Tests;

/// <summary>Scenarios 1–4: under wrk load through nginx, replicas roll, die and nginx reloads without a failed request.</summary>
[Collection(TopologyCollection.Name)]
public sealed class RequestPathTests(TopologyFixture fixture)
{
    // 10 s of two wrk threads on loopback complete thousands of requests on idle cores, and 1,051 on cores a Swarm run
    // shared; fewer than 500 means the load did not really run. A guard against a vacuous run, not a throughput goal.
    private const long MinimumRequests = 500;
    private readonly LoopbackTopology _topology = fixture.Topology;

    [Fact]
    public async Task RollingEveryReplicaInTurnFailsNoRequest()
    {
        var runs = await Scenarios.RolloutAsync(_topology, fixture.TaskUrl, Load.Test);

        foreach (var (load, replica, switchedAfter) in runs)
        {
            AssertLoadRan(load);
            Assert.True(switchedAfter < Load.Test.Duration, $"app-{replica.Replica} switched {switchedAfter} after the load started, after wrk's {Load.Test.Duration} run");
            AssertNoFailures(load, $"rolling app-{replica.Replica}");
            Assert.True(await replica.OldExit == 0, $"app-{replica.Replica} (port {replica.OldPort}) did not drain and exit 0 on SIGTERM");
            Assert.True(_topology.VirtualIps[replica.Replica - 1].ConnectionsTo(replica.NewPort) > 0, $"no connection reached the new app-{replica.Replica} (port {replica.NewPort})");
        }
    }

    [Fact]
    public async Task KillingAReplicaFailsNoIdempotentRequest()
    {
        var (load, exitCode, killed) = await Scenarios.KillAsync(_topology, fixture.TaskUrl, Load.Test);

        AssertLoadRan(load);
        Assert.Equal(128 + 9, exitCode);
        AssertNoFailures(load, "SIGKILL of app-1");
        // nginx did send requests to the dead replica (its VIP accepted them and found no task), and passed each on to
        // a live one: none failed. Counted at the VIP stand-in, not read back from nginx's access log.
        var refused = _topology.VirtualIps[0].RefusedBy(killed);
        Assert.True(refused > 0, $"no connection to the killed app-1 (port {killed}) was attempted during the load: the kill was not exercised ({load.Requests} requests)");
    }

    // At a reload the old workers close their idle keep-alive connections. wrk, unlike browsers (RFC 9112 §9.3.1),
    // does not resend a request it wrote onto a connection the server had just closed, and counts a read error. Such a
    // request never reached nginx, so it cannot have failed there: no non-2xx, no connect, write or timeout error,
    // and at most one lost write per connection and reload. docs/edge.md says what this does and does not prove.
    [Fact]
    public async Task ReloadingNginxAnswersEveryRequestItReceives()
    {
        var load = await Scenarios.ReloadAsync(_topology, fixture.TaskUrl, Load.Test);

        AssertLoadRan(load);
        AssertAnswered(load, reloads: 2, "two nginx reloads");
    }

    [Fact]
    public async Task WebSocketClientsThroughNginxReceiveLiveUpdates()
    {
        using var first = await ConnectAsync();
        using var second = await ConnectAsync();
        Assert.Equal("hello", (await ReceiveAsync(first)).GetProperty("type").GetString());
        Assert.Equal("hello", (await ReceiveAsync(second)).GetProperty("type").GetString());

        using var client = _topology.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/tasks", new { title = "pushed through the edge" });
        response.EnsureSuccessStatusCode();
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();

        await AssertCreatedAsync(first, id);
        await AssertCreatedAsync(second, id);
    }

    // The same reloads under a client that behaves like a browser: .NET's HttpClient resends an idempotent request
    // that met a keep-alive connection the server had just closed. Bounded: 16 workers, 8 s.
    [Fact]
    public async Task ReloadingNginxFailsNoRequestOfAClientThatRetriesLikeBrowsers()
    {
        using var client = _topology.CreateClient();
        await using var load = RequestLoad.Start(client, fixture.TaskUrl.PathAndQuery, limit: TimeSpan.FromSeconds(8));

        await Task.Delay(TimeSpan.FromSeconds(2));
        await _topology.ReloadNginxAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await _topology.ReloadNginxAsync();
        var outcome = await load.FinishedAsync();

        Assert.True(outcome.Succeeded >= MinimumRequests / 4, $"only {outcome.Succeeded} requests completed; the load did not really run");
        Assert.True(outcome.Failed == 0, $"{outcome} across two reloads");
    }

    private static void AssertLoadRan(WrkResult load) =>
        Assert.True(load.Requests >= MinimumRequests, $"wrk completed only {load.Requests} requests (want ≥ {MinimumRequests}):\n{load.Output}");

    private void AssertNoFailures(WrkResult load, string operation) =>
        Assert.True(load.Failed == 0, $"{operation} under load: {load}\n{load.Output}\nnginx error log:\n{_topology.Nginx.ErrorLog()}");

    private void AssertAnswered(WrkResult load, int reloads, string operation) =>
        Assert.True(load.Non2xx == 0 && load.SocketErrors == load.ReadErrors && load.ReadErrors <= reloads * Load.Test.Connections,
            $"{operation} under load: {load}\n{load.Output}\nnginx error log:\n{_topology.Nginx.ErrorLog()}");

    private async Task<ClientWebSocket> ConnectAsync()
    {
        var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        // The edge admits only the app's own origins; the app checks Origin against the Host nginx forwards, the configured name.
        socket.Options.SetRequestHeader("Origin", $"https://{_topology.CurrentSettings.Domain}");
        await socket.ConnectAsync(new Uri($"wss://127.0.0.1:{_topology.HttpsAddress.Port}{AppContract.Paths.WebSocket}"), Timeout());
        return socket;
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;

    private static Task<JsonElement> ReceiveAsync(ClientWebSocket socket) => socket.ReceiveJsonAsync(Timeout());

    private static async Task AssertCreatedAsync(ClientWebSocket socket, long id)
    {
        for (var i = 0; i < 20; i++)
        {
            var message = await ReceiveAsync(socket);
            if (message.TryGetProperty("id", out var messageId) && messageId.GetInt64() == id)
            {
                Assert.Equal("task.created", message.GetProperty("type").GetString());
                return;
            }
        }

        throw new Xunit.Sdk.XunitException($"No task.created for task {id} within 20 messages through nginx.");
    }
}
