using Infra.Hosts.Tests.Fixtures;

namespace Infra.Hosts.Tests;

[Collection(HostsCollection.Name)]
public sealed class BootstrapTests(HostsScenario scenario)
{
    [Fact]
    public void AFreshServerIsBootstrappedAndWhatAContainerCannotDoIsSkippedWithItsReason()
    {
        var log = scenario.Results["A/node-1-bootstrap"].Stderr;

        Assert.Contains("[bootstrap node-1] changed: packages", log, StringComparison.Ordinal);
        Assert.Contains("[bootstrap node-1] skipped: swap (/ is overlayfs, which cannot hold a swap file)", log, StringComparison.Ordinal);
        Assert.Matches(@"skipped: sysctl vm\.swappiness \(.*(denied|read-only)", log);
        Assert.Contains("skipped: time sync (chronyd does not run here", log, StringComparison.Ordinal);
    }

    [Fact]
    public void ASecondBootstrapChangesNothingAndSaysSo()
    {
        var log = scenario.Results["A2/node-1-bootstrap"].Stderr;

        Assert.Contains("[bootstrap node-1] nothing changed", log, StringComparison.Ordinal);
        Assert.DoesNotContain("changed:", log, StringComparison.Ordinal);
        Assert.Equal(scenario.SecondRunState.Before, scenario.SecondRunState.After);
    }

    [Fact]
    public void TheFirstContactCreatesTheDeployUserOnceAndRecordsTheHostKey()
    {
        Assert.Contains("[access node-1] changed: user deploy", scenario.Results["A/node-1-access"].Stderr, StringComparison.Ordinal);
        Assert.Contains("host node-1: first contact, recorded host key SHA256:", scenario.Results["A/node-1-host-key"].Stderr, StringComparison.Ordinal);
        var recorded = File.ReadAllText(scenario.PlanA.KnownHosts);
        Assert.Contains($"{scenario.Hosts["node-1"].Address} {scenario.Results["A/node-1-host-key"].Stdout.Trim()}", recorded, StringComparison.Ordinal);
    }
}
