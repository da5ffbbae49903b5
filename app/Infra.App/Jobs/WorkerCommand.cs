using Infra.App.Data;
using Infra.App.Health;
using Infra.App.Hosting;
using Infra.App.Metrics;
using Infra.App.Redis;
using Infra.App.Settings;
using Infra.App.Tasks;
using Infra.App.Updates;
using Infra.Contract;

namespace Infra.App.Jobs;

/// <summary>
/// The <c>worker</c> verb (<c>infra:app.workers</c>): the <see cref="QueueWorker"/> with the app's settings, Postgres
/// and Redis, answering only health (liveness for the platform's healthcheck) on the app port and metrics on the
/// metrics port. No edge routes to it.
/// </summary>
internal static class WorkerCommand
{
    public static bool IsInvoked(string[] args) => args is [AppContract.Commands.Worker];

    public static async Task<int> RunAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.AddJsonLogging();
        builder.AddWebServer();
        builder.AddMetrics();
        builder.AddPostgres();
        builder.AddRedis();
        builder.AddHealth();
        // Readiness reports the change feed's subscription as the web replicas' does.
        builder.AddTaskUpdates();
        builder.Services.AddSingleton<TaskRepository>();
        builder.Services.AddHostedService<QueueWorker>();

        var app = builder.Build();
        app.UseMetricsPort();
        app.MapHealth();
        app.MapMetrics();
        return await StartupErrors.ExplainAsync(app.Services, async () =>
        {
            await app.RunAsync();
            return 0;
        });
    }
}
