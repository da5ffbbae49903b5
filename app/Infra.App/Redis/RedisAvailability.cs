using Infra.App.Metrics;
using StackExchange.Redis;

namespace Infra.App.Redis;

/// <summary>
/// Turns the multiplexer's connection events into <c>app_redis_up</c> and one log line per change of state, not one per
/// reconnection attempt.
/// </summary>
internal sealed class RedisAvailability(string endpoint, AppMetrics metrics, ILogger logger)
{
    private int _commands = Unknown;
    private int _subscription = Unknown;

    private const int Unknown = -1;
    private const int Down = 0;
    private const int Up = 1;

    public void Observe(bool connected)
    {
        if (connected)
        {
            OnCommandsUp();
        }
        else
        {
            OnCommandsDown($"no connection to {endpoint} yet");
        }
    }

    public void OnFailed(ConnectionFailedEventArgs e)
    {
        var reason = e.Exception?.Message ?? e.FailureType.ToString();
        if (e.ConnectionType != ConnectionType.Subscription)
        {
            OnCommandsDown(reason);
        }
        else if (Interlocked.Exchange(ref _subscription, Down) != Down)
        {
            logger.LogWarning("Redis subscription lost; live updates reach only this replica's clients until it returns: {Reason}", reason);
        }
    }

    public void OnRestored(ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType != ConnectionType.Subscription)
        {
            OnCommandsUp();
        }
        else if (Interlocked.Exchange(ref _subscription, Up) == Down)
        {
            logger.LogInformation("Redis subscription restored");
        }
    }

    private void OnCommandsUp()
    {
        if (Interlocked.Exchange(ref _commands, Up) != Up)
        {
            metrics.RedisUp.Set(1);
            logger.LogInformation("Redis at {RedisEndpoint} is available", endpoint);
        }
    }

    private void OnCommandsDown(string reason)
    {
        metrics.RedisUp.Set(0);
        if (Interlocked.Exchange(ref _commands, Down) != Down)
        {
            logger.LogWarning(
                "Redis at {RedisEndpoint} is unavailable; cache falls back to memory and rate limits to this replica: {Reason}",
                endpoint, reason);
        }
    }
}
