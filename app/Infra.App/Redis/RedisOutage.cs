using StackExchange.Redis;

namespace Infra.App.Redis;

/// <summary>The exceptions that mean "Redis cannot answer now": callers take their degraded path instead of failing.</summary>
internal static class RedisOutage
{
    /// <summary>
    /// No connection (refused, lost, or a login Redis refused) or no answer within the timeout. An error reply from a
    /// working Redis (<c>WRONGTYPE</c>…) is a bug, not an outage, and is not matched.
    /// </summary>
    public static bool Is(Exception e) => e is RedisConnectionException or RedisTimeoutException;
}
