using Infra.App.Settings;
using Infra.Contract;
using Microsoft.Extensions.Options;

namespace Infra.App.Hosting;

/// <summary>
/// Serves <see cref="AppContract.Paths.Metrics"/> on the metrics port only, and nothing else there. The edge lists only
/// the app port, so no spelling of the path (<c>/METRICS</c>, <c>/metrics/</c>, an encoded slash) reaches metrics
/// through it, whatever nginx's matching misses; Prometheus scrapes the metrics port on the internal network.
/// </summary>
internal sealed class MetricsPortMiddleware(RequestDelegate next, IOptions<AppOptions> options)
{
    private readonly int _metricsPort = options.Value.MetricsPort;

    public Task InvokeAsync(HttpContext context)
    {
        var onMetricsPort = context.Connection.LocalPort == _metricsPort;
        var asksForMetrics = context.Request.Path.StartsWithSegments(AppContract.Paths.Metrics, StringComparison.OrdinalIgnoreCase);
        if (onMetricsPort == asksForMetrics)
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
