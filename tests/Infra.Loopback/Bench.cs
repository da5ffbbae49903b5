using System.Globalization;

namespace Infra.Loopback;

/// <summary>
/// One benchmark run: throughput and latency through nginx (TLS, proxy) and straight to one replica with the same
/// load, their ratio, then the failed requests of a rollout and of a SIGKILL under load. Loopback only, bounded.
/// </summary>
public static class Bench
{
    /// <summary>Runs the benchmark and prints its report.</summary>
    public static async Task<int> RunAsync(int replicas, Load load)
    {
        await using var topology = await LoopbackTopology.StartAsync(new TopologyOptions { Replicas = replicas });
        var url = await Scenarios.TaskUrlAsync(topology);
        var direct = new Uri($"http://127.0.0.1:{topology.Replicas[0].Port}{url.PathAndQuery}");
        Print($"edge benchmark: {replicas} replicas, wrk -t{load.Threads} -c{load.Connections} -d{(int)load.Duration.TotalSeconds}s, {Environment.ProcessorCount} cores, GET {url.PathAndQuery}");

        // Warm both paths (JIT, connection pools, the task cache) so the measured runs compare steady states.
        await Wrk.RunAsync(url, load with { Duration = TimeSpan.FromSeconds(2) });
        await Wrk.RunAsync(direct, load with { Duration = TimeSpan.FromSeconds(2) });
        var viaNginx = await Wrk.RunAsync(url, load);
        var straight = await Wrk.RunAsync(direct, load);
        Print($"through nginx (https, {replicas} replicas): {viaNginx}");
        Print($"direct to app-1 (http):           {straight}");
        Print($"nginx/direct: throughput {viaNginx.RequestsPerSecond / straight.RequestsPerSecond:F2}x, p50 {viaNginx.P50Ms / straight.P50Ms:F2}x, p99 {viaNginx.P99Ms / straight.P99Ms:F2}x");

        var rollout = await Scenarios.RolloutAsync(topology, url, load);
        foreach (var (run, rolled, switchedAfter) in rollout)
        {
            Print($"roll app-{rolled.Replica} under load (switched {switchedAfter.TotalSeconds:F1} s in, old exited {rolled.OldExit.Result}): {run}");
        }

        var rolloutFailed = rollout.Sum(r => r.Load.Failed);
        Print($"rollout of {rollout.Count} replicas: failed {rolloutFailed} of {rollout.Sum(r => r.Load.Requests)}");
        var (kill, exitCode, _) = await Scenarios.KillAsync(topology, url, load);
        Print($"SIGKILL of app-1 under load (exit {exitCode}): {kill}; failed {kill.Failed} of {kill.Requests}");
        var reload = await Scenarios.ReloadAsync(topology, url, load);
        Print($"two nginx reloads under load: {reload}; failed {reload.Failed} of {reload.Requests}");
        // A reload's read errors are wrk's, not nginx's (docs/edge.md); every other failure fails the run.
        return rolloutFailed + kill.Failed + reload.Non2xx + (reload.SocketErrors - reload.ReadErrors) == 0 ? 0 : 1;
    }

    private static void Print(string line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}
