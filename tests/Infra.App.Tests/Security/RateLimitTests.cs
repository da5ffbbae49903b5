using System.Net;
using Infra.App.Security;
using Infra.App.Tests.Fixtures;
using Infra.Contract;

namespace Infra.App.Tests.Security;

[Collection(PlatformCollection.Name)]
public sealed class RateLimitTests(Platform platform)
{
    private const int Limit = 5;

    [Fact]
    public async Task TheLimitIsSharedAcrossReplicasThroughRedis()
    {
        var database = await platform.NewMigratedDatabaseAsync();
        await using var first = await StartLimitedAsync(database, "app-1");
        await using var second = await StartLimitedAsync(database, "app-2");
        var client = NewClientAddress();
        await AvoidTheEndOfAWindowAsync();

        for (var i = 0; i < Limit; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await GetAsync(i % 2 == 0 ? first : second, client));
        }

        using var refused = await SendAsync(second, client);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        // Another client is not affected, and the platform's probes never are.
        Assert.Equal(HttpStatusCode.OK, await GetAsync(first, NewClientAddress()));
        Assert.Equal(HttpStatusCode.OK, (await first.Client.GetAsync(AppContract.Paths.Ready)).StatusCode);
        Assert.True(await first.MetricsClient.MetricAsync(AppContract.Metrics.RateLimited) + await second.MetricsClient.MetricAsync(AppContract.Metrics.RateLimited) >= 1);
    }

    [Fact]
    public async Task EveryCounterInRedisExpiresWithItsWindow()
    {
        await using var app = await StartLimitedAsync(await platform.NewMigratedDatabaseAsync(), "app-1");
        var client = NewClientAddress();
        await AvoidTheEndOfAWindowAsync();

        for (var i = 0; i < 3; i++)
        {
            await GetAsync(app, client);
        }

        await using var redis = await platform.ConnectRedisAsync();
        var counters = redis.GetServers().Single().Keys(pattern: $"*{client}*").ToList();
        Assert.True(counters.Count == 1, $"expected one counter for {client} in Redis, found {counters.Count}");
        Assert.Equal(3, (long)await redis.GetDatabase().StringGetAsync(counters[0]));
        var ttl = await redis.GetDatabase().KeyTimeToLiveAsync(counters[0]);
        Assert.True(ttl > TimeSpan.Zero && ttl <= RateLimitCounter.Window, $"{counters[0]} expires in {ttl?.ToString() ?? "never"}; expected within {RateLimitCounter.Window}");
    }

    [Fact]
    public async Task WhileRedisIsDownEachReplicaLimitsOnItsOwn()
    {
        var database = await platform.NewMigratedDatabaseAsync();
        await using var first = await StartLimitedAsync(database, "app-1");
        await using var second = await StartLimitedAsync(database, "app-2");
        var client = NewClientAddress();

        await platform.Redis.KillAsync();
        try
        {
            await first.WaitForReadyAsync("degraded");
            await second.WaitForReadyAsync("degraded");
            await AvoidTheEndOfAWindowAsync();
            for (var i = 0; i < Limit; i++)
            {
                Assert.Equal(HttpStatusCode.OK, await GetAsync(first, client));
            }

            Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(first, client));
            Assert.Equal(HttpStatusCode.OK, await GetAsync(second, client));
        }
        finally
        {
            await platform.Redis.StartProcessAsync();
        }
    }

    private Task<AppProcess> StartLimitedAsync(string database, string instance) =>
        platform.StartAppAsync(database, env => env[AppContract.Env.RateLimitPerMinute] = $"{Limit}", instance);

    /// <summary>Windows are whole minutes: counts made across a minute boundary would start again from zero.</summary>
    private static async Task AvoidTheEndOfAWindowAsync()
    {
        var intoMinute = TimeSpan.FromTicks(DateTime.UtcNow.Ticks % TimeSpan.TicksPerMinute);
        if (intoMinute > TimeSpan.FromSeconds(50))
        {
            await Task.Delay(TimeSpan.FromMinutes(1) - intoMinute + TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>The platform's nginx appends the client's address; each test uses its own so no window is shared.</summary>
    private static string NewClientAddress() => $"2001:db8::{Random.Shared.Next(0x10000):x}:{Random.Shared.Next(0x10000):x}:{Random.Shared.Next(0x10000):x}";

    private static async Task<HttpStatusCode> GetAsync(AppProcess app, string client)
    {
        using var response = await SendAsync(app, client);
        return response.StatusCode;
    }

    private static Task<HttpResponseMessage> SendAsync(AppProcess app, string client) =>
        app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/tasks") { Headers = { { "X-Forwarded-For", client } } });
}
