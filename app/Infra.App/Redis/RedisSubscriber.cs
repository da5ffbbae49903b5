namespace Infra.App.Redis;

/// <summary>
/// Keeps a dedicated connection subscribed to every listener's channel, reconnecting with backoff when Redis goes
/// away. A PING every few seconds finds a connection that died without a FIN.
/// </summary>
internal sealed class RedisSubscriber(RedisClient redis, IEnumerable<IRedisChannelListener> listeners, ILogger<RedisSubscriber> logger)
    : BackgroundService
{
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);
    private readonly Dictionary<string, IRedisChannelListener> _listeners = listeners.ToDictionary(l => l.Channel);
    private int _subscribed;

    /// <summary>True while the subscription is established.</summary>
    public bool IsSubscribed => Volatile.Read(ref _subscribed) == 1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await redis.OpenDedicatedAsync(Dispatch, stoppingToken);
                // One SUBSCRIBE per channel: Redis confirms each channel with its own reply.
                await connection.ExecuteAsync(_listeners.Keys.Select(k => new RedisArg[] { "SUBSCRIBE", k }).ToArray(), stoppingToken);
                Volatile.Write(ref _subscribed, 1);
                backoff = TimeSpan.FromMilliseconds(100);
                logger.LogInformation("Subscribed to Redis channels {Channels}", string.Join(", ", _listeners.Keys));
                foreach (var listener in _listeners.Values)
                {
                    listener.OnSubscribed();
                }

                while (true)
                {
                    await Task.Delay(PingInterval, stoppingToken);
                    await connection.ExecuteAsync(["PING"], stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is RedisUnavailableException or RedisErrorException or RedisProtocolException)
            {
                if (Interlocked.Exchange(ref _subscribed, 0) == 1)
                {
                    logger.LogWarning("Redis subscription lost; live updates reach only this replica's clients until it returns: {Reason}", e.Message);
                }

                try
                {
                    await Task.Delay(backoff, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    private void Dispatch(RedisReply push)
    {
        // ["message", channel, payload]
        if (push.Items is [_, var channel, var payload]
            && channel.AsString() is { } name
            && _listeners.TryGetValue(name, out var listener)
            && payload.Bulk is { } bytes)
        {
            try
            {
                listener.OnMessage(bytes);
            }
            catch (Exception e)
            {
                // A bad message must not take the subscription down with it.
                logger.LogError(e, "Listener for Redis channel {Channel} failed", name);
            }
        }
    }
}
