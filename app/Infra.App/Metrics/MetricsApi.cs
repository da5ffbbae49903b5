using Infra.Contract;

namespace Infra.App.Metrics;

/// <summary>Serves <c>/metrics</c> for Prometheus.</summary>
internal static class MetricsApi
{
    public static void AddMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MetricRegistry>();
        builder.Services.AddSingleton<AppMetrics>();
    }

    public static void UseRequestMetrics(this WebApplication app) => app.UseMiddleware<RequestMetricsMiddleware>();

    public static void MapMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(AppContract.Paths.Metrics, (AppMetrics metrics) =>
            TypedResults.Text(metrics.Registry.Render(), PrometheusText.ContentType));
}
