using Infra.App.Tests.Fixtures;
using Infra.Contract;
using Infra.TestKit;
using Npgsql;

namespace Infra.App.Tests.Jobs;

/// <summary>The <c>cleanup</c> verb against the fixture's real Postgres.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CleanupCommandTests(Platform platform)
{
    [Fact]
    public async Task CleanupDeletesOnlyTasksDoneLongerAgoThanItsDaysAndARepeatDeletesNothing()
    {
        var database = await platform.NewMigratedDatabaseAsync();
        await ExecuteAsync(database, """
            INSERT INTO tasks (title, done, updated_at) VALUES
              ('old done', true, now() - interval '40 days'),
              ('old open', false, now() - interval '40 days'),
              ('recent done', true, now() - interval '5 days')
            """);

        var first = await RunAsync(database);
        var second = await RunAsync(database);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("deleted 1 task(s)", first.Output);
        Assert.Equal(["old open", "recent done"], await TitlesAsync(database));
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("deleted 0 task(s)", second.Output);
    }

    [Fact]
    public async Task CleanupFailsWhenItCannotReachPostgres()
    {
        var environment = platform.Environment(await platform.NewMigratedDatabaseAsync());
        environment[AppContract.Env.PostgresPort] = Loopback.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var run = await ChildProcess.RunAsync("dotnet", [AppProcess.DllPath, AppContract.Commands.Cleanup], AppProcess.Environment(environment));

        Assert.True(run.ExitCode == 1, $"cleanup against a dead port exited {run.ExitCode}:\n{run.Output}");
        Assert.Contains("Cleanup failed", run.Output);
    }

    private Task<(int ExitCode, string Output)> RunAsync(string database) =>
        ChildProcess.RunAsync("dotnet", [AppProcess.DllPath, AppContract.Commands.Cleanup, "30"], AppProcess.Environment(platform.Environment(database)));

    private async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(platform.Postgres.AdminConnectionString(database));
        await connection.OpenAsync();
        await new NpgsqlCommand(sql, connection).ExecuteNonQueryAsync();
    }

    private async Task<List<string>> TitlesAsync(string database)
    {
        await using var connection = new NpgsqlConnection(platform.Postgres.AdminConnectionString(database));
        await connection.OpenAsync();
        await using var reader = await new NpgsqlCommand("SELECT title FROM tasks ORDER BY title", connection).ExecuteReaderAsync();
        var titles = new List<string>();
        while (await reader.ReadAsync())
        {
            titles.Add(reader.GetString(0));
        }

        return titles;
    }
}
