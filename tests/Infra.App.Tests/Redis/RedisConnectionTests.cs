using System.Diagnostics;
using System.Net;
using Infra.App.Tests.Fixtures;
using Infra.Contract;
using StackExchange.Redis;

namespace Infra.App.Tests.Redis;

[Collection(PlatformCollection.Name)]
public sealed class RedisConnectionTests(Platform platform)
{
    [Fact]
    public async Task AReplicaHoldsTwoRedisConnectionsHoweverManyRequestsItServes()
    {
        const string instance = "app-connections";
        await using var app = await platform.StartAppAsync(instance: instance);
        var id = (await app.Client.CreateTaskAsync("read by many")).GetProperty("id").GetInt64();
        (await app.Client.GetAsync($"/api/tasks/{id}")).EnsureSuccessStatusCode();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            using var response = await app.Client.GetAsync($"/api/tasks/{id}");
            return response.StatusCode;
        }));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        var hits = await app.MetricsClient.MetricAsync($"{AppContract.Metrics.CacheLookups}{{result=\"hit\",store=\"redis\"}}");
        Assert.True(hits == 200, $"{hits} of 200 reads were Redis cache hits");
        // Commands from every request share the multiplexer's connections (one for commands, one for pub/sub), so
        // Redis's maxclients budget is two per replica whatever the load.
        var connections = (await ClientsAsync()).Count(c => c.Name == instance);
        Assert.True(connections is 1 or 2, $"{instance} holds {connections} Redis connections after 200 concurrent reads; expected at most 2");
    }

    [Fact]
    public async Task WhileRedisIsDownRequestsDoNotWaitOutItsTimeout()
    {
        await using var app = await platform.StartAppAsync();
        var id = (await app.Client.CreateTaskAsync("read while redis is down")).GetProperty("id").GetInt64();

        await platform.Redis.KillAsync();
        try
        {
            await app.WaitForReadyAsync("degraded", TimeSpan.FromSeconds(10));
            var elapsed = Stopwatch.StartNew();
            for (var i = 0; i < 10; i++)
            {
                using var response = await app.Client.GetAsync($"/api/tasks/{id}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            // Each read asks Redis twice (rate limit, cache); waiting out the 1 s timeout would take 20 s.
            Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(5), $"10 reads took {elapsed.Elapsed} while Redis was down: commands waited for it");
        }
        finally
        {
            await platform.Redis.StartProcessAsync();
        }
    }

    [Fact]
    public async Task AWrongRedisPasswordLeavesTheReplicaServingDegraded()
    {
        var wrong = Path.Combine(Path.GetTempPath(), $"redis-password-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(wrong, "not-the-password\n");
        try
        {
            var database = await platform.NewMigratedDatabaseAsync();
            var environment = platform.Environment(database);
            environment[AppContract.Env.RedisPasswordFile] = wrong;
            await using var app = AppProcess.Start(environment);

            await app.WaitForReadyAsync("degraded");

            var (status, report) = await app.ReadinessAsync();
            Assert.Equal(HttpStatusCode.OK, status);
            var redis = report.GetProperty("checks").GetProperty("redis");
            Assert.Equal("degraded", redis.GetProperty("status").GetString());
            Assert.Contains("auth", redis.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
            await app.Client.CreateTaskAsync("written without redis");
        }
        finally
        {
            File.Delete(wrong);
        }
    }

    private async Task<ClientInfo[]> ClientsAsync()
    {
        await using var redis = await platform.ConnectRedisAsync();
        return await redis.GetServers().Single().ClientListAsync();
    }
}
