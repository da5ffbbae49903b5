using Infra.Blueprint.Backups;
using Infra.Blueprint.Data;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Policies;
using Infra.Blueprint.Settings;
using Infra.Contract;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Hosts;

public sealed class HostsTests
{
    private static Plan PlanOf(string stack, string? key = null, string? value = null)
    {
        var config = Repository.Stack(stack);
        return Planner.Build(key is null ? config : config.With(key, value));
    }

    [Fact]
    public void WithoutDedicatedWorkersTheAppRunsOnEveryHost()
    {
        Assert.All(PlanOf("staging").Hosts, h => Assert.Equal("true", h.NodeLabels["infra.app"]));
        Assert.Equal(["web-1", "web-2", "web-3"], PlanOf("prod").Hosts.Where(h => h.NodeLabels.ContainsKey("infra.app")).Select(h => h.Name));
    }

    [Fact]
    public void TheLeaderIsTheFirstManagerAndDockerIsReachedOverSsh()
    {
        var leader = PlanOf("prod").Leader;

        Assert.Equal(("web-1", "ssh://deploy@203.0.113.21"), (leader.Name, leader.DockerHost));
    }
}
