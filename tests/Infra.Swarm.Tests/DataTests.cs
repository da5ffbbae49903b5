using Infra.Blueprint.Platform;
using Infra.Contract;

namespace Infra.Swarm.Tests;

/// <summary>Data survives what the platform does to its services: a Postgres update, a Redis restart.</summary>
[Collection(SwarmCollection.Name)]
public sealed class DataTests(SwarmFixture fixture)
{
    [Fact]
    public async Task PostgresDataIsIntactAcrossAPostgresUpdate()
    {
        var marker = $"survives-{Guid.NewGuid():N}";
        Psql(await fixture.Container(Layout.PostgresService), $"CREATE TABLE IF NOT EXISTS infra_swarm_marker (v text); INSERT INTO infra_swarm_marker VALUES ('{marker}');");
        var release = Variants.Push(fixture.Node, fixture.Deployer.ImageMap[Images().Postgres], "postgres:next", "LABEL infra-swarm.release=next");
        var deployer = fixture.Deployer.WithImages(new Dictionary<string, string>(fixture.Deployer.ImageMap) { [Images().Postgres] = release });
        var before = await fixture.Container(Layout.PostgresService);

        // The same record on a new digest: Swarm replaces the task stop-first on the same volume.
        await deployer.Update(fixture.Deployment.Step(Layout.PostgresService).Spec);
        await deployer.WaitConverged(Layout.PostgresService, 1, fixture.Deployment.Step(Layout.PostgresService).ConvergeTimeoutSeconds);
        var after = await fixture.Container(Layout.PostgresService);

        Assert.NotEqual(before, after);
        Assert.Contains(marker, Psql(after, "SELECT v FROM infra_swarm_marker;"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedisDataSurvivesARestartOfItsTask()
    {
        var key = $"infra-swarm-{Guid.NewGuid():N}";
        RedisCli(await fixture.Container(Layout.RedisService), "SET", key, "kept");
        var before = await fixture.Container(Layout.RedisService);

        // What a crash or a reboot does: the container dies, Swarm starts a new task on the same volume.
        fixture.Node.Exec(["docker", "kill", before]);
        await Task.Delay(2000);
        await fixture.Deployer.WaitConverged(Layout.RedisService, 1, fixture.Deployment.Step(Layout.RedisService).ConvergeTimeoutSeconds);
        var after = await fixture.Container(Layout.RedisService);

        Assert.NotEqual(before, after);
        Assert.Equal("kept", RedisCli(after, "GET", key).Trim());
    }

    private (string Postgres, string Redis) Images()
    {
        var postgres = fixture.Plan.Service(Layout.PostgresService).Image;
        return (postgres, fixture.Plan.Service(Layout.RedisService).Image);
    }

    private string Psql(string container, string sql)
    {
        var settings = fixture.Plan.Settings.Postgres;
        return fixture.Node.ExecIn(container, ["psql", "-v", "ON_ERROR_STOP=1", "-qtA", "-h", "/var/run/postgresql", "-U", settings.User, "-d", settings.Database, "-c", sql], user: "postgres",
            environment: new Dictionary<string, string> { ["PGPASSWORD"] = fixture.SecretValues[AppContract.Secrets.PostgresPassword] }).Stdout;
    }

    private string RedisCli(string container, params string[] command) =>
        fixture.Node.ExecIn(container, ["redis-cli", .. command], environment: new Dictionary<string, string> { ["REDISCLI_AUTH"] = fixture.SecretValues[AppContract.Secrets.RedisPassword] }).Stdout;
}
