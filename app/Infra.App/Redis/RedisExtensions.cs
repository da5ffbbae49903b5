using Infra.App.Metrics;
using Infra.App.Settings;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Infra.App.Redis;

/// <summary>Registers the app's one Redis connection (a StackExchange.Redis multiplexer shared by every request).</summary>
internal static class RedisExtensions
{
    public static void AddRedis(this IHostApplicationBuilder builder)
    {
        builder.AddSettings<RedisOptions>();
        builder.Services.AddSingleton<IConnectionMultiplexer>(sp => RedisConnection.Open(
            sp.GetRequiredService<IOptions<RedisOptions>>().Value,
            sp.GetRequiredService<IOptions<AppOptions>>().Value,
            sp.GetRequiredService<AppMetrics>(),
            sp.GetRequiredService<ILoggerFactory>()));
    }
}
