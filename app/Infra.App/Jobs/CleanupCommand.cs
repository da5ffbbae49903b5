using System.Globalization;
using Infra.App.Data;
using Infra.App.Hosting;
using Infra.App.Settings;
using Infra.Contract;
using Npgsql;

namespace Infra.App.Jobs;

/// <summary>
/// The <c>cleanup [days]</c> verb (<c>infra:app.schedules</c>): deletes tasks done more than <c>days</c> (default
/// <see cref="DefaultDays"/>) ago and exits; non-zero when Postgres fails it. One statement, so it is safe through
/// PgBouncer's transaction pooling, and safe to repeat: a second run finds nothing more to delete.
/// </summary>
internal static class CleanupCommand
{
    public const int DefaultDays = 30;

    public static bool IsInvoked(string[] args) => args is [AppContract.Commands.Cleanup, ..] && args.Length <= 2;

    public static async Task<int> RunAsync(string[] args)
    {
        var days = DefaultDays;
        if (args.Length == 2 && !(int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out days) && days >= 1))
        {
            await Console.Error.WriteLineAsync($"cleanup: '{args[1]}' is not a number of days; use e.g. cleanup {DefaultDays}");
            return 2;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.AddJsonLogging();
        builder.AddPostgres();
        using var host = builder.Build();
        return await StartupErrors.ExplainAsync(host.Services, () => CleanAsync(host.Services, days));
    }

    private static async Task<int> CleanAsync(IServiceProvider services, int days)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CleanupCommand).FullName!);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await using var command = services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
                "DELETE FROM tasks WHERE done AND updated_at < now() - make_interval(days => $1)");
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = days });
            var deleted = await command.ExecuteNonQueryAsync(timeout.Token);
            logger.LogInformation("Cleanup done: deleted {Deleted} task(s) done more than {Days} day(s) ago", deleted, days);
            return 0;
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException)
        {
            logger.LogCritical(e, "Cleanup failed; nothing was deleted: {Reason}", e.Message);
            return 1;
        }
    }
}
