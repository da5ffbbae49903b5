using System.Globalization;
using Infra.TestKit;

namespace Infra.Loopback;

/// <summary>
/// wrk, the HTTP load generator, bounded in time: a run lasts <see cref="Load.Duration"/> and each request
/// times out after 5 s. Start it, do the operation under test, then await the report.
/// </summary>
public sealed class Wrk
{
    private readonly ChildProcess _process;
    private readonly TimeSpan _duration;

    private Wrk(ChildProcess process, TimeSpan duration)
    {
        _process = process;
        _duration = duration;
    }

    /// <summary>Starts wrk against <paramref name="url"/>.</summary>
    public static Wrk Start(Uri url, Load load)
    {
        var wrk = Tools.Require("wrk", "wrk");
        if (load.Duration > TimeSpan.FromSeconds(30) || !url.IsLoopback)
        {
            throw new ArgumentException($"load stays on loopback and under 30 s (got {url}, {load.Duration})");
        }

        var process = ChildProcess.Start(wrk,
        [
            "-t", load.Threads.ToString(CultureInfo.InvariantCulture),
            "-c", load.Connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{(int)load.Duration.TotalSeconds}s",
            "--timeout", "5s",
            "--latency",
            url.ToString(),
        ]);
        return new Wrk(process, load.Duration);
    }

    /// <summary>Runs wrk to the end and returns its report.</summary>
    public static Task<WrkResult> RunAsync(Uri url, Load load) => Start(url, load).ResultAsync();

    /// <summary>Waits for the run to end and reads its report.</summary>
    public async Task<WrkResult> ResultAsync()
    {
        var exitCode = await _process.WaitForExitAsync(_duration + TimeSpan.FromSeconds(15));
        return exitCode == 0 ? WrkResult.Parse(_process.OutputText) : throw new InvalidOperationException($"wrk failed ({exitCode}):\n{_process.OutputText}");
    }
}
