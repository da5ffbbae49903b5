namespace Infra.App.Redis;

/// <summary>Redis answered a command with an error reply, such as <c>WRONGPASS</c> or <c>WRONGTYPE</c>.</summary>
internal sealed class RedisErrorException(string message) : Exception(message);
