using System.CommandLine;
using Infra.Blueprint.Operate;
using Infra.Blueprint.Platform;
using Infra.Cli.Operate;

namespace Infra.Cli;

/// <summary>The <c>backup-now</c> command: the scheduled backup, run now in the backup service's task (<see cref="BackupNowScript"/>).</summary>
public static class BackupNowCommand
{
    /// <summary>The command with its options.</summary>
    public static Command Build() => Build("backup-now", "Run the backup now, as its schedule does (same script, lock and metrics); fails if it fails", BackupNowScript.Backup);

    internal static Command Build(string verb, string description, Func<Plan, OperatorScript> render)
    {
        var common = new OperatorOptions();
        var command = common.AddTo(new Command(verb, description));
        command.SetAction((result, cancellationToken) => RunAsync(verb, common.Read(result), render, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string verb, OperatorContext context, Func<Plan, OperatorScript> render, CancellationToken cancellationToken)
    {
        if (context.LoadPlan(verb) is not { } plan)
        {
            return ExitCodes.BadInput;
        }

        if (BackupNowScript.Problem(plan) is { } problem)
        {
            await context.Stderr.WriteLineAsync($"{verb}: {problem}");
            return ExitCodes.BadInput;
        }

        var script = render(plan);
        var shell = context.Shell(plan);
        if (context.DryRun)
        {
            shell.Print(script);
            return ExitCodes.Success;
        }

        return await shell.RunAsync(verb, script, cancellationToken);
    }
}
