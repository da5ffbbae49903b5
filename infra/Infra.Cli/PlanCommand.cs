using Infra.Blueprint.Platform;
using Infra.Blueprint.Policies;
using Infra.Blueprint.Settings;
using Infra.Blueprint.Swarm;

namespace Infra.Cli;

/// <summary>The <c>plan</c> command: settings → plan → topology report and rendered files.</summary>
public static class PlanCommand
{
    /// <summary>Exit code for a stack file with problems.</summary>
    public const int InvalidSettings = 1;

    /// <summary>Runs the command; returns the process exit code.</summary>
    public static int Run(DirectoryInfo project, string stack, DirectoryInfo? output, TextWriter stdout, TextWriter stderr)
    {
        Plan plan;
        try
        {
            var config = StackFiles.Load(project.FullName, stack);
            plan = PlanPolicies.Enforce(Planner.Build(config));
        }
        catch (SettingsException e)
        {
            stderr.WriteLine(e.Message);
            return InvalidSettings;
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
        {
            stderr.WriteLine(e.Message);
            return InvalidSettings;
        }

        stdout.Write(plan.File("topology.txt").Content);
        var swarm = SwarmServiceSpecs.For(plan);
        foreach (var warning in swarm.Warnings)
        {
            stdout.WriteLine($"warning: {warning}");
        }

        if (plan.Settings.RequiredSecrets.Count > 0)
        {
            // plan reads no secret values: it refuses a plain-text one, but whether each is set only `pulumi up` knows.
            stdout.WriteLine($"not checked offline: that these secrets are set ({string.Join(", ", plan.Settings.RequiredSecrets)}); pulumi up checks them before it declares anything");
        }

        if (output is not null)
        {
            var files = plan.Files.Concat(SwarmFiles.Render(swarm)).ToList();
            foreach (var file in files)
            {
                var path = Path.Combine(output.FullName, file.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, file.Content);
                if (path.EndsWith(".sh", StringComparison.Ordinal) && !OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                }
            }

            stdout.WriteLine();
            stdout.WriteLine($"wrote {files.Count} files to {output.FullName}");
        }

        return 0;
    }
}
