using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Platform;

public sealed class PlannedHostTests
{
    [Fact]
    public void RootRunsScriptsDirectlyAndOtherUsersThroughNonInteractiveSudo()
    {
        var staging = Planner.Build(Repository.Stack("staging")).Hosts.Single();
        var prod = Planner.Build(Repository.Stack("prod")).Hosts;

        Assert.Equal(("root", "bash -s"), (staging.SshUser, staging.ScriptRunner));
        Assert.All(prod, h => Assert.Equal(("root", "bash -s"), (h.SshUser, h.ScriptRunner)));
        var sudoUser = Planner.Build(Repository.Stack("prod").With("ssh.user", "debian")).Hosts;
        Assert.All(sudoUser, h => Assert.Equal(("debian", "sudo -n bash -s"), (h.SshUser, h.ScriptRunner)));
    }
}
