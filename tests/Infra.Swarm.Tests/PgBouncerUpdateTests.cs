using Infra.Blueprint.Platform;
using Xunit.Abstractions;

namespace Infra.Swarm.Tests;

/// <summary>
/// A PgBouncer update closes every connection the replicas' pools hold. The first real run lost one request per
/// replica to it; the app now empties its pool on the first broken connection and retries the read (app/Infra.App/Data/
/// BrokenConnections.cs). The replicas are not replaced here, so the edge's dnsrr stand-in plays no part.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class PgBouncerUpdateTests(SwarmFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task APgBouncerUpdateFailsNoReadThroughTheEdge()
    {
        var image = fixture.Plan.Service(Layout.PgBouncerService).Image;
        var release = Variants.Push(fixture.Node, fixture.Deployer.ImageMap[image], "pgbouncer:next", "LABEL infra-swarm.release=next");
        var deployer = fixture.Deployer.WithImages(new Dictionary<string, string>(fixture.Deployer.ImageMap) { [image] = release });
        var step = fixture.Deployment.Step(Layout.PgBouncerService);
        var before = await fixture.Container(Layout.PgBouncerService);

        using var load = new EdgeLoad(fixture);
        // Every replica's pool holds connections through the old PgBouncer before it goes.
        await Task.Delay(5000);
        await deployer.Update(step.Spec);
        await deployer.WaitConverged(Layout.PgBouncerService, 1, step.ConvergeTimeoutSeconds);
        await Task.Delay(5000);
        var counts = await load.Stop();
        output.WriteLine($"PgBouncer update: {counts}");

        Assert.NotEqual(before, await fixture.Container(Layout.PgBouncerService));
        Assert.True(counts.Sent > 0, "no request was sent through the edge during the PgBouncer update");
        Assert.True(counts.Failed == 0, $"{counts} through the edge across a PgBouncer update (each replica's pooled connections were closed by it)");
    }
}
