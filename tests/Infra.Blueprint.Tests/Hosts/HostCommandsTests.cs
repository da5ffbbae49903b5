using Infra.Blueprint.Hosts;
using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Hosts;

public sealed class HostCommandsTests
{
    private static Plan Prod => Planner.Build(Repository.Stack("prod"));

    [Fact]
    public void OnlyTheFirstContactLogsInAsTheAccountTheServerOffersEverythingElseAsTheDeployUser()
    {
        var commands = HostCommands.Of(Prod);

        Assert.All(commands.Where(c => c.Name.EndsWith("-access", StringComparison.Ordinal)), c => Assert.Equal(("root", HostCommands.AsRoot), (c.Login!.User, c.Runner)));
        Assert.All(commands.Where(c => c.Name.EndsWith("-bootstrap", StringComparison.Ordinal)), c => Assert.Equal(("deploy", HostCommands.AsRootThroughSudo), (c.Login!.User, c.Runner)));
        Assert.All(commands.Where(c => c.Name.StartsWith("swarm-", StringComparison.Ordinal)), c => Assert.Equal(("deploy", HostCommands.AsLoginUser), (c.Login!.User, c.Runner)));
        Assert.All(Prod.Hosts, h => Assert.StartsWith("ssh://deploy@", h.DockerHost, StringComparison.Ordinal));
    }

    [Fact]
    public void TheDeployUserGetsTheKeyTheDockerGroupAndSudoForTheScriptRunnerOnly()
    {
        var access = Prod.File(AccessScript.Path).Content;

        Assert.Equal("deploy ALL=(root) NOPASSWD: /usr/bin/bash -s, /bin/bash -s", AccessScript.SudoRule("deploy"));
        Assert.EndsWith(" bash -s", HostCommands.AsRootThroughSudo, StringComparison.Ordinal);
        Assert.Contains("put_file \"$home/.ssh/authorized_keys\" 0600 <<<\"$DEPLOY_PUBLIC_KEY\"", access, StringComparison.Ordinal);
        Assert.Contains("usermod -aG docker \"$DEPLOY_USER\"", access, StringComparison.Ordinal);
        Assert.Contains("visudo -c -q -f", access, StringComparison.Ordinal);
        Assert.Equal(CommandInput.DeployPublicKey, HostCommands.Of(Prod).First(c => c.Name.EndsWith("-access", StringComparison.Ordinal)).Inputs["DEPLOY_PUBLIC_KEY"]);
    }

    [Fact]
    public void EveryCommandRunsAfterTheCommandsItNamesAndEveryRemoteOneAfterItsHostKeyCheck()
    {
        var commands = HostCommands.Of(Prod);
        var seen = new HashSet<string>();
        foreach (var command in commands)
        {
            Assert.All(command.After, a => Assert.True(seen.Contains(a), $"{command.Name} comes before {a}, which it runs after"));
            seen.Add(command.Name);
        }

        Assert.All(commands.Where(c => c.Login is not null), c => Assert.Contains($"{c.Host}-host-key", seen));
        Assert.Equal(commands.Count, seen.Count);
    }

    [Fact]
    public void OnlyInitPrintsCredentialsAndOnlyJoinsLeaveWhenDeleted()
    {
        var commands = HostCommands.Of(Prod);

        Assert.Equal(["swarm-init"], commands.Where(c => c.SecretOutput).Select(c => c.Name));
        Assert.Equal(Prod.Hosts.Where(h => !h.IsLeader).Select(h => $"swarm-join-{h.Name}"), commands.Where(c => c.Delete == SwarmScripts.Leave).Select(c => c.Name));
        Assert.Equal(commands.Count(c => c.Delete is not null), commands.Count(c => c.Delete == SwarmScripts.Leave));
    }

    [Fact]
    public void TheProvisionersSshClientsNeverPromptAndAcceptOnlyTheVerifiedKey()
    {
        var options = string.Join(' ', HostCommands.SshOptions("/tmp/kh"));

        Assert.Contains("-o BatchMode=yes", options, StringComparison.Ordinal);
        Assert.Contains("-o StrictHostKeyChecking=yes", options, StringComparison.Ordinal);
        Assert.Contains("-o UserKnownHostsFile=/tmp/kh", options, StringComparison.Ordinal);
    }

    [Fact]
    public void APinnedHostKeyReachesTheHostKeyCheck()
    {
        const string key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOQABwPe5hoMMsBCnLePc6pLejc4DGIBbjC5Zd/7cekg";
        var plan = Planner.Build(Repository.Stack("prod").WithList("ssh.hostKeys", $"203.0.113.22 {key}"));
        var checks = HostCommands.Of(plan).Where(c => c.Login is null).ToDictionary(c => c.Host, c => c.Environment["PINNED_KEY"]);

        Assert.Equal(key, checks["web-2"]);
        Assert.Equal("", checks["web-1"]);
    }
}
