using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Infra.TestKit;

/// <summary>
/// A long-running program a test started (a daemon in the foreground), with its output kept for failure messages;
/// killed, with its children, on dispose. For one-shot programs use <see cref="Tools.Run"/>; for the app, <see cref="AppProcess"/>.
/// </summary>
public sealed class Daemon : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private Daemon(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary>What the test calls it in messages.</summary>
    public string Name { get; }

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

    /// <summary>Starts <paramref name="program"/>.</summary>
    public static Daemon Start(string name, string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var daemon = new Daemon(name, process);
        process.OutputDataReceived += (_, e) => daemon.Append(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return daemon;
    }

    /// <summary>Whether it is still running.</summary>
    public bool Running => !_process.HasExited;

    /// <summary>Waits (bounded) until <paramref name="ready"/> holds; fails with the daemon's output if it exits or time runs out.</summary>
    public Daemon WaitUntil(Func<bool> ready, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before {what}:\n{Output}");
            }

            if (ready())
            {
                return this;
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException($"{Name}: not {what} in time:\n{Output}");
    }

    /// <summary>Waits until 127.0.0.1:<paramref name="port"/> accepts connections; fails with the daemon's output otherwise.</summary>
    public Daemon WaitForPort(int port, TimeSpan? timeout = null) => WaitUntil(() => Accepts(port), $"listening on {port}", timeout);

    /// <summary>Kills it and waits for it to go.</summary>
    public void Stop()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Stop();
        _process.Dispose();
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 64_000)
            {
                _output.AppendLine(line);
            }
        }
    }
}
