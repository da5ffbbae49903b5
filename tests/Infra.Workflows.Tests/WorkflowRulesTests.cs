using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Infra.Workflows.Tests;

public sealed partial class WorkflowRulesTests
{
    [Fact]
    public void EveryThirdPartyActionIsPinnedByCommitWithItsTagAlongside()
    {
        var lines = Workflow.AllWithActions.SelectMany(w => File.ReadAllLines(w.Path).Select((line, i) => (Where: $"{w.Name}:{i + 1}", Line: line.Trim())));

        var unpinned = lines.Where(l => l.Line.StartsWith("- uses:", StringComparison.Ordinal) || l.Line.StartsWith("uses:", StringComparison.Ordinal))
            .Where(l => !l.Line.Contains("uses: ./", StringComparison.Ordinal) && !PinnedAction().IsMatch(l.Line))
            .Select(l => $"{l.Where}: {l.Line}")
            .ToList();

        Assert.True(unpinned.Count == 0, $"pin these by a 40-hex commit, with '# vX.Y.Z' after it:\n{string.Join("\n", unpinned)}");
    }

    [Fact]
    public void EveryWorkflowGrantsNothingByDefaultAndEachJobOnlyWhatItNeeds()
    {
        var problems = new List<string>();
        foreach (var workflow in Workflow.All)
        {
            if (workflow.Map("permissions") is not { Children.Count: 0 })
            {
                problems.Add($"{workflow.Name}: top-level permissions must be {{}}");
            }

            foreach (var (id, job) in workflow.Jobs)
            {
                if (!job.Children.TryGetValue("permissions", out var permissions) || permissions is not YamlMappingNode granted)
                {
                    problems.Add($"{workflow.Name} job {id}: no permissions block");
                    continue;
                }

                problems.AddRange(granted.Children
                    .Where(p => ((YamlScalarNode)p.Value).Value == "write" && !AllowedWrites.Contains($"{((YamlScalarNode)p.Key).Value}"))
                    .Select(p => $"{workflow.Name} job {id}: {p.Key}: write is not needed by any job here"));
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    // Posting the preview on the pull request, and opening the drift issue. Nothing writes code or releases.
    private static readonly HashSet<string> AllowedWrites = ["pull-requests", "issues"];

    [Fact]
    public void EveryPulumiStepUsesTheCliVersionTheSetupActionPins()
    {
        var steps = Workflow.AllWithActions.SelectMany(w => w.Steps).Where(s => Workflow.Scalar(s.Step, "uses")?.StartsWith("pulumi/actions@", StringComparison.Ordinal) == true).ToList();
        var versions = steps.Select(s => (s.Where, Version: s.Step.Children.TryGetValue("with", out var with) ? Workflow.Scalar((YamlMappingNode)with, "pulumi-version") : null)).ToList();

        Assert.NotEmpty(versions);
        Assert.All(versions, v => Assert.Matches(ExactVersion(), v.Version ?? $"{v.Where}: no pulumi-version"));
        Assert.Single(versions.Select(v => v.Version).Distinct());
        var dotnet = Workflow.AllWithActions.SelectMany(w => w.Steps).Single(s => Workflow.Scalar(s.Step, "uses")?.StartsWith("actions/setup-dotnet@", StringComparison.Ordinal) == true);
        Assert.Matches(ExactVersion(), Workflow.Scalar((YamlMappingNode)dotnet.Step["with"], "dotnet-version"));
    }

    [Fact]
    public void EveryJobThatChangesAStackHoldsThatStacksDeployLock()
    {
        var problems = new List<string>();
        foreach (var workflow in Workflow.All)
        {
            foreach (var (id, job) in workflow.Jobs)
            {
                // pulumi up changes the stack; a refresh rewrites its state.
                var changes = PulumiSteps(job).Any(with => Workflow.Scalar(with, "command") == "up" || Workflow.Scalar(with, "refresh") == "true");
                if (!changes)
                {
                    continue;
                }

                var concurrency = job.Children.TryGetValue("concurrency", out var c) ? (YamlMappingNode)c : null;
                var group = concurrency is null ? null : Workflow.Scalar(concurrency, "group");
                if (group is null || !group.StartsWith("deploy-${{", StringComparison.Ordinal) || Workflow.Scalar(concurrency!, "cancel-in-progress") != "false")
                {
                    problems.Add($"{workflow.Name} job {id}: needs concurrency group deploy-<stack> with cancel-in-progress: false (got '{group}')");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static IEnumerable<YamlMappingNode> PulumiSteps(YamlMappingNode job) =>
        job.Children.TryGetValue("steps", out var steps)
            ? ((YamlSequenceNode)steps).Children.Cast<YamlMappingNode>()
                .Where(s => Workflow.Scalar(s, "uses")?.StartsWith("pulumi/actions@", StringComparison.Ordinal) == true && s.Children.ContainsKey("with"))
                .Select(s => (YamlMappingNode)s["with"])
            : [];

    [Fact]
    public void SecretsComeOnlyFromJobsThatNameAnEnvironment()
    {
        var problems = Workflow.All.SelectMany(w => w.Jobs.Select(j => (w, j.Id, j.Job)))
            .Where(x => !x.Job.Children.ContainsKey("environment") && x.Job.ToString().Contains("secrets.", StringComparison.Ordinal))
            .Select(x => $"{x.w.Name} job {x.Id} reads secrets without an environment")
            .ToList();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [GeneratedRegex(@"uses: [\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40} # v\d+(\.\d+)*$")]
    private static partial Regex PinnedAction();

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex ExactVersion();
}
