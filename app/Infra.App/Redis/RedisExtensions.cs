using Infra.App.Settings;

namespace Infra.App.Redis;

/// <summary>Registers the Redis client and the pub/sub subscriber.</summary>
internal static class RedisExtensions
{
    public static void AddRedis(this IHostApplicationBuilder builder)
    {
        builder.AddSettings<RedisOptions>();
        builder.Services.AddSingleton<RedisClient>();
        builder.Services.AddSingleton<RedisSubscriber>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RedisSubscriber>());
    }
}
