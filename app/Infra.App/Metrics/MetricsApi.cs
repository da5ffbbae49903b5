using Infra.App.Settings;
using Infra.Contract;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Infra.App.Metrics;

/// <summary>Serves <c>/metrics</c> for Prometheus, with prometheus-net.</summary>
internal static class MetricsApi
{
    /// <summary>
    /// A registry of the app's own (not prometheus-net's process-wide default one, which would also export every
    /// .NET meter and event counter): the contract's metrics plus prometheus-net's standard process and GC set.
    /// </summary>
    public static void AddMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(services =>
        {
            var registry = Prometheus.Metrics.NewCustomRegistry();
            DotNetStats.Register(registry);
            SecretFingerprints.Register(registry, services.GetRequiredService<IOptions<AppOptions>>());
            return registry;
        });
        builder.Services.AddSingleton<AppMetrics>();
    }

    public static void UseRequestMetrics(this WebApplication app) => app.UseMiddleware<RequestMetricsMiddleware>();

    /// <summary>The Prometheus text format 0.0.4 the contract names, even to a scraper that offers OpenMetrics.</summary>
    public static void MapMetrics(this WebApplication app) =>
        app.MapMetrics(
            settings =>
            {
                settings.Registry = app.Services.GetRequiredService<CollectorRegistry>();
                settings.EnableOpenMetrics = false;
            },
            AppContract.Paths.Metrics);
}
