using Infra.App.Metrics;
using Infra.App.Redis;
using Infra.App.Settings;
using Infra.App.Tests.Fixtures;
using Infra.Contract;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Infra.App.Tests.Redis;

[Collection(PlatformCollection.Name)]
public sealed class RedisClientTests(Platform platform)
{
    [Fact]
    public async Task StoresAndReadsBinaryValuesWithAnExpiry()
    {
        await using var redis = Client();
        var key = $"test:{Guid.NewGuid()}";
        byte[] value = [0, 13, 10, 255, (byte)'$'];

        await redis.SetAsync(key, value, TimeSpan.FromSeconds(30), default);

        Assert.Equal(value, await redis.GetAsync(key, default));
        var ttl = (await redis.ExecuteAsync(["PTTL", key], default)).AsInteger();
        Assert.InRange(ttl, 1, 30_000);
        Assert.Null(await redis.GetAsync($"test:{Guid.NewGuid()}", default));
    }

    [Fact]
    public async Task WindowCountersCountAndExpireOnce()
    {
        await using var redis = Client();
        var key = $"test:{Guid.NewGuid()}";

        var counts = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => redis.IncrementInWindowAsync(key, TimeSpan.FromSeconds(60), default)));

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), counts.Order());
        Assert.InRange((await redis.ExecuteAsync(["PTTL", key], default)).AsInteger(), 1, 60_000);
    }

    [Fact]
    public async Task AWrongPasswordIsReportedAsUnavailable()
    {
        var wrong = Path.GetTempFileName();
        await File.WriteAllTextAsync(wrong, "not-the-password");
        try
        {
            await using var redis = Client(wrong);

            var error = await Assert.ThrowsAsync<RedisUnavailableException>(() => redis.PingAsync(default));

            Assert.Contains("refused the login", error.Message);
            Assert.False(redis.IsUp);
        }
        finally
        {
            File.Delete(wrong);
        }
    }

    [Fact]
    public async Task FailsFastWhileRedisIsDownAndReconnectsWhenItReturns()
    {
        await using var redis = Client();
        await redis.PingAsync(default);
        var recovered = 0;
        redis.Recovered += () => Interlocked.Increment(ref recovered);

        await platform.Redis.KillAsync();
        try
        {
            await Assert.ThrowsAsync<RedisUnavailableException>(() => redis.PingAsync(default));
            var started = DateTime.UtcNow;
            await Assert.ThrowsAsync<RedisUnavailableException>(() => redis.GetAsync("k", default));
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromMilliseconds(100), "a command waited on a Redis known to be down");
            Assert.False(redis.IsUp);
        }
        finally
        {
            await platform.Redis.StartProcessAsync();
        }

        await redis.PingAsync(default);
        Assert.True(redis.IsUp);
        Assert.Equal(1, recovered);
    }

    [Fact]
    public async Task PipelinedCommandsFromManyCallersGetTheirOwnReplies()
    {
        await using var redis = Client();
        var prefix = $"test:{Guid.NewGuid()}:";
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => redis.SetAsync(prefix + i, [(byte)i], TimeSpan.FromSeconds(30), default)));

        var values = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => redis.GetAsync(prefix + i, default)));

        Assert.All(Enumerable.Range(0, 200), i => Assert.Equal((byte)i, values[i]![0]));
    }

    private RedisClient Client(string? passwordFile = null) => new(
        Options.Create(new RedisOptions
        {
            Host = "127.0.0.1",
            Port = platform.Redis.Port,
            PasswordFile = passwordFile ?? platform.SecretPath(AppContract.Secrets.RedisPassword),
        }),
        new AppMetrics(new MetricRegistry(), Options.Create(new AppOptions())),
        NullLogger<RedisClient>.Instance);
}
