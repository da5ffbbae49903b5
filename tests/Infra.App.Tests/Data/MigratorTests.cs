using Infra.App.Data;
using Infra.App.Tests.Fixtures;
using Npgsql;

namespace Infra.App.Tests.Data;

[Collection(PlatformCollection.Name)]
public sealed class MigratorTests(Platform platform)
{
    [Fact]
    public async Task MigratingTwiceChangesNothingTheSecondTime()
    {
        var database = await platform.Postgres.CreateDatabaseAsync();
        var first = await platform.MigrateAsync(database);
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains($"Applied {Migration.All.Count} migration(s)", first.Output);
        var before = await SchemaAsync(database);

        var second = await platform.MigrateAsync(database);

        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("nothing to apply", second.Output);
        Assert.DoesNotContain("Applying migration", second.Output);
        Assert.Equal(before, await SchemaAsync(database));
    }

    [Fact]
    public async Task ConcurrentRunsApplyEachMigrationOnce()
    {
        var database = await platform.Postgres.CreateDatabaseAsync();

        var runs = await Task.WhenAll(platform.MigrateAsync(database), platform.MigrateAsync(database), platform.MigrateAsync(database));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.Output));
        Assert.Equal(Migration.All.Count, runs.Sum(run => run.Output.Split('\n').Count(l => l.Contains("Applying migration"))));
        Assert.Equal(Migration.All.Count, await ScalarAsync<long>(database, "SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task AMigrationEditedAfterItWasAppliedIsRefused()
    {
        var database = await platform.NewMigratedDatabaseAsync();
        await ScalarAsync<int>(database, "UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1 RETURNING version");

        var run = await platform.MigrateAsync(database);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("was changed after it was applied", run.Output);
    }

    [Fact]
    public void MigrationsAreNumberedWithoutGapsFromOne()
    {
        Assert.Equal(Enumerable.Range(1, Migration.All.Count), Migration.All.Select(m => m.Version));
    }

    /// <summary>Everything a migration could change: columns, indexes, constraints, and the migration records.</summary>
    private async Task<string> SchemaAsync(string database)
    {
        const string query = """
            SELECT string_agg(line, E'\n' ORDER BY line) FROM (
                SELECT format('column %s.%s %s %s %s', table_name, column_name, data_type, is_nullable, column_default) AS line
                FROM information_schema.columns WHERE table_schema = 'public'
                UNION ALL SELECT format('index %s %s', indexname, indexdef) FROM pg_indexes WHERE schemaname = 'public'
                UNION ALL SELECT format('constraint %s %s', conname, pg_get_constraintdef(oid)) FROM pg_constraint WHERE connamespace = 'public'::regnamespace
                UNION ALL SELECT format('migration %s %s %s %s', version, name, checksum, applied_at) FROM schema_migrations
            ) AS schema
            """;
        return await ScalarAsync<string>(database, query);
    }

    private async Task<T> ScalarAsync<T>(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(platform.Postgres.AdminConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
