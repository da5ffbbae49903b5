using System.Text.RegularExpressions;
using Infra.TestKit;
using YamlDotNet.RepresentationModel;

namespace Infra.Workflows.Tests;

/// <summary>
/// The workflows run the README's commands: every pulumi, CLI and test command a workflow runs has the README's shape
/// (program, verb and option names; values differ), and the README's two commands are what CI runs.
/// </summary>
public sealed partial class ReadmeCommandsTests
{
    private static readonly string Readme = File.ReadAllText(Repository.PathOf("README.md"));

    [Fact]
    public void EveryCommandAWorkflowRunsIsOneTheReadmeShows()
    {
        var documented = ReadmeCommands().Select(Shape).ToHashSet();

        var undocumented = WorkflowCommands().Where(c => !documented.Contains(Shape(c.Command))).Select(c => $"{c.Where}: {c.Command}  (shape '{Shape(c.Command)}')").ToList();

        Assert.True(undocumented.Count == 0, $"the README shows no command of these shapes; document them or run the README's:\n{string.Join("\n", undocumented)}\nREADME shapes:\n{string.Join("\n", documented.Order())}");
    }

    [Fact]
    public void CiRunsTheReadmesTwoCommands()
    {
        var run = WorkflowCommands().Select(c => Shape(c.Command)).ToHashSet();

        Assert.Contains("./test.sh", run);
        Assert.Contains(Shape("dotnet run --project infra/Infra.Cli -- plan --stack staging --out out/staging"), run);
        Assert.Contains("./test.sh", ReadmeCommands());
        Assert.Contains("dotnet run --project infra/Infra.Cli -- plan --stack staging --out out/staging", ReadmeCommands());
    }

    [Fact]
    public void AShapeIgnoresValuesButNotVerbsOrOptions()
    {
        Assert.Equal(Shape("pulumi up --stack staging"), Shape("pulumi up --stack \"$STACK\""));
        Assert.NotEqual(Shape("pulumi up --stack staging"), Shape("pulumi preview --stack staging"));
        Assert.NotEqual(Shape("dotnet run --project infra/Infra.Cli -- verify --stack x"), Shape("dotnet run --project infra/Infra.Cli -- verify --url x"));
    }

    /// <summary>Program, verb words and the sorted option names: <c>pulumi stack output --json --stack</c>.</summary>
    private static string Shape(string command)
    {
        var tokens = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var head = new List<string> { tokens[0] };
        var rest = tokens.Skip(1).ToList();
        if (tokens[0] == "dotnet")
        {
            head.AddRange(tokens.Skip(1).Take(5));
            rest = [.. tokens.Skip(6)];
        }
        else
        {
            head.AddRange(rest.TakeWhile(t => VerbWord().IsMatch(t)));
            rest = [.. rest.SkipWhile(t => VerbWord().IsMatch(t))];
        }

        return string.Join(' ', head.Concat(rest.Where(t => t.StartsWith("--", StringComparison.Ordinal)).Select(t => t.Split('=')[0]).Order(StringComparer.Ordinal)));
    }

    // The commands in the README's sh code blocks, without comments and prompts.
    private static IReadOnlyList<string> ReadmeCommands() =>
    [
        .. CodeBlock().Matches(Readme).SelectMany(m => m.Groups["body"].Value.Split('\n'))
            .Select(l => l.Split(" #")[0].Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .SelectMany(Commands),
    ];

    // Every command in a workflow: run scripts line by line, and each pulumi/actions step as the command it runs.
    private static IEnumerable<(string Where, string Command)> WorkflowCommands()
    {
        foreach (var (where, step) in Workflow.AllWithActions.SelectMany(w => w.Steps))
        {
            if (Workflow.Scalar(step, "run") is { } script)
            {
                foreach (var command in script.Split('\n').Select(l => l.Trim()).SelectMany(Commands))
                {
                    yield return (where, command);
                }
            }
            else if (Workflow.Scalar(step, "uses")?.StartsWith("pulumi/actions@", StringComparison.Ordinal) == true
                && step.Children.TryGetValue("with", out var w) && w is YamlMappingNode with && Workflow.Scalar(with, "command") is { } verb)
            {
                var flags = new[] { "refresh", "expect-no-changes" }.Where(f => Workflow.Scalar(with, f) == "true").Select(f => $"--{f}");
                yield return (where, string.Join(' ', ["pulumi", verb, .. flags, "--stack", Workflow.Scalar(with, "stack-name") ?? ""]));
            }
        }
    }

    // The pulumi, CLI and test commands in one line of shell; a $(…) inside is a command of its own.
    private static IEnumerable<string> Commands(string line)
    {
        var inner = Substitution().Matches(line).Select(m => m.Groups["inner"].Value).ToList();
        var outer = Substitution().Replace(line, "\"\"");
        foreach (var part in inner.Append(outer))
        {
            var start = Start().Match(part);
            if (start.Success)
            {
                yield return Regex.Replace(part[start.Index..].Trim(), @"\s+", " ");
            }
        }
    }

    [GeneratedRegex(@"```sh\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"\$\((?<inner>[^()]*)\)")]
    private static partial Regex Substitution();

    [GeneratedRegex(@"(^|\s)(pulumi |dotnet run --project infra/Infra\.Cli |\./test\.sh)")]
    private static partial Regex Start();

    [GeneratedRegex(@"^[a-z][a-z-]*$")]
    private static partial Regex VerbWord();
}
