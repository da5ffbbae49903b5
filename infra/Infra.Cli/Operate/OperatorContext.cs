using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;

namespace Infra.Cli.Operate;

/// <summary>One operator command's invocation: the stack it names, how to log in, whether to run, where output goes.</summary>
/// <param name="Project">Directory holding <c>Pulumi.yaml</c>.</param>
/// <param name="Stack">The stack.</param>
/// <param name="Identity">The deploy key file; null for the SSH agent's keys.</param>
/// <param name="DryRun">Print what would run instead of running it.</param>
/// <param name="Stdout">Where results go.</param>
/// <param name="Stderr">Where problems and progress go.</param>
/// <param name="Plan">The plan when the caller built it already (the hosts tier, over servers it generated); null: planned from the stack file.</param>
public sealed record OperatorContext(DirectoryInfo Project, string Stack, FileInfo? Identity, bool DryRun, TextWriter Stdout, TextWriter Stderr, Plan? Plan = null)
{
    /// <summary>
    /// The stack's plan, or null after writing why to <see cref="Stderr"/> (every problem, each with its setting and fix).
    /// No credentials are needed: the commands read only host addresses, names and the plan's records.
    /// </summary>
    public Plan? LoadPlan(string verb)
    {
        if (Plan is not null)
        {
            return Plan;
        }

        try
        {
            return Planner.Build(StackFiles.Load(Project.FullName, Stack));
        }
        catch (SettingsException e)
        {
            Stderr.WriteLine($"{verb}: {e.Message}");
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or DirectoryNotFoundException)
        {
            Stderr.WriteLine($"{verb}: {e.Message}");
        }

        return null;
    }

    /// <summary>The SSH side of this invocation.</summary>
    public RemoteShell Shell(Plan plan) => new(plan, Identity?.FullName, Stdout, Stderr);
}
