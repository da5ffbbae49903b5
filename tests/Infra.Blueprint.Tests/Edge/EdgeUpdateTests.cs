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
        var steps = EdgeUpdate.Steps(Plans.Of("staging").Settings);

        Assert.Equal([("node-1", EdgeUpdateStepKind.Replace)], steps.Select(s => (s.Host, s.Kind)));
    }

    // SIGTERM is nginx's fast shutdown (in-flight requests cut); SIGQUIT lets it finish them, bounded by worker_shutdown_timeout,
    // which must end before Swarm's SIGKILL.
    [Fact]
    public void TheEdgeStopsGracefullyAndFinishesBeforeSwarmKillsIt()
    {
        var plan = Plans.Of("prod");
        var edge = SwarmServiceSpecs.Service(plan.Service(Layout.EdgeService));
        var conf = plan.Configs.Single(c => c.Key == "nginx.conf").Content;

        Assert.Equal("SIGQUIT", edge.TaskTemplate.ContainerSpec.StopSignal);
        Assert.Contains($"worker_shutdown_timeout {EdgeUpdate.ShutdownSeconds(plan.Settings.Edge)}s;", conf, StringComparison.Ordinal);
        Assert.True(edge.TaskTemplate.ContainerSpec.StopGracePeriod > EdgeUpdate.ShutdownSeconds(plan.Settings.Edge) * SwarmServiceSpecs.Second,
            $"the edge's stop grace ({edge.TaskTemplate.ContainerSpec.StopGracePeriod / SwarmServiceSpecs.Second} s) does not outlast nginx's worker_shutdown_timeout: Swarm would SIGKILL it mid-request");
        Assert.Equal("stop-first", edge.UpdateConfig!.Order);
        Assert.Equal(1, edge.UpdateConfig.Parallelism);
    }
}
