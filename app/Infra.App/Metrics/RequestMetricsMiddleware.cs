using Microsoft.AspNetCore.Diagnostics;
using System.Diagnostics;
using Microsoft.AspNetCore.Routing;

namespace Infra.App.Metrics;

/// <summary>
/// Counts and times every HTTP request by route template and status, and logs one line for it: at Debug when it
/// succeeded (the edge already logs every request, and a line per request costs a quarter of the cached-read
/// throughput), at Information for a 4xx and at Warning for a 5xx. <c>Logging__LogLevel__Infra.App.Requests=Debug</c>
/// logs them all.
/// </summary>
internal sealed class RequestMetricsMiddleware(RequestDelegate next, AppMetrics metrics, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger("Infra.App.Requests");

    private static readonly HashSet<string> KnownMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

    public async Task InvokeAsync(HttpContext context)
    {
        // A WebSocket stays open for hours; its duration would swamp the request histogram, so it has its own gauge.
        if (context.WebSockets.IsWebSocketRequest)
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        metrics.HttpRequestsInFlight.Inc();
        // An exception that escapes every handler becomes a 500 in the server; record it as such.
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        finally
        {
            metrics.HttpRequestsInFlight.Dec();
            Record(context, status, Stopwatch.GetElapsedTime(started));
        }
    }

    private void Record(HttpContext context, int status, TimeSpan elapsed)
    {
        // Labels come from the route template and a fixed set of methods, never from raw input, so a scan of random
        // paths cannot grow the number of series without bound.
        // The exception handler clears the endpoint before it writes its error response; the endpoint that threw is
        // kept on its feature, so a 503 from a failed dependency is counted under the route that failed.
        var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
        var method = KnownMethods.Contains(context.Request.Method) ? context.Request.Method : "OTHER";
        var statusText = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        metrics.HttpRequests.WithLabels(method, route, statusText).Inc();
        metrics.HttpRequestDuration.WithLabels(method, route, statusText).Observe(elapsed.TotalSeconds);
        var level = status >= 500 ? LogLevel.Warning : status >= 400 ? LogLevel.Information : LogLevel.Debug;
        if (_logger.IsEnabled(level))
        {
            _logger.Log(
                level, "HTTP {Method} {Path} responded {StatusCode} in {ElapsedMilliseconds:0.000} ms",
                context.Request.Method, context.Request.Path.Value, status, elapsed.TotalMilliseconds);
        }
    }
}
