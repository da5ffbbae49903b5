namespace Infra.App.Redis;

/// <summary>The bytes from the server are not the RESP2 the client expects; the connection cannot be trusted after it.</summary>
internal sealed class RedisProtocolException(string message) : Exception(message);
