using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;

namespace Infra.Cli;

/// <summary>
/// The <c>rollback</c> command: chooses a release from the stack's <see cref="ReleaseHistory"/> and writes its image
/// into <c>Pulumi.&lt;stack&gt;.yaml</c>. The release then goes out the way every release does — <c>pulumi up</c>, then
/// <c>verify</c> — so a rollback is a deploy, with the same rollout, health gates and locks.
/// </summary>
public static partial class RollbackCommand
{
    /// <summary>Runs the command; returns the process exit code.</summary>
    /// <param name="project">Directory holding <c>Pulumi.yaml</c>.</param>
    /// <param name="stack">The stack to roll back.</param>
    /// <param name="to">How many releases back (1 is the previous release).</param>
    /// <param name="releases">A file holding <c>pulumi stack output releases --json</c>; null to run that command.</param>
    /// <param name="stdout">Where the chosen release and the next step are written.</param>
    /// <param name="stderr">Where problems are written.</param>
    public static int Run(DirectoryInfo project, string stack, int to, FileInfo? releases, TextWriter stdout, TextWriter stderr)
    {
        var stackFile = Path.Combine(project.FullName, $"Pulumi.{stack}.yaml");
        IReadOnlyList<Release> history;
        try
        {
            StackFiles.Load(project.FullName, stack);
            history = ReleaseHistory.Parse(releases is null ? ReadOutput(project, stack) : File.ReadAllText(releases.FullName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or InvalidOperationException)
        {
            stderr.WriteLine($"rollback: {e.Message}");
            return PlanCommand.InvalidSettings;
        }

        if (ReleaseHistory.Choose(history, to, out var problem) is not { } release)
        {
            stderr.WriteLine($"rollback --stack {stack}: {problem}");
            return PlanCommand.InvalidSettings;
        }

        var text = File.ReadAllText(stackFile);
        var key = ConfigKeys.AppImage.FullName;
        var line = ImageLine().Match(text);
        if (!line.Success)
        {
            stderr.WriteLine($"rollback: {stackFile} has no {key} line to change; add one (pulumi config set {key} <image> --stack {stack})");
            return PlanCommand.InvalidSettings;
        }

        File.WriteAllText(stackFile, string.Concat(text.AsSpan(0, line.Groups["value"].Index), release.Image, text.AsSpan(line.Groups["value"].Index + line.Groups["value"].Length)));
        for (var i = 0; i < history.Count; i++)
        {
            var r = history[i];
            var mark = i == 0 ? "now " : i == to ? "  ->" : "    ";
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{mark} #{i} {r.Image}  {r.DeployedAt.UtcDateTime:yyyy-MM-dd HH:mm}Z  {r.Source}"));
        }

        stdout.WriteLine();
        stdout.WriteLine($"{key} in {Path.GetFileName(stackFile)} is now {release.Image} (release #{to.ToString(CultureInfo.InvariantCulture)}).");
        stdout.WriteLine($"Deploy it as any release: {ReleaseHistory.SourceVariable}='rollback to #{to.ToString(CultureInfo.InvariantCulture)}' pulumi up --stack {stack}, then verify --stack {stack}.");
        return 0;
    }

    // The value of the image line in a stack file: `  infra:app.image: <value>`, the value without a trailing comment.
    [GeneratedRegex(@"^[ \t]+infra:app\.image:[ \t]*(?<value>[^\s#]+)", RegexOptions.Multiline)]
    private static partial Regex ImageLine();

    private static string ReadOutput(DirectoryInfo project, string stack)
    {
        var start = new ProcessStartInfo("pulumi") { WorkingDirectory = project.FullName, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "stack", "output", ReleaseHistory.OutputName, "--json", "--stack", stack })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("pulumi did not start");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"the pulumi CLI is not on PATH: install it, or pass --releases FILE holding `pulumi stack output {ReleaseHistory.OutputName} --json --stack {stack}`");
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0
                ? output.Result
                : throw new InvalidOperationException($"pulumi stack output {ReleaseHistory.OutputName} --stack {stack} failed ({process.ExitCode.ToString(CultureInfo.InvariantCulture)}): {error.Trim()}");
        }
    }
}
