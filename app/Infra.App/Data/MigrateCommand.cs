using Infra.App.Hosting;
using Infra.App.Settings;
using Infra.Contract;

namespace Infra.App.Data;

/// <summary>The <c>migrate</c> verb: applies pending migrations and exits; the platform runs it before a rollout.</summary>
internal static class MigrateCommand
{
    public static bool IsInvoked(string[] args) => args is [AppContract.Commands.Migrate];

    public static async Task<int> RunAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.AddJsonLogging();
        builder.AddPostgres();
        builder.Services.AddSingleton<Migrator>();
        // Disposing the host flushes the log lines that say what happened.
        using var host = builder.Build();
        return await StartupErrors.ExplainAsync(host.Services, () => MigrateAsync(host.Services));
    }

    private static async Task<int> MigrateAsync(IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILogger<Migrator>>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await services.GetRequiredService<Migrator>().MigrateAsync(Migration.All, timeout.Token);
            return 0;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException or OperationCanceledException)
        {
            logger.LogCritical(e, "Migration failed; the schema is unchanged: {Reason}", e.Message);
            return 1;
        }
    }
}
