using System.Diagnostics;

namespace Infra.TestKit;

/// <summary>
/// The real programs the tests drive (nginx, shellcheck, promtool, …). A missing program fails the
/// test with the package to install: a daemon check that silently skips would prove nothing.
/// </summary>
public static class Tools
{
    /// <summary>The absolute path of <paramref name="program"/>, or a failure naming the Debian package.</summary>
    public static string Require(string program, string debianPackage)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/sbin", "/sbin", "/usr/bin"]))
        {
            var path = Path.Combine(dir, program);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException($"{program} is not installed; install it with: apt-get install -y {debianPackage} (.ci/run does)");
    }

    /// <summary>Runs a program to completion (bounded by <paramref name="timeout"/>) and returns what it said.</summary>
    public static ProcessResult Run(string program, IEnumerable<string> arguments, TimeSpan? timeout = null, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish within {timeout ?? TimeSpan.FromMinutes(1)}");
        }

        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
