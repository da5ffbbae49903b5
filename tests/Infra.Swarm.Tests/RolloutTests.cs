using System.Text.Json.Nodes;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Swarm;
using Infra.TestKit;
using Xunit.Abstractions;

namespace Infra.Swarm.Tests;

/// <summary>
/// App releases on the Swarm: a healthy one rolls out replica by replica, start-first; an unhealthy one is rolled back
/// by Swarm itself while the old version serves. Failed requests through the edge are counted and reported: with
/// <c>dnsrr</c> (no IPVS here) nginx keeps a replaced replica's old address until it restarts, which a VIP avoids in
/// production, so the edge's zero-downtime stays the loopback topology's proof.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class RolloutTests(SwarmFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task AnUnhealthyReleaseIsRolledBackBySwarmWhileTheOldVersionServes()
    {
        // The release listens on another port than the plan's: its healthcheck never passes.
        var broken = Variants.Push(fixture.Node, fixture.Deployer.ImageMap[fixture.Plan.Settings.App.Image.ToString()], "app:broken", """
            ENTRYPOINT ["bash", "-c", "APP_PORT=9 exec dotnet Infra.App.dll \"$@\"", "app"]
            """);
        var (release, plan) = Release("1.0.2-broken", 'c');
        var replica = fixture.Plan.Layout.AppReplicas[0];
        var before = await Image(replica);

        using var load = new EdgeLoad(fixture);
        await Deployer(release, broken).Update(Record(plan, replica));
        var rolledBack = await WaitFor(replica, u => u == "rollback_completed", TimeSpan.FromMinutes(4));
        var counts = await load.Stop();
        output.WriteLine($"unhealthy release of {replica}: {counts}");

        Assert.True(rolledBack, $"{replica}: Swarm did not roll back the unhealthy release ({await fixture.Deployer.Why(replica)})");
        Assert.Equal(before, await Image(replica));
        Assert.True(counts.Sent > 0, "no request was sent through the edge during the rollback");
        Assert.True(counts.Failed == 0, $"{counts.Failed} of {counts.Sent} requests through the edge failed while the old version should have served");
    }

    // The requests through the edge are counted per phase and printed, not asserted while replicas roll: with dnsrr the
    // edge holds each replaced replica's old address (its retries to the others hide that until the last replica goes),
    // which production's VIPs avoid. Once the edge has re-resolved, every request must succeed again.
    [Fact]
    public async Task AHealthyReleaseRollsOutStartFirstReplicaByReplica()
    {
        var next = Variants.Push(fixture.Node, fixture.Deployer.ImageMap[fixture.Plan.Settings.App.Image.ToString()], "app:next", """
            LABEL infra-swarm.release=next
            """);
        var (release, plan) = Release("1.0.1", 'b');
        var deployer = Deployer(release, next);
        var replicas = plan.Rollout.Where(s => s.Name.StartsWith("app-", StringComparison.Ordinal)).Select(s => s.Name).ToList();
        using var load = new EdgeLoad(fixture);
        var phases = new List<(string Phase, LoadOutcome Counts)>();
        var mark = load.Now();
        void Mark(string phase)
        {
            var now = load.Now();
            phases.Add((phase, now.Since(mark)));
            mark = now;
        }

        try
        {
            foreach (var replica in replicas)
            {
                var others = replicas.Where(r => r != replica).ToDictionary(r => r, r => Image(r).Result);
                var old = (string)(await fixture.Deployer.Tasks(replica)).Single(t => (string?)t["DesiredState"] == "running")["ID"]!;
                await deployer.Update(Record(plan, replica));
                await deployer.WaitConverged(replica, 1, SwarmServiceSpecs.For(plan).Step(replica).ConvergeTimeoutSeconds);
                Mark($"while {replica} rolled out");

                var tasks = await fixture.Deployer.Tasks(replica);
                var current = tasks.Single(t => (string?)t["DesiredState"] == "running");
                var previous = tasks.Single(t => (string?)t["ID"] == old);
                Assert.Equal(next, (string?)current["Spec"]!["ContainerSpec"]!["Image"]);
                // start-first: the old task stopped only after the new one ran (healthy).
                Assert.True(string.CompareOrdinal((string?)current["Status"]!["Timestamp"], (string?)previous["Status"]!["Timestamp"]) <= 0,
                    $"{replica}: the old task stopped at {previous["Status"]!["Timestamp"]}, before the new one ran at {current["Status"]!["Timestamp"]}");
                foreach (var (other, image) in others.Where(o => replicas.IndexOf(o.Key) > replicas.IndexOf(replica)))
                {
                    Assert.True(await Image(other) == image, $"{other} changed while {replica} rolled out: replicas must roll one after the other");
                }
            }
        }
        finally
        {
            // nginx resolved the replicas at start; with dnsrr their new addresses reach it only on a restart.
            await fixture.RestartEdge();
            Mark("until the edge had restarted (dnsrr: it held the old addresses)");
            await Task.Delay(TimeSpan.FromSeconds(5));
            Mark("5 s after the edge restart");
            var total = await load.Stop();
            output.WriteLine($"healthy rollout of {string.Join(", ", replicas)} through the edge (dnsrr, no IPVS): {total}");
            foreach (var (phase, counts) in phases)
            {
                output.WriteLine($"  {phase}: {counts}");
            }
        }

        var after = phases[^1].Counts;
        Assert.True(after.Sent > 0 && after.Failed == 0, $"after the rollout and the edge's restart: {after} through the edge; the new release must serve every request");
    }

    private (string Image, Plan Plan) Release(string tag, char digit)
    {
        var image = $"ghcr.io/example/infra-app:{tag}@sha256:{new string(digit, 64)}";
        return (image, Planner.Build(SwarmFixture.Config.With("app.image", image)));
    }

    private static SwarmServiceSpec Record(Plan plan, string service) => SwarmServiceSpecs.For(plan).Step(service).Spec;

    private Deployer Deployer(string pinned, string standIn) =>
        fixture.Deployer.WithImages(new Dictionary<string, string>(fixture.Deployer.ImageMap) { [pinned] = standIn });

    private async Task<string?> Image(string service) =>
        (string?)(await fixture.Node.Api.Get($"services/{service}"))["Spec"]!["TaskTemplate"]!["ContainerSpec"]!["Image"];

    private async Task<bool> WaitFor(string service, Func<string?, bool> state, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var status = (await fixture.Node.Api.Get($"services/{service}"))["UpdateStatus"]?["State"];
            if (state((string?)status))
            {
                return true;
            }

            await Task.Delay(1000);
        }

        return false;
    }
}
