using Infra.App.Json;
using Infra.Contract;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Infra.App.Health;

/// <summary>Liveness, readiness, started and the full health report.</summary>
internal static class HealthApi
{
    public static void AddHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<HealthProbe>();
    }

    public static void MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(AppContract.Paths.Live, (HealthProbe probe) => Respond(probe.Live()));
        endpoints.MapGet(AppContract.Paths.Ready, async (HealthProbe probe, CancellationToken cancellationToken) =>
            Respond(await probe.CheckAsync(full: false, cancellationToken)));
        endpoints.MapGet(AppContract.Paths.Started, async (HealthProbe probe, CancellationToken cancellationToken) =>
            Respond(await probe.StartedAsync(cancellationToken)));
        endpoints.MapGet(AppContract.Paths.Health, async (HealthProbe probe, CancellationToken cancellationToken) =>
            Respond(await probe.CheckAsync(full: true, cancellationToken)));
    }

    private static JsonHttpResult<HealthReport> Respond(HealthReport report) =>
        TypedResults.Json(report, AppJsonContext.Default.HealthReport, statusCode: report.IsServing ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
}
