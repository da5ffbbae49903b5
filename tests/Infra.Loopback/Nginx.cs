using System.Globalization;
using System.Text.Json;
using Infra.TestKit;

namespace Infra.Loopback;

/// <summary>
/// nginx in the foreground with a rendered config, its prefix and logs in a temp dir. Reloads go through
/// <c>nginx -s reload</c> with the same <c>-c</c>/<c>-p</c>, as an operator (or a config rollout) would.
/// </summary>
public sealed class Nginx : IAsyncDisposable
{
    private readonly string _binary;
    private readonly TempDirectory _directory;
    private readonly ChildProcess _process;

    private Nginx(string binary, TempDirectory directory, ChildProcess process, string accessLogPath)
    {
        _binary = binary;
        _directory = directory;
        _process = process;
        AccessLogPath = accessLogPath;
    }

    /// <summary>Where the rendered config is written.</summary>
    public string ConfigPath => _directory.File("nginx.conf");

    /// <summary>The JSON access log.</summary>
    public string AccessLogPath { get; }

    /// <summary>The master process.</summary>
    public ChildProcess Process => _process;

    /// <summary>Writes <paramref name="config"/>, checks it with <c>nginx -t</c>, starts nginx and waits until <paramref name="port"/> accepts.</summary>
    public static async Task<Nginx> StartAsync(TempDirectory directory, string config, int port, string accessLogPath)
    {
        var binary = Tools.Require("nginx", "nginx-light");
        directory.Write("nginx.conf", config);
        Test(binary, directory);
        var nginx = new Nginx(binary, directory, ChildProcess.Start(binary, [.. Arguments(directory), "-g", "daemon off;"]), accessLogPath);
        try
        {
            await nginx._process.WaitForPortAsync(port, TimeSpan.FromSeconds(15));
            return nginx;
        }
        catch (InvalidOperationException e)
        {
            await nginx.DisposeAsync();
            throw new InvalidOperationException($"{e.Message}\n{nginx.ErrorLog()}", e);
        }
    }

    /// <summary>
    /// Writes <paramref name="config"/>, checks it, signals a reload and waits until the new workers run and the old ones
    /// have finished the requests they held (at most 5 s): from then on new connections see the new config.
    /// </summary>
    public async Task ReloadAsync(string config)
    {
        File.WriteAllText(ConfigPath, config);
        Test(_binary, _directory);
        var before = Workers();
        var result = Tools.Run(_binary, [.. Arguments(_directory), "-s", "reload"]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"nginx -s reload failed ({result.ExitCode}):\n{result.Output}");
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Workers().Except(before).Any())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"nginx started no new workers within 10 s of the reload:\n{ErrorLog()}");
            }

            await Task.Delay(20);
        }

        // Until an old worker handles its SIGQUIT it still accepts connections with the old config. Most are gone
        // within milliseconds; one holding a long request (a WebSocket) may stay, so this wait is bounded.
        var settled = DateTime.UtcNow.AddSeconds(5);
        while (Workers().Intersect(before).Any() && DateTime.UtcNow < settled)
        {
            await Task.Delay(20);
        }
    }

    /// <summary>The access log's entries (one JSON object a line, as the rendered <c>log_format json</c> writes them).</summary>
    public IReadOnlyList<JsonElement> AccessLog() =>
        File.Exists(AccessLogPath)
            ? File.ReadAllLines(AccessLogPath).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList()
            : [];

    /// <summary>CPU time nginx has used so far: the master and its live workers (user + system, from /proc).</summary>
    public TimeSpan Cpu()
    {
        double ticks = 0;
        foreach (var pid in Workers().Append(_process.Id))
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // After "(comm) ": state is field 3 of stat(5), so utime (14) and stime (15) are at 11 and 12 here.
                ticks += double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // A worker that ended while we looked.
            }
        }

        return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
    }

    // USER_HZ: 100 on every Linux architecture .NET runs on.
    private const double ClockTicksPerSecond = 100;

    /// <summary>The error log, for failure messages.</summary>
    public string ErrorLog() => File.Exists(_directory.File("error.log")) ? File.ReadAllText(_directory.File("error.log")) : "";

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM is nginx's fast shutdown; the master takes its workers with it.
            _process.Signal(Signals.SigTerm);
            try
            {
                await _process.WaitForExitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                // DisposeAsync below kills the whole tree.
            }
        }

        await _process.DisposeAsync();
    }

    private static string[] Arguments(TempDirectory directory) =>
        ["-c", directory.File("nginx.conf"), "-p", directory.Path, "-e", directory.File("error.log")];

    private static void Test(string binary, TempDirectory directory)
    {
        var result = Tools.Run(binary, [.. Arguments(directory), "-t", "-q"]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"nginx -t refused the config ({result.ExitCode}):\n{result.Output}");
        }
    }

    // The master's children are its workers (and, right after start, the cache helpers; this config has none).
    private HashSet<int> Workers()
    {
        var master = _process.Id.ToString(CultureInfo.InvariantCulture);
        var workers = new HashSet<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[1] == master)
                {
                    workers.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return workers;
    }
}
