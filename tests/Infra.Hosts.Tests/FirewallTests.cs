using System.Net.Sockets;
using Infra.Blueprint.Hosts;
using Infra.Hosts.Tests.Fixtures;

namespace Infra.Hosts.Tests;

[Collection(HostsCollection.Name)]
public sealed class FirewallTests(HostsScenario scenario)
{
    [Fact]
    public void SshFromOutsideTheAdminRangesIsRefused()
    {
        var node1 = scenario.Hosts["node-1"];
        var after = HostsScenario.SshBanner(scenario.OutsideClient, node1.OutsideAddress).Stdout;

        Assert.StartsWith("SSH-2.0", scenario.OutsideBannerBeforeBootstrap, StringComparison.Ordinal);
        Assert.True(after.Length == 0, $"the outside client still reaches sshd on node-1 ({node1.OutsideAddress}): '{after}'");
    }

    [Fact]
    public void SwarmPortsAnswerOnlyFromTheStacksNodes()
    {
        var node1 = scenario.Hosts["node-1"];
        var fromPeer = scenario.Console("node-2", $"timeout 5 bash -c 'exec 3<>/dev/tcp/{node1.Address}/2377' && echo open");

        Assert.Equal("open", fromPeer.Stdout.Trim());
        Assert.False(Connects(node1.Address, 2377), $"2377 on node-1 answers the provisioner at {scenario.AdminGateway}, which is no node of the stack");
        Assert.False(Connects(node1.Address, 7946), $"7946 on node-1 answers the provisioner at {scenario.AdminGateway}, which is no node of the stack");
        Assert.Equal("", HostsScenario.SshBanner(scenario.OutsideClient, node1.OutsideAddress, 2377).Stdout.Trim());
    }

    [Fact]
    public void EspIsAllowedBetweenTheNodesAndFromNoOneElse()
    {
        var rules = scenario.Console("node-1", "iptables-save -t filter").Stdout.Split('\n');
        var esp = rules.Where(r => r.Contains("-p esp", StringComparison.Ordinal)).ToList();

        var peers = new[] { "node-2", "node-4" }.Select(n => $"-s {scenario.Hosts[n].Address}/32").ToList();
        Assert.All(peers, peer => Assert.Contains(esp, r => r.Contains(peer, StringComparison.Ordinal) && r.EndsWith("-j ACCEPT", StringComparison.Ordinal)));
        Assert.All(esp, r => Assert.Contains(peers, p => r.Contains(p, StringComparison.Ordinal)));
    }

    [Fact]
    public void Fail2BanWatchesSshWithTheRenderedLimit()
    {
        var jail = scenario.Console("node-1", "fail2ban-client get sshd maxretry");

        Assert.True(jail.ExitCode == 0, $"fail2ban has no live sshd jail on node-1: {jail.Output}");
        Assert.Equal(BootstrapScript.Fail2BanMaxRetry.ToString(System.Globalization.CultureInfo.InvariantCulture), jail.Stdout.Trim());
    }

    private static bool Connects(string address, int port)
    {
        using var client = new TcpClient();
        try
        {
            return client.ConnectAsync(address, port).Wait(TimeSpan.FromSeconds(3)) && client.Connected;
        }
        catch (AggregateException)
        {
            return false;
        }
    }
}
