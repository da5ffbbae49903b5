using Infra.App.Metrics;
using Infra.App.Settings;
using StackExchange.Redis;

namespace Infra.App.Redis;

/// <summary>
/// Opens the multiplexer the way degraded mode needs it: start-up does not wait for Redis, a command fails at once
/// while Redis is down (the caller falls back to Postgres or to this process), and the multiplexer reconnects by itself
/// at most once per <see cref="RetryInterval"/>, re-subscribing its channels when it does.
/// </summary>
internal static class RedisConnection
{
    /// <summary>
    /// How long a command may wait for an answer before Redis counts as down. StackExchange.Redis commands take no
    /// cancellation token: this timeout bounds each one instead.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    /// <summary>The pause between reconnection attempts while Redis is down.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    public static IConnectionMultiplexer Open(RedisOptions redis, AppOptions app, AppMetrics metrics, ILoggerFactory loggers)
    {
        var configuration = new ConfigurationOptions
        {
            EndPoints = { { redis.Host!, redis.Port } },
            Password = redis.ReadPassword(),
            // CLIENT LIST then shows which replica holds which connection.
            ClientName = app.Instance,
            AbortOnConnectFail = false,
            BacklogPolicy = BacklogPolicy.FailFast,
            ConnectTimeout = (int)Timeout.TotalMilliseconds,
            AsyncTimeout = (int)Timeout.TotalMilliseconds,
            SyncTimeout = (int)Timeout.TotalMilliseconds,
            ReconnectRetryPolicy = new LinearRetry((int)RetryInterval.TotalMilliseconds),
            // PING an idle connection every few seconds, so one that died without a FIN is found and reopened.
            KeepAlive = 5,
            // One server, no replicas: nothing to break a tie between, so skip the tie-breaker round trip at connect.
            TieBreaker = "",
            // No LoggerFactory: the library logs each handshake step at Information and each failed reconnection (one
            // a second while Redis is down) at Error; RedisAvailability logs the changes of state instead.
        };
        var multiplexer = ConnectionMultiplexer.Connect(configuration);
        var availability = new RedisAvailability($"{redis.Host}:{redis.Port}", metrics, loggers.CreateLogger(typeof(RedisConnection).FullName!));
        multiplexer.ConnectionFailed += (_, e) => availability.OnFailed(e);
        multiplexer.ConnectionRestored += (_, e) => availability.OnRestored(e);
        availability.Observe(multiplexer.IsConnected);
        return multiplexer;
    }
}
