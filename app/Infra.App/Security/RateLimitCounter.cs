using System.Collections.Concurrent;
using Infra.App.Redis;
using StackExchange.Redis;

namespace Infra.App.Security;

/// <summary>
/// Fixed one-minute windows per client, counted in Redis so the limit holds across replicas; while Redis is down,
/// counted in this process, so each replica allows the full limit on its own.
/// </summary>
internal sealed class RateLimitCounter(IConnectionMultiplexer redis, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private const string KeyPrefix = "infra-app:v1:ratelimit:";
    private readonly ConcurrentDictionary<string, int> _local = new();
    private long _localWindow = -1;

    /// <summary>The client's count in the current window, this request included, and when the window ends.</summary>
    public async Task<(long Count, TimeSpan ResetsIn)> IncrementAsync(string client)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var window = now / (long)Window.TotalMilliseconds;
        var resetsIn = TimeSpan.FromMilliseconds((window + 1) * (long)Window.TotalMilliseconds - now);
        try
        {
            // The window number is in the key, so a counter whose expiry never got set still stops mattering.
            return (await IncrementInRedisAsync($"{KeyPrefix}{window}:{client}"), resetsIn);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            return (IncrementLocal(client, window), resetsIn);
        }
    }

    /// <summary>
    /// Both commands leave in the same write (the multiplexer pipelines them); <c>NX</c> (Redis 7) keeps later
    /// increments from pushing the expiry back.
    /// </summary>
    private async Task<long> IncrementInRedisAsync(string key)
    {
        var database = redis.GetDatabase();
        var count = database.StringIncrementAsync(key);
        var expiry = database.KeyExpireAsync(key, Window, ExpireWhen.HasNoExpiry);
        await Task.WhenAll(count, expiry);
        return await count;
    }

    private int IncrementLocal(string client, long window)
    {
        // A new window forgets the old one at once: the dictionary never holds more than one minute of clients.
        if (Interlocked.Exchange(ref _localWindow, window) != window)
        {
            _local.Clear();
        }

        return _local.AddOrUpdate(client, 1, static (_, count) => count + 1);
    }
}
