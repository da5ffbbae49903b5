namespace Infra.App.Redis;

/// <summary>Redis cannot be reached or did not answer in time; callers fall back to their degraded path.</summary>
internal sealed class RedisUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
