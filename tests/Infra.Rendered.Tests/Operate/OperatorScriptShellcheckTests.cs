using Infra.Blueprint.Operate;
using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Rendered.Tests.Operate;

public sealed class OperatorScriptShellcheckTests
{
    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public void EveryOperatorScriptPassesShellcheckAtEverySeverity(string stack)
    {
        var shellcheck = Tools.Require("shellcheck", "shellcheck");
        var plan = Planner.Build(Repository.Stack(stack));
        var scripts = new Dictionary<string, OperatorScript>
        {
            ["ps-leader.sh"] = PsScript.Leader(plan),
            ["ps-host.sh"] = PsScript.Host(plan.Leader),
            ["logs.sh"] = LogsScript.Render(plan, new LogsRequest(LogsScript.AppAlias, Follow: true, Since: "10m", Tail: 5, Grep: "error|warn")),
            ["exec.sh"] = ExecScript.Render(plan, new ExecRequest(["echo $POSTGRES_HOST"], ["sh", "-c"], 60, "20261201t000000")),
            ["backup-now.sh"] = BackupNowScript.Backup(plan),
            ["restore-drill-now.sh"] = BackupNowScript.Drill(plan),
        };
        using var dir = new TempDirectory("shellcheck-operate");
        var paths = scripts.Select(s => dir.Write(s.Key, s.Value.Text)).ToList();

        var result = Tools.Run(shellcheck, ["--severity=style", "--shell=bash", .. paths]);

        Assert.True(result.ExitCode == 0, $"shellcheck found problems in the {stack} operator scripts:\n{result.Output}");
    }
}
