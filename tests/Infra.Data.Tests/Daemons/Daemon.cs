using System.Diagnostics;

namespace Infra.Data.Tests.Daemons;

/// <summary>A foreground daemon process the test owns; killed (with its children) on dispose.</summary>
public sealed class Daemon : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private Daemon(Process process) => _process = process;

    /// <summary>Starts <paramref name="program"/> with <paramref name="arguments"/>.</summary>
    public static Daemon Start(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var daemon = new Daemon(process);
        process.OutputDataReceived += (_, e) => daemon.Append(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return daemon;
    }

    /// <summary>Everything it printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Whether it is still running.</summary>
    public bool Running => !_process.HasExited;

    /// <summary>Waits (bounded) until <paramref name="ready"/> holds; fails with the daemon's output otherwise.</summary>
    public void WaitUntil(Func<bool> ready, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if (!Running)
            {
                throw new InvalidOperationException($"exited before {what}:\n{Output}");
            }

            if (ready())
            {
                return;
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException($"not {what} within the timeout:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }
}
