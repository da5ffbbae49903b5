using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Rendered.Tests.Hosts;

public sealed class ScriptShellcheckTests
{
    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public void EveryRenderedScriptPassesShellcheckAtEverySeverity(string stack)
    {
        var shellcheck = Tools.Require("shellcheck", "shellcheck");
        var plan = Planner.Build(Repository.Stack(stack));
        using var dir = new TempDirectory("shellcheck");
        var scripts = plan.Files.Where(f => f.Path.EndsWith(".sh", StringComparison.Ordinal)).Select(f => dir.Write(f.Path, f.Content)).ToList();
        Assert.NotEmpty(scripts);

        var result = Tools.Run(shellcheck, ["--severity=style", "--shell=bash", .. scripts]);

        Assert.True(result.ExitCode == 0, $"shellcheck found problems in the {stack} scripts:\n{result.Output}");
    }

    [Fact]
    public void TheBootstrapScriptIsValidBash()
    {
        var plan = Planner.Build(Repository.Stack("prod"));
        using var dir = new TempDirectory("bash-n");
        var script = dir.Write("bootstrap.sh", plan.File(plan.Leader.BootstrapScriptPath).Content);

        var result = Tools.Run("bash", ["-n", script]);

        Assert.True(result.ExitCode == 0, result.Output);
    }
}
