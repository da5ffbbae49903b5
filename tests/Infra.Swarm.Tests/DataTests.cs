using Infra.Blueprint.Platform;
using Infra.Contract;

namespace Infra.Swarm.Tests;

/// <summary>Redis data survives a restart of its task. A Postgres update is the prod collection's (ProdDataTests).</summary>
[Collection(SwarmCollection.Name)]
public sealed class DataTests(SwarmFixture fixture)
{
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

    private string RedisCli(string container, params string[] command) =>
        fixture.Node.ExecIn(container, ["redis-cli", .. command], environment: new Dictionary<string, string> { ["REDISCLI_AUTH"] = fixture.SecretValues[AppContract.Secrets.RedisPassword] }).Stdout;
}
