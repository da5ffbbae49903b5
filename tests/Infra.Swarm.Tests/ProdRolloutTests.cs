using Infra.TestKit;
using Xunit.Abstractions;

namespace Infra.Swarm.Tests;

/// <summary>
/// An unhealthy app release on the five-node prod Swarm is rolled back by Swarm itself while the old version serves: the
/// release is built on the replica's own node and pushed to the run's shared registry, so its node pulls it by digest as
/// in production. Requests go through the edge on the leader; the replica is not replaced (the rollback restores its
/// old task's spec), so the edge's dnsrr stand-in keeps its address right.
/// </summary>
[Collection(ProdSwarmCollection.Name)]
public sealed class ProdRolloutTests(ProdSwarmFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task AnUnhealthyReleaseIsRolledBackBySwarmWhileTheOldVersionServes()
    {
        var replica = fixture.Plan.Layout.AppReplicas[0];
        var (node, _) = await fixture.Deployer.Locate(replica);
        // The release listens on another port than the plan's: its healthcheck never passes.
        var broken = Variants.Push(node, fixture.Deployer.ImageMap[fixture.Plan.Settings.App.Image.ToString()], "app:broken", """
            ENTRYPOINT ["bash", "-c", "APP_PORT=9 exec dotnet Infra.App.dll \"$@\"", "app"]
            """, fixture.Registry);
        var (release, plan) = Releases.Of(Repository.Stack(ProdSwarmFixture.Stack), "1.0.2-broken", 'c');
        var api = fixture.Leader.Api;
        var before = await Releases.Image(api, replica);

        using var load = new EdgeLoad(fixture.Leader, fixture.Plan.Settings.Domain);
        await fixture.Deployer.WithImage(release, broken, plan).Update(Releases.Record(plan, replica));
        var rolledBack = await Releases.WaitFor(api, replica, u => u == "rollback_completed", TimeSpan.FromMinutes(4));
        if (rolledBack)
        {
            fixture.Deployer.RolledBack(replica);
        }

        var counts = await load.Stop();
        output.WriteLine($"unhealthy release of {replica} on {node.Hostname}: {counts}");

        Assert.True(rolledBack, $"{replica}: Swarm did not roll back the unhealthy release ({await fixture.Deployer.Why(replica)})");
        Assert.Equal(before, await Releases.Image(api, replica));
        Assert.True(counts.Sent > 0, "no request was sent through the edge during the rollback");
        Assert.True(counts.Failed == 0, $"{counts.Failed} of {counts.Sent} requests through the edge failed while the old version should have served");
    }
}
