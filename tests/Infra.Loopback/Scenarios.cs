using System.Net.Http.Json;
using System.Text.Json;

namespace Infra.Loopback;

/// <summary>The operations the edge must survive, each under wrk load, shared by the tests and the benchmark.</summary>
public static class Scenarios
{
    /// <summary>Creates a task through nginx and returns the URL wrk loads: an idempotent GET that reads Postgres (or the cache).</summary>
    public static async Task<Uri> TaskUrlAsync(LoopbackTopology topology)
    {
        using var client = topology.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/tasks", new { title = "under load" });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /api/tasks through nginx answered {(int)response.StatusCode}: {body}");
        }

        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
        return new Uri(topology.HttpsAddress, $"/api/tasks/{id}");
    }

    /// <summary>
    /// Rolls every replica in turn, each under its own wrk run: the replacement is started and ready before the run (how
    /// long a process takes to start is not the edge's concern, and on a busy machine it outlasted wrk's run), then it
    /// switches and the old process drains within the run. Returns one report per replica, the replacement (its old
    /// process has exited) and how long after wrk's start the switch was done.
    /// </summary>
    public static async Task<IReadOnlyList<(WrkResult Load, RolledReplica Rolled, TimeSpan SwitchedAfter)>> RolloutAsync(LoopbackTopology topology, Uri url, Load load)
    {
        var runs = new List<(WrkResult, RolledReplica, TimeSpan)>();
        for (var replica = 1; replica <= topology.Replicas.Count; replica++)
        {
            var fresh = await topology.StartReplacementAsync(replica);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var wrk = Wrk.Start(url, load);
            await Task.Delay(TimeSpan.FromSeconds(1));
            var rolled = topology.SwitchReplica(replica, fresh);
            var switchedAfter = clock.Elapsed;
            await rolled.OldExit;
            runs.Add((await wrk.ResultAsync(), rolled, switchedAfter));
        }

        return runs;
    }

    /// <summary>SIGKILLs replica 1 while wrk runs, then (after the run) replaces it as Swarm would restart it. Returns the killed process's exit code.</summary>
    public static async Task<(WrkResult Load, int KilledExitCode, int KilledPort)> KillAsync(LoopbackTopology topology, Uri url, Load load)
    {
        var wrk = Wrk.Start(url, load);
        await Task.Delay(load.Duration / 3);
        var killedPort = topology.VirtualIps[0].Target;
        var exitCode = await topology.KillReplicaAsync(1);
        var result = await wrk.ResultAsync();
        await (await topology.RollReplicaAsync(1)).OldExit;
        return (result, exitCode, killedPort);
    }

    /// <summary>Reloads nginx twice while wrk runs.</summary>
    public static async Task<WrkResult> ReloadAsync(LoopbackTopology topology, Uri url, Load load)
    {
        var wrk = Wrk.Start(url, load);
        await Task.Delay(load.Duration / 3);
        await topology.ReloadNginxAsync();
        await Task.Delay(load.Duration / 3);
        await topology.ReloadNginxAsync();
        return await wrk.ResultAsync();
    }
}
