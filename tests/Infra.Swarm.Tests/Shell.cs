using System.Diagnostics;
using Infra.TestKit;

namespace Infra.Swarm.Tests;

/// <summary>Runs programs with an optional standard input, bounded in time.</summary>
public static class Shell
{
    /// <summary>Runs <paramref name="program"/>; fails with what it said unless it exits 0 (when <paramref name="check"/>).</summary>
    public static ProcessResult Run(string program, IEnumerable<string> arguments, string? stdin = null, TimeSpan? timeout = null, bool check = true)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }

        process.StandardInput.Close();
        var limit = timeout ?? TimeSpan.FromMinutes(2);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish within {limit}");
        }

        var result = new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
        return !check || result.ExitCode == 0
            ? result
            : throw new InvalidOperationException($"{program} {string.Join(' ', start.ArgumentList)} exited {result.ExitCode}: {result.Output.Trim()}");
    }

    /// <summary>Runs a bash script.</summary>
    public static ProcessResult Bash(string script, TimeSpan? timeout = null, bool check = true) => Run("bash", ["-c", script], null, timeout, check);
}
