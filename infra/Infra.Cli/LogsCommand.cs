using System.CommandLine;
using Infra.Blueprint.Operate;
using Infra.Cli.Operate;

namespace Infra.Cli;

/// <summary>The <c>logs</c> command: a service's logs (or every app replica's), gathered by the Swarm, over SSH on the leader.</summary>
public static class LogsCommand
{
    /// <summary>The command with its options.</summary>
    public static Command Build()
    {
        var service = new Argument<string>("SERVICE") { Description = $"A service of the plan (edge, postgres, …), or {LogsScript.AppAlias} for every app replica" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep streaming new lines (Ctrl-C ends)" };
        var since = new Option<string?>("--since") { Description = "Only lines newer than a duration (10m, 1h30m) or a timestamp (2026-12-01T10:00:00Z)" };
        var tail = new Option<int?>("--tail") { Description = "Only the last N lines of each task" };
        var grep = new Option<string?>("--grep") { Description = "Only lines matching this extended regular expression (grep -E, on the leader)" };
        var common = new OperatorOptions();
        var command = common.AddTo(new Command("logs", "Print a service's logs from every node: follow, since, tail, grep") { service, follow, since, tail, grep });
        command.SetAction((result, cancellationToken) => RunAsync(
            common.Read(result),
            new LogsRequest(result.GetValue(service)!, result.GetValue(follow), result.GetValue(since), result.GetValue(tail), result.GetValue(grep)),
            cancellationToken));
        return command;
    }

    /// <summary>Runs the command; returns an <see cref="ExitCodes"/> code.</summary>
    public static async Task<int> RunAsync(OperatorContext context, LogsRequest request, CancellationToken cancellationToken)
    {
        if (context.LoadPlan("logs") is not { } plan)
        {
            return ExitCodes.BadInput;
        }

        if (LogsScript.Problems(plan, request) is { Count: > 0 } problems)
        {
            foreach (var problem in problems)
            {
                await context.Stderr.WriteLineAsync($"logs: {problem}");
            }

            return ExitCodes.BadInput;
        }

        var script = LogsScript.Render(plan, request);
        var shell = context.Shell(plan);
        if (context.DryRun)
        {
            shell.Print(script);
            return ExitCodes.Success;
        }

        return await shell.RunAsync("logs", script, cancellationToken);
    }
}
