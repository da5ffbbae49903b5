using Infra.App.Tests.Fixtures;
using Npgsql;

namespace Infra.App.Tests.Data;

/// <summary>
/// A PgBouncer update (or a Postgres restart) closes every connection the replica's pool holds idle. Here the server
/// closes them for real (<c>pg_terminate_backend</c> of the app's sessions, what PgBouncer's shutdown does to its
/// clients), and reads that follow must not fail: the first broken connection empties the pool and the read is retried.
/// The same update on the Swarm counts failed requests through the edge (tests/Infra.Swarm.Tests, RegressionTests).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class BrokenConnectionsTests(Platform platform)
{
    [Fact]
    public async Task ReadsAfterThePoolersConnectionsCloseDoNotFail()
    {
        var database = await platform.NewMigratedDatabaseAsync();
        await using var app = await platform.StartAppAsync(database);
        // Several connections in the pool: concurrent reads each hold one.
        var warm = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.Client.GetAsync("/api/tasks")));
        Assert.All(warm, r => Assert.True(r.IsSuccessStatusCode, $"warming the pool: {(int)r.StatusCode}"));

        var terminated = await TerminateAppSessionsAsync(database);
        Assert.True(terminated >= 2, $"database {database}: {terminated} app session(s) to close; the pool should have held several");
        await Task.Delay(500);

        var failed = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            using var response = await app.Client.GetAsync("/api/tasks");
            if (!response.IsSuccessStatusCode)
            {
                failed.Add($"request {i + 1}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.True(failed.Count == 0, $"after the server closed {terminated} pooled connections, {failed.Count} of 10 reads failed: {string.Join("; ", failed)}");
    }

    private async Task<int> TerminateAppSessionsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(platform.Postgres.AdminConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE 'infra-app/%'", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = database });
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }
}
