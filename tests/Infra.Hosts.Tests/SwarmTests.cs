using Infra.Blueprint.Platform;
using Infra.Hosts.Tests.Fixtures;

namespace Infra.Hosts.Tests;

[Collection(HostsCollection.Name)]
public sealed class SwarmTests(HostsScenario scenario)
{
    [Fact]
    public void ThreeHostsFormThePlannedSwarm()
    {
        AssertAsPlanned(scenario.PlanA.Plan, scenario.PlanANodes);
    }

    [Fact]
    public void RunningTheSwarmScriptsAgainChangesNothing()
    {
        Assert.Contains("already in the Swarm: nothing changed", scenario.Results["A2/swarm-init"].Stderr, StringComparison.Ordinal);
        Assert.All(new[] { "node-2", "node-3" }, n =>
            Assert.Contains("already in the Swarm: nothing changed", scenario.Results[$"A2/swarm-join-{n}"].Stderr, StringComparison.Ordinal));
        Assert.Contains("[members node-1] nothing changed", scenario.Results["A2/swarm-members"].Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ARemovedHostIsDrainedDemotedAndRemovedAndAnAddedOneJoinsWithItsLabels()
    {
        var members = scenario.Results["B/swarm-members"].Stderr;
        var node3 = scenario.Console("node-3", "docker info --format '{{.Swarm.LocalNodeState}}'").Stdout.Trim();

        Assert.Contains("changed: node-3 drained, demoted if a manager, removed", members, StringComparison.Ordinal);
        Assert.Equal("inactive", node3);
        AssertAsPlanned(scenario.PlanB.Plan, scenario.Nodes(scenario.PlanB));
    }

    private static void AssertAsPlanned(Plan plan, IReadOnlyList<SwarmNode> nodes)
    {
        Assert.Equal(plan.Hosts.Select(h => h.Name).Order(StringComparer.Ordinal), nodes.Select(n => n.Hostname));
        foreach (var host in plan.Hosts)
        {
            var node = nodes.Single(n => n.Hostname == host.Name);
            var labels = string.Join(',', host.NodeLabels.Select(l => $"{l.Key}={l.Value}"));
            Assert.True(
                (node.Status, node.Role, node.ManagerStatus == "leader", node.Labels) == ("ready", host.IsManager ? "manager" : "worker", host.IsLeader, labels),
                $"node {host.Name} is {node}; planned: {(host.IsManager ? "manager" : "worker")}{(host.IsLeader ? ", leader" : "")}, labels {labels}");
        }
    }
}
