using Infra.Blueprint.Hosts;
using Infra.Blueprint.Platform;
using Infra.Hosts.Tests.Fixtures;
using Infra.TestKit;

namespace Infra.Hosts.Tests;

[Collection(HostsCollection.Name)]
public sealed class HostKeyTests(HostsScenario scenario)
{
    // node-3 left the Swarm in plan B: rebuilding its host keys disturbs no other test.
    [Fact]
    public void AChangedHostKeyIsRefusedNamingTheHostAndTheFix()
    {
        var host = scenario.Hosts["node-3"];
        var recordedKey = scenario.Results["A/node-3-host-key"].Stdout.Trim();
        HostsScenario.Check(scenario.Console("node-3", "rm -f /etc/ssh/ssh_host_* && ssh-keygen -A >/dev/null && systemctl restart ssh"), "new host keys on node-3");

        var recorded = scenario.PlanA.Run(HostCommands.HostKeyOf(scenario.PlanA.Plan.Hosts.Single(h => h.Name == "node-3")));
        var pinnedPlan = new Provisioner(Planner.Build(StackConfigs.Of(
            [.. scenario.PlanA.Plan.Hosts.Select(h => $"{h.Name} {h.Address} roles={string.Join(',', h.Roles).ToLowerInvariant()} memoryMb=1024 cpus=1")],
            scenario.AdminGateway, scenario.PlanA.KnownHosts).WithList("ssh.hostKeys", $"{host.Address} {recordedKey}")), scenario.PrivateKey, "");
        var pinned = pinnedPlan.Run("node-3-host-key");
        var ssh = scenario.PlanA.Ssh(scenario.PlanA.Command("node-3-bootstrap").Login!, "true");

        Assert.True(recorded.ExitCode != 0, $"node-3's new host key was accepted against the recorded one: {recorded.Output}");
        Assert.Contains($"host node-3 ({host.Address}) offers SSH host key SHA256:", recorded.Stderr, StringComparison.Ordinal);
        Assert.Contains($"ssh-keygen -R '{host.Address}' -f {scenario.PlanA.KnownHosts}", recorded.Stderr, StringComparison.Ordinal);
        Assert.True(pinned.ExitCode != 0, $"node-3's new host key was accepted against the pinned one: {pinned.Output}");
        Assert.Contains("but infra:ssh.hostKeys pins SHA256:", pinned.Stderr, StringComparison.Ordinal);
        Assert.True(ssh.ExitCode == 255 && ssh.Stderr.Contains("Host key verification failed", StringComparison.Ordinal), $"ssh with the provisioner's options connected to node-3: {ssh.Output}");
    }
}
