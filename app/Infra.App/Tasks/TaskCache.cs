using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Infra.App.Json;
using Infra.App.Metrics;
using Infra.App.Redis;
using Infra.App.Settings;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Infra.App.Tasks;

/// <summary>
/// Read-through cache of single tasks, shared by every replica in Redis. While Redis is down it falls back to a small
/// in-process cache with a short lifetime, since other replicas cannot invalidate it; invalidations that could not
/// reach Redis are replayed when it returns (and before this replica reads from it again), so no replica serves what
/// this one changed meanwhile.
/// </summary>
internal sealed class TaskCache
{
    /// <summary>Bounds how long an entry can be stale after a write raced a read-through fill.</summary>
    public static readonly TimeSpan RedisTimeToLive = TimeSpan.FromSeconds(30);

    /// <summary>Short: nothing tells this replica's memory about writes on other replicas.</summary>
    public static readonly TimeSpan MemoryTimeToLive = TimeSpan.FromSeconds(5);

    private const int MaxPendingInvalidations = 100_000;
    private const int ReplayBatch = 1_000;
    private readonly IDatabase _redis;
    private readonly IMemoryCache _memory;
    private readonly AppMetrics _metrics;
    private readonly ILogger<TaskCache> _logger;
    private readonly ConcurrentDictionary<string, byte> _pendingInvalidations = new();
    private readonly SemaphoreSlim _replaying = new(1, 1);
    private readonly string _keyPrefix;

    public TaskCache(IConnectionMultiplexer redis, IMemoryCache memory, AppMetrics metrics, IOptions<PostgresOptions> postgres, ILogger<TaskCache> logger)
    {
        // Named after the database the entries mirror, so two stacks pointed at one Redis never read each other's tasks.
        _keyPrefix = $"infra-app:v1:{postgres.Value.Database}:task:";
        _redis = redis.GetDatabase();
        _memory = memory;
        _metrics = metrics;
        _logger = logger;
        redis.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                _ = ReplayOnReconnectAsync();
            }
        };
    }

    public async Task<TaskItem?> GetOrLoadAsync(long id, Func<CancellationToken, Task<TaskItem?>> load, CancellationToken cancellationToken)
    {
        var key = Key(id);
        RedisValue cached;
        try
        {
            if (!_pendingInvalidations.IsEmpty)
            {
                await ReplayInvalidationsAsync(cancellationToken);
            }

            cached = await _redis.StringGetAsync(key);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            return await GetOrLoadFromMemoryAsync(key, load, cancellationToken);
        }

        if (cached.HasValue && TryDeserialize(cached) is { } hit)
        {
            Count("hit", "redis");
            return hit;
        }

        Count("miss", "redis");
        var item = await load(cancellationToken);
        if (item is not null)
        {
            try
            {
                await _redis.StringSetAsync(key, JsonSerializer.SerializeToUtf8Bytes(item, AppJsonContext.Default.TaskItem), RedisTimeToLive);
            }
            catch (Exception e) when (RedisOutage.Is(e))
            {
                // The read still succeeded; the next one fills the cache.
            }
        }

        return item;
    }

    public async Task InvalidateAsync(long id)
    {
        var key = Key(id);
        _memory.Remove(key);
        try
        {
            await _redis.KeyDeleteAsync(key);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            if (_pendingInvalidations.Count < MaxPendingInvalidations)
            {
                _pendingInvalidations.TryAdd(key, 0);
            }
        }
    }

    private async Task<TaskItem?> GetOrLoadFromMemoryAsync(string key, Func<CancellationToken, Task<TaskItem?>> load, CancellationToken cancellationToken)
    {
        if (_memory.TryGetValue(key, out TaskItem? hit) && hit is not null)
        {
            Count("hit", "memory");
            return hit;
        }

        Count("miss", "memory");
        var item = await load(cancellationToken);
        if (item is not null)
        {
            _memory.Set(key, item, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = MemoryTimeToLive, Size = 1 });
        }

        return item;
    }

    /// <summary>Deletes the keys Redis missed, a batch per command; throws an outage if Redis is still unreachable.</summary>
    private async Task ReplayInvalidationsAsync(CancellationToken cancellationToken)
    {
        await _replaying.WaitAsync(cancellationToken);
        try
        {
            var replayed = 0;
            foreach (var batch in _pendingInvalidations.Keys.Chunk(ReplayBatch))
            {
                await _redis.KeyDeleteAsync([.. batch.Select(k => (RedisKey)k)]);
                foreach (var key in batch)
                {
                    _pendingInvalidations.TryRemove(key, out _);
                }

                replayed += batch.Length;
            }

            if (replayed > 0)
            {
                _logger.LogInformation("Replayed {Count} cache invalidation(s) that Redis missed while it was down", replayed);
            }
        }
        finally
        {
            _replaying.Release();
        }
    }

    private async Task ReplayOnReconnectAsync()
    {
        try
        {
            await ReplayInvalidationsAsync(CancellationToken.None);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            // Gone again already; the next read or reconnection tries again.
        }
    }

    private TaskItem? TryDeserialize(RedisValue json)
    {
        try
        {
            return JsonSerializer.Deserialize(((ReadOnlyMemory<byte>)json).Span, AppJsonContext.Default.TaskItem);
        }
        catch (JsonException e)
        {
            // An entry written by another version of the app; treat it as a miss and let the fill overwrite it.
            _logger.LogWarning("Ignoring unreadable cache entry: {Reason}", e.Message);
            return null;
        }
    }

    private void Count(string result, string store) => _metrics.CacheLookups.WithLabels(result, store).Inc();

    private string Key(long id) => _keyPrefix + id.ToString(CultureInfo.InvariantCulture);
}
