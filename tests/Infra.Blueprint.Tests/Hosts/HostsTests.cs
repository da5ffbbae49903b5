
namespace Infra.Blueprint.Tests.Hosts;

public sealed class HostsTests
{
    [Fact]
    public void WithoutDedicatedWorkersTheAppRunsOnEveryHost()
    {
        Assert.All(Plans.Of("staging").Hosts, h => Assert.Equal("true", h.NodeLabels["infra.app"]));
        Assert.Equal(["web-1", "web-2", "web-3"], Plans.Of("prod").Hosts.Where(h => h.NodeLabels.ContainsKey("infra.app")).Select(h => h.Name));
    }

    [Fact]
    public void TheLeaderIsTheFirstManagerAndDockerIsReachedOverSsh()
    {
        var leader = Plans.Of("prod").Leader;

        Assert.Equal(("web-1", "ssh://deploy@203.0.113.21"), (leader.Name, leader.DockerHost));
    }
}
