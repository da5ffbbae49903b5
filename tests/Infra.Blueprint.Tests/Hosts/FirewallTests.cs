
namespace Infra.Blueprint.Tests.Hosts;

public sealed class FirewallTests
{
    [Fact]
    public void WebPortsOpenOnlyOnEdgeHostsAndOnlyToCloudflareAndSwarmPortsOnlyToPeers()
    {
        var rules = Plans.Of("prod").FirewallRules;

        var web = rules.Where(r => r.Port is 80 or 443).ToList();
        Assert.Equal(["web-1", "web-2"], web.Select(r => r.Host).Distinct());
        Assert.All(web, r => Assert.Contains("173.245.48.0/20", r.Sources));
        var swarm = rules.Where(r => r.Port is 2377 or 7946 or 4789).ToList();
        var addresses = Plans.Of("prod").Hosts.ToDictionary(h => h.Name, h => h.Address);
        Assert.All(swarm, r => Assert.DoesNotContain(addresses[r.Host], r.Sources));
        Assert.All(swarm, r => Assert.Equal(4, r.Sources.Count));
        Assert.Equal(["web-1", "web-2", "web-3"], rules.Where(r => r.Port == 2377).Select(r => r.Host));
        Assert.All(rules.Where(r => r.Purpose == "ssh"), r => Assert.Equal(["198.51.100.0/24"], r.Sources));
    }
}
