using Infra.Blueprint.Edge;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Swarm;

namespace Infra.Blueprint.Tests.Edge;

public sealed class EdgeUpdateTests
{
    // Cloudflare Free does not retry another A record: a host leaves DNS before its nginx stops, and comes back only after
    // its new nginx is healthy, one host at a time, so one edge host always serves.
    [Fact]
    public void EachEdgeHostLeavesDnsBeforeItsNginxIsReplacedAndTheNextWaitsUntilItIsBack()
    {
        var plan = Plans.Of("prod");

        var steps = EdgeUpdate.Steps(plan.Settings);

        Assert.Equal(
            [
                ("web-1", EdgeUpdateStepKind.Withdraw), ("web-1", EdgeUpdateStepKind.Drain), ("web-1", EdgeUpdateStepKind.Replace), ("web-1", EdgeUpdateStepKind.Restore),
                ("web-2", EdgeUpdateStepKind.Withdraw), ("web-2", EdgeUpdateStepKind.Drain), ("web-2", EdgeUpdateStepKind.Replace), ("web-2", EdgeUpdateStepKind.Restore),
            ],
            steps.Select(s => (s.Host, s.Kind)));
        // What is withdrawn is exactly that host's records.
        Assert.All(steps, s => Assert.Contains(plan.DnsRecords, r => r.Content == s.Address));
    }

    [Fact]
    public void ASingleEdgeHostIsOnlyReplacedNeverWithdrawnFromDns()
    {
        var plan = Plans.Of("staging");
        var steps = EdgeUpdate.Steps(plan.Settings);

        Assert.Equal([("node-1", "edge-node-1", EdgeUpdateStepKind.Replace)], steps.Select(s => (s.Host, s.Service, s.Kind)));
        Assert.DoesNotContain(plan.Files, f => f.Path.StartsWith("edge/", StringComparison.Ordinal));
    }

    // One Swarm service per edge host is what lets each host's nginx be replaced on its own between its DNS steps: a global
    // service would be updated host after host by Swarm, with nothing in between.
    [Fact]
    public void EachEdgeHostHasItsOwnNginxServicePinnedToItAndUpdatedAfterThePreviousHosts()
    {
        var plan = Plans.Of("prod");

        var edges = plan.Layout.EdgeHosts.Select(h => (Host: h.Name, Spec: plan.Service(plan.Layout.EdgeServices[h.Name]))).ToList();

        Assert.Equal(["edge-web-1", "edge-web-2"], edges.Select(e => e.Spec.Name));
        Assert.All(edges, e =>
        {
            Assert.False(e.Spec.Global, $"{e.Spec.Name} is global: Swarm would update every edge host in one go");
            Assert.Equal(1, e.Spec.Replicas);
            Assert.Contains($"node.hostname=={e.Host}", e.Spec.Placement);
        });
        Assert.Contains("edge-web-1", edges[1].Spec.After);
        Assert.Equal(plan.Rollout.Select(s => s.Name).Where(n => n.StartsWith("edge-", StringComparison.Ordinal)), edges.Select(e => e.Spec.Name));
    }

    // Each host's scripts name exactly its own records (every public name with its address), and the withdrawal parks them
    // under a name inside the record's own, so the record (and its id, which Pulumi's state holds) survives.
    [Fact]
    public void EachEdgeHostsDnsScriptsNameExactlyItsOwnRecords()
    {
        var plan = Plans.Of("prod");

        foreach (var host in plan.Layout.EdgeHosts)
        {
            var withdraw = plan.File(EdgeDnsScript.WithdrawPath(host.Name)).Content;
            var restore = plan.File(EdgeDnsScript.RestorePath(host.Name)).Content;
            var own = plan.DnsRecords.Where(r => r.Content == host.Address).ToList();
            Assert.Equal(plan.Layout.PublicHostnames.Count, own.Count);
            Assert.All(own, r => Assert.Contains($"withdraw '{r.Name}' {r.Type} '{r.Content}' true 1\n", withdraw));
            Assert.All(own, r => Assert.Contains($"restore '{r.Name}' {r.Type} '{r.Content}' true 1\n", restore));
            Assert.All(plan.DnsRecords.Except(own), r => Assert.DoesNotContain($"'{r.Content}'", withdraw + restore));
            Assert.DoesNotContain("DELETE", withdraw + restore, StringComparison.Ordinal);
        }
    }

    // SIGTERM is nginx's fast shutdown (in-flight requests cut); SIGQUIT lets it finish them, bounded by worker_shutdown_timeout,
    // which must end before Swarm's SIGKILL.
    [Fact]
    public void TheEdgeStopsGracefullyAndFinishesBeforeSwarmKillsIt()
    {
        var plan = Plans.Of("prod");
        var edge = SwarmServiceSpecs.Service(plan.Service(plan.Layout.EdgeServices["web-1"]));
        var conf = plan.Configs.Single(c => c.Key == "nginx.conf").Content;

        Assert.Equal("SIGQUIT", edge.TaskTemplate.ContainerSpec.StopSignal);
        Assert.Contains($"worker_shutdown_timeout {EdgeUpdate.ShutdownSeconds(plan.Settings.Edge)}s;", conf, StringComparison.Ordinal);
        Assert.True(edge.TaskTemplate.ContainerSpec.StopGracePeriod > EdgeUpdate.ShutdownSeconds(plan.Settings.Edge) * SwarmServiceSpecs.Second,
            $"the edge's stop grace ({edge.TaskTemplate.ContainerSpec.StopGracePeriod / SwarmServiceSpecs.Second} s) does not outlast nginx's worker_shutdown_timeout: Swarm would SIGKILL it mid-request");
        Assert.Equal("stop-first", edge.UpdateConfig!.Order);
        Assert.Equal(1, edge.UpdateConfig.Parallelism);
    }
}
