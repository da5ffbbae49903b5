using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Infra.App.Tests.Fixtures;
using Infra.Contract;

namespace Infra.App.Tests.Updates;

[Collection(PlatformCollection.Name)]
public sealed class TaskUpdatesApiTests(Platform platform)
{
    [Fact]
    public async Task ChangesOnOneReplicaReachClientsOfEveryReplica()
    {
        var database = await platform.NewMigratedDatabaseAsync();
        await using var first = await platform.StartAppAsync(database, instance: "app-1");
        await using var second = await platform.StartAppAsync(database, instance: "app-2");
        using var onFirst = await ConnectAsync(first);
        using var onSecond = await ConnectAsync(second);
        Assert.Equal("app-1", (await ReceiveAsync(onFirst)).GetProperty("instance").GetString());
        Assert.Equal("app-2", (await ReceiveAsync(onSecond)).GetProperty("instance").GetString());

        var id = (await first.Client.CreateTaskAsync("fan out")).GetProperty("id").GetInt64();
        await AssertChangeAsync(onFirst, "task.created", id);
        await AssertChangeAsync(onSecond, "task.created", id);

        (await second.Client.PutAsJsonAsync($"/api/tasks/{id}", new { title = "fanned out", done = true })).EnsureSuccessStatusCode();
        Assert.True((await AssertChangeAsync(onFirst, "task.updated", id)).GetProperty("task").GetProperty("done").GetBoolean());
        await AssertChangeAsync(onSecond, "task.updated", id);

        (await first.Client.DeleteAsync($"/api/tasks/{id}")).EnsureSuccessStatusCode();
        await AssertChangeAsync(onFirst, "task.deleted", id);
        await AssertChangeAsync(onSecond, "task.deleted", id);
    }

    [Fact]
    public async Task ReplicasStartedWhileRedisIsDownShareChangesOnceItReturns()
    {
        var database = await platform.NewMigratedDatabaseAsync();
        await platform.Redis.KillAsync();
        AppProcess? first = null, second = null;
        try
        {
            first = AppProcess.Start(platform.Environment(database, "app-1"));
            second = AppProcess.Start(platform.Environment(database, "app-2"));
            await first.WaitForReadyAsync("degraded");
            await second.WaitForReadyAsync("degraded");
        }
        finally
        {
            await platform.Redis.StartProcessAsync();
        }

        await using (first)
        await using (second)
        {
            // Healthy includes the subscription, which neither replica could make at start-up.
            await first.WaitForReadyAsync("healthy", TimeSpan.FromSeconds(15));
            await second.WaitForReadyAsync("healthy", TimeSpan.FromSeconds(15));
            using var onFirst = await ConnectAsync(first);
            await ReceiveAsync(onFirst);

            var id = (await second.Client.CreateTaskAsync("after the outage")).GetProperty("id").GetInt64();

            await AssertChangeAsync(onFirst, "task.created", id);
        }
    }

    [Fact]
    public async Task WebSocketFromAnOriginNotAllowedIsRefused()
    {
        await using var app = await platform.StartAppAsync();
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", "https://evil.example");
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(Uri(app), Timeout()));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Fact]
    public async Task DrainClosesWebSocketsWithGoingAway()
    {
        await using var app = await platform.StartAppAsync();
        using var socket = await ConnectAsync(app);
        await ReceiveAsync(socket);

        app.Process.Signal(Signals.SigTerm);

        var buffer = new byte[1024];
        var result = await socket.ReceiveAsync(buffer, Timeout(10));
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, socket.CloseStatus);
        Assert.Equal(0, await app.Process.WaitForExitAsync(TimeSpan.FromSeconds(10)));
    }

    private static Uri Uri(AppProcess app) => new($"ws://127.0.0.1:{app.Port}{AppContract.Paths.WebSocket}");

    private static CancellationToken Timeout(int seconds = 5) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    private static async Task<ClientWebSocket> ConnectAsync(AppProcess app)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", "https://app.example.com");
        await socket.ConnectAsync(Uri(app), Timeout());
        return socket;
    }

    private static Task<JsonElement> ReceiveAsync(ClientWebSocket socket) => socket.ReceiveJsonAsync(Timeout());

    /// <summary>The next message about <paramref name="id"/>, skipping resync notices and other tasks' changes.</summary>
    private static async Task<JsonElement> AssertChangeAsync(ClientWebSocket socket, string type, long id)
    {
        for (var i = 0; i < 20; i++)
        {
            var message = await ReceiveAsync(socket);
            if (message.TryGetProperty("id", out var messageId) && messageId.GetInt64() == id)
            {
                Assert.Equal(type, message.GetProperty("type").GetString());
                return message;
            }
        }

        throw new Xunit.Sdk.XunitException($"No {type} for task {id} within 20 messages.");
    }
}
