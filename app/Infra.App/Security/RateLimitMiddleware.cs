using System.Globalization;
using Infra.App.Metrics;
using Infra.App.Settings;
using Infra.Contract;
using Microsoft.Extensions.Options;

namespace Infra.App.Security;

/// <summary>Answers 429 with <c>Retry-After</c> once a client IP has used its requests for the minute.</summary>
internal sealed class RateLimitMiddleware(
    RequestDelegate next, RateLimitCounter counter, IOptions<AppOptions> options, IProblemDetailsService problems, AppMetrics metrics)
{
    private readonly int _limit = options.Value.RateLimitPerMinute;

    public async Task InvokeAsync(HttpContext context)
    {
        // The platform's probes and scrapes must never be refused, whatever a client does.
        if (context.Request.Path.StartsWithSegments(AppContract.Paths.Health) || context.Request.Path.StartsWithSegments(AppContract.Paths.Metrics))
        {
            await next(context);
            return;
        }

        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var (count, resetsIn) = await counter.IncrementAsync(client);
        if (count <= _limit)
        {
            await next(context);
            return;
        }

        metrics.RateLimited.Inc();
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Math.Ceiling(resetsIn.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"This client may make {_limit} requests per minute; retry after the Retry-After header's seconds.",
            },
        });
    }
}
