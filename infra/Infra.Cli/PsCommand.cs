using System.CommandLine;
using Infra.Blueprint.Operate;
using Infra.Cli.Operate;

namespace Infra.Cli;

/// <summary>The <c>ps</c> command: services, replicas, images with digests, and each task's node, state and health.</summary>
public static class PsCommand
{
    /// <summary>The command with its options.</summary>
    public static Command Build()
    {
        var common = new OperatorOptions();
        var command = common.AddTo(new Command("ps", "List the Swarm's services (replicas, image digests) and their tasks (node, state, health) beside the plan's"));
        command.SetAction((result, cancellationToken) => RunAsync(common.Read(result), cancellationToken));
        return command;
    }

    /// <summary>Runs the command; returns an <see cref="ExitCodes"/> code.</summary>
    public static async Task<int> RunAsync(OperatorContext context, CancellationToken cancellationToken)
    {
        if (context.LoadPlan("ps") is not { } plan)
        {
            return ExitCodes.BadInput;
        }

        var leader = PsScript.Leader(plan);
        var hosts = plan.Hosts.Select(PsScript.Host).ToList();
        var shell = context.Shell(plan);
        if (context.DryRun)
        {
            shell.Print(leader);
            hosts.ForEach(shell.Print);
            return ExitCodes.Success;
        }

        if (await shell.CaptureAsync("ps", leader, cancellationToken) is not { } services)
        {
            return ExitCodes.CheckFailed;
        }

        // Health is known only to each node's engine; a host that does not answer leaves its tasks' health unknown.
        var health = await Task.WhenAll(hosts.Select(async h => (h.Host.Name, Output: await shell.CaptureAsync("ps", h, cancellationToken))));
        var report = PsReport.Parse(plan, services, health.ToDictionary(h => h.Name, h => h.Output, StringComparer.Ordinal));
        await context.Stdout.WriteAsync(report.Format());
        return health.All(h => h.Output is not null) ? ExitCodes.Success : ExitCodes.CheckFailed;
    }
}
