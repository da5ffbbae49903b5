namespace Infra.Blueprint.Settings;

/// <summary>The Redis cache.</summary>
/// <param name="MaxMemoryMb">Redis <c>maxmemory</c> in MiB; keys are evicted with <c>allkeys-lru</c> past it.</param>
public sealed record RedisSettings(int MaxMemoryMb);
