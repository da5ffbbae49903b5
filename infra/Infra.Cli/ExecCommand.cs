using System.CommandLine;
using System.Globalization;
using Infra.Blueprint.Operate;
using Infra.Cli.Operate;

namespace Infra.Cli;

/// <summary>
/// The <c>exec</c> command: a one-off command (a console task, a data fix) in a fresh task of the app's image, with the
/// app's environment, networks and secrets, as a one-shot Swarm service on the leader (<see cref="ExecScript"/>).
/// </summary>
public static class ExecCommand
{
    /// <summary>How long the task may run unless <c>--timeout</c> says otherwise.</summary>
    public const int DefaultTimeoutSeconds = 600;

    /// <summary>The command with its options.</summary>
    public static Command Build()
    {
        var arguments = new Argument<string[]>("COMMAND") { Description = "Arguments for the image's entrypoint (the app's own commands, e.g. migrate), after --", Arity = ArgumentArity.OneOrMore };
        var entrypoint = new Option<string?>("--entrypoint") { Description = "Replace the image's entrypoint, split at spaces (e.g. \"sh -c\")" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds the task may run before it counts as failed", DefaultValueFactory = _ => DefaultTimeoutSeconds };
        var common = new OperatorOptions();
        var command = common.AddTo(new Command("exec", "Run a one-off command in a fresh task of the app image with the app's secrets and networks; prints its output, fails unless it completes")
        {
            arguments, entrypoint, timeout,
        });
        command.SetAction((result, cancellationToken) => RunAsync(
            common.Read(result),
            new ExecRequest(
                result.GetValue(arguments) ?? [],
                (result.GetValue(entrypoint) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
                result.GetValue(timeout),
                DateTime.UtcNow.ToString("yyyyMMdd't'HHmmss", CultureInfo.InvariantCulture)),
            cancellationToken));
        return command;
    }

    /// <summary>Runs the command; returns an <see cref="ExitCodes"/> code.</summary>
    public static async Task<int> RunAsync(OperatorContext context, ExecRequest request, CancellationToken cancellationToken)
    {
        if (context.LoadPlan("exec") is not { } plan)
        {
            return ExitCodes.BadInput;
        }

        if (request.TimeoutSeconds <= 0)
        {
            await context.Stderr.WriteLineAsync($"exec: --timeout: {request.TimeoutSeconds} s; use a positive number of seconds (default {DefaultTimeoutSeconds})");
            return ExitCodes.BadInput;
        }

        var script = ExecScript.Render(plan, request);
        var shell = context.Shell(plan);
        if (context.DryRun)
        {
            shell.Print(script);
            return ExitCodes.Success;
        }

        return await shell.RunAsync("exec", script, cancellationToken);
    }
}
