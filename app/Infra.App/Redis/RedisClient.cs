using Infra.App.Metrics;
using Infra.App.Settings;
using Microsoft.Extensions.Options;

namespace Infra.App.Redis;

/// <summary>
/// The app's Redis client: one multiplexed connection, reopened on demand. While Redis is down, commands fail at once
/// with <see cref="RedisUnavailableException"/> (no waiting on a dead server) and a reconnect is tried at most once per
/// <see cref="RetryInterval"/>, so the app recovers by itself when Redis returns.
/// </summary>
internal sealed class RedisClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    private readonly RedisOptions _options;
    private readonly string? _password;
    private readonly AppMetrics _metrics;
    private readonly ILogger<RedisClient> _logger;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private RedisConnection? _connection;
    private long _retryAfter;
    private int _state = Unknown;

    private const int Unknown = -1;
    private const int Down = 0;
    private const int Up = 1;

    public RedisClient(IOptions<RedisOptions> options, AppMetrics metrics, ILogger<RedisClient> logger)
    {
        _options = options.Value;
        _password = _options.ReadPassword();
        _metrics = metrics;
        _logger = logger;
        _metrics.RedisUp.Set(0);
    }

    /// <summary>True while the last command or connection attempt succeeded.</summary>
    public bool IsUp => Volatile.Read(ref _state) == Up;

    /// <summary>Raised when Redis answers again after being down.</summary>
    public event Action? Recovered;

    public string Endpoint => $"{_options.Host}:{_options.Port}";

    public async Task<RedisReply[]> ExecuteAsync(RedisArg[][] commands, CancellationToken cancellationToken, bool retryNow = false)
    {
        var connection = await ConnectedAsync(retryNow, cancellationToken);
        try
        {
            var replies = await connection.ExecuteAsync(commands, cancellationToken);
            MarkUp();
            return replies;
        }
        catch (RedisUnavailableException e)
        {
            MarkDown(e);
            throw;
        }
    }

    public async Task<RedisReply> ExecuteAsync(RedisArg[] command, CancellationToken cancellationToken) =>
        (await ExecuteAsync([command], cancellationToken))[0].ThrowIfError();

    /// <summary>Checks Redis now, even while a reconnect would otherwise wait for <see cref="RetryInterval"/>.</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        var reply = (await ExecuteAsync([["PING"]], cancellationToken, retryNow: true))[0].ThrowIfError();
        if (reply.AsString() != "PONG")
        {
            throw new RedisProtocolException($"PING answered {reply}.");
        }
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken) =>
        (await ExecuteAsync(["GET", key], cancellationToken)).Bulk;

    public Task SetAsync(string key, byte[] value, TimeSpan timeToLive, CancellationToken cancellationToken) =>
        ExecuteAsync(["SET", key, value, "PX", (long)timeToLive.TotalMilliseconds], cancellationToken);

    public async Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        await ExecuteAsync(["DEL", key], cancellationToken);

    /// <summary>
    /// Adds one to a counter that expires <paramref name="window"/> after its first increment, and returns the new
    /// count. Both commands go in one write; <c>NX</c> (Redis 7) keeps later increments from pushing the expiry back.
    /// </summary>
    public async Task<long> IncrementInWindowAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        var replies = await ExecuteAsync([["INCR", key], ["PEXPIRE", key, (long)window.TotalMilliseconds, "NX"]], cancellationToken);
        replies[1].ThrowIfError();
        return replies[0].ThrowIfError().AsInteger();
    }

    public async Task PublishAsync(string channel, byte[] message, CancellationToken cancellationToken) =>
        await ExecuteAsync(["PUBLISH", channel, message], cancellationToken);

    /// <summary>Opens a connection of its own, for a subscriber; the caller owns it.</summary>
    public Task<RedisConnection> OpenDedicatedAsync(Action<RedisReply> onPush, CancellationToken cancellationToken) =>
        RedisConnection.OpenAsync(_options.Host!, _options.Port, _password, Timeout, onPush, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _connectLock.Dispose();
    }

    private async Task<RedisConnection> ConnectedAsync(bool retryNow, CancellationToken cancellationToken)
    {
        if (_connection is { IsOpen: true } open)
        {
            return open;
        }

        ThrowIfWaitingToRetry(retryNow);
        await _connectLock.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { IsOpen: true } opened)
            {
                return opened;
            }

            ThrowIfWaitingToRetry(retryNow);
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }

            try
            {
                _connection = await RedisConnection.OpenAsync(_options.Host!, _options.Port, _password, Timeout, onPush: null, cancellationToken);
            }
            catch (RedisErrorException e)
            {
                // A refused AUTH is a configuration problem, not an outage; it still leaves the app without Redis.
                var unavailable = new RedisUnavailableException($"Redis at {Endpoint} refused the login: {e.Message}", e);
                MarkDown(unavailable);
                throw unavailable;
            }
            catch (RedisUnavailableException e)
            {
                MarkDown(e);
                throw;
            }

            MarkUp();
            return _connection;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private void ThrowIfWaitingToRetry(bool retryNow)
    {
        if (!retryNow && Volatile.Read(ref _state) == Down && Environment.TickCount64 < Volatile.Read(ref _retryAfter))
        {
            throw new RedisUnavailableException($"Redis at {Endpoint} is down; the next attempt is at most {RetryInterval.TotalSeconds} s away.");
        }
    }

    private void MarkUp()
    {
        if (Interlocked.Exchange(ref _state, Up) == Up)
        {
            return;
        }

        _metrics.RedisUp.Set(1);
        _logger.LogInformation("Redis at {RedisEndpoint} is available", Endpoint);
        Recovered?.Invoke();
    }

    private void MarkDown(Exception reason)
    {
        Volatile.Write(ref _retryAfter, Environment.TickCount64 + (long)RetryInterval.TotalMilliseconds);
        if (Interlocked.Exchange(ref _state, Down) == Down)
        {
            return;
        }

        _metrics.RedisUp.Set(0);
        _logger.LogWarning(
            "Redis at {RedisEndpoint} is unavailable; cache falls back to memory and rate limits to this replica: {Reason}",
            Endpoint, reason.Message);
    }
}
