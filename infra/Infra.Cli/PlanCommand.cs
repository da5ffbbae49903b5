using Infra.Blueprint.Platform;
using Infra.Blueprint.Policies;
using Infra.Blueprint.Settings;
using Infra.Blueprint.Swarm;

namespace Infra.Cli;

/// <summary>The <c>plan</c> command: settings → plan → topology report and rendered files.</summary>
public static class PlanCommand
{
    /// <summary>Exit code for bad input: a stack file with problems, bad options, an output folder that cannot be written.</summary>
    public const int InvalidSettings = ExitCodes.BadInput;

    /// <summary>Runs the command; returns the process exit code. Every problem is found before anything is printed or written.</summary>
    public static int Run(DirectoryInfo project, string stack, DirectoryInfo? output, TextWriter stdout, TextWriter stderr)
    {
        StackConfig config;
        Plan plan;
        try
        {
            config = StackFiles.Load(project.FullName, stack);
            plan = PlanPolicies.Enforce(Planner.Build(config));
        }
        catch (Exception e) when (e is SettingsException or FileNotFoundException or InvalidDataException or InvalidOperationException)
        {
            // InvalidOperationException: PlanPolicies' report of the policies a plan breaks.
            stderr.WriteLine(e.Message);
            return InvalidSettings;
        }

        var swarm = SwarmServiceSpecs.For(plan);
        var files = plan.Files.Concat(SwarmFiles.Render(swarm)).ToList();
        if (output is not null && OutputFolder.Replace(output.FullName, files) is { } problem)
        {
            stderr.WriteLine($"plan: --out {output.FullName}: {problem}");
            return InvalidSettings;
        }

        stdout.Write(plan.File(OutputFolder.Marker).Content);
        foreach (var warning in swarm.Warnings)
        {
            stdout.WriteLine($"warning: {warning}");
        }

        foreach (var warning in ConfigNamespaces.Warnings(config))
        {
            stderr.WriteLine($"warning: {warning}");
        }

        stdout.WriteLine();
        stdout.WriteLine(PlanLimits.Describe(config, plan.Settings.RequiredSecrets));
        if (output is not null)
        {
            stdout.WriteLine($"wrote {files.Count} files to {output.FullName}");
        }

        return 0;
    }
}
