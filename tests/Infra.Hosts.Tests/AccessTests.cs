using Infra.Blueprint.Hosts;
using Infra.Hosts.Tests.Fixtures;

namespace Infra.Hosts.Tests;

[Collection(HostsCollection.Name)]
public sealed class AccessTests(HostsScenario scenario)
{
    private SshLogin Deploy => scenario.PlanA.Command("node-1-bootstrap").Login!;

    [Fact]
    public void TheDeployUserLogsInWithTheKeyAndRunsDockerInfo()
    {
        var result = scenario.PlanA.Ssh(Deploy, "docker info --format '{{.ServerVersion}} {{.Swarm.LocalNodeState}}'");

        Assert.True(result.ExitCode == 0, $"deploy@node-1 could not run docker info: {result.Output}");
        Assert.Matches(@"^\d+\.\d+", result.Stdout);
    }

    [Fact]
    public void RootLoginIsRefusedAfterTheBootstrap()
    {
        var result = scenario.PlanA.Ssh(Deploy with { User = "root" }, "true");

        Assert.True(result.ExitCode == 255 && result.Stderr.Contains("Permission denied", StringComparison.Ordinal), $"root@node-1 was not refused: {result.Output}");
    }

    [Fact]
    public void PasswordLoginsAreRefused()
    {
        var result = scenario.PlanA.Ssh(Deploy, "true", "", null,
            "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password,keyboard-interactive");

        Assert.True(result.ExitCode == 255, $"a password login to node-1 was not refused: {result.Output}");
        Assert.Contains("Permission denied (publickey)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDeployUserMaySudoTheScriptRunnerAndNothingElse()
    {
        var runner = scenario.PlanA.Ssh(Deploy, HostCommands.AsRootThroughSudo, "id -u\n");
        var other = scenario.PlanA.Ssh(Deploy, "sudo -n id -u");

        Assert.Equal("0", runner.Stdout.Trim());
        Assert.True(other.ExitCode != 0, $"deploy ran sudo -n id -u: {other.Output}");
    }
}
