using System.Diagnostics;
using System.Globalization;
using Infra.TestKit;

namespace Infra.Loopback;

/// <summary>
/// One benchmark run on loopback, bounded: the edge's rendered prod config against a minimal TLS proxy to the same
/// replicas (same certificate, same VIP stand-ins), interleaved at 16 and 64 connections, with nginx's CPU per request
/// for each and the VIP stand-ins' own CPU per request apart; then the failed requests of a rollout, a SIGKILL and two
/// reloads under load.
/// </summary>
public static class Bench
{
    private static readonly int[] ConnectionCounts = [16, 64];

    /// <summary>Runs the benchmark and prints its report.</summary>
    public static async Task<int> RunAsync(int replicas, Load load, int rounds)
    {
        await using var topology = await LoopbackTopology.StartAsync(new TopologyOptions { Stack = "prod", Replicas = replicas });
        var url = await Scenarios.TaskUrlAsync(topology);
        using var minimalDirectory = new TempDirectory("minimal-proxy");
        var minimalPort = TestKit.Loopback.FreePort();
        await using var minimal = await Nginx.StartAsync(minimalDirectory, MinimalProxy(topology, minimalDirectory, minimalPort), minimalPort, minimalDirectory.File("access.log"));
        var minimalUrl = new Uri($"https://127.0.0.1:{minimalPort}{url.PathAndQuery}");
        Print($"edge benchmark: {replicas} replicas, wrk -t{load.Threads} -d{(int)load.Duration.TotalSeconds}s, {rounds} interleaved rounds, {Environment.ProcessorCount} cores, GET {url.PathAndQuery}, {DateTime.UtcNow:yyyy-MM-dd}");

        // Warm both paths (JIT, connection pools, the task cache) so the measured runs compare steady states.
        await Wrk.RunAsync(url, load with { Duration = TimeSpan.FromSeconds(2) });
        await Wrk.RunAsync(minimalUrl, load with { Duration = TimeSpan.FromSeconds(2) });
        foreach (var connections in ConnectionCounts)
        {
            var at = load with { Connections = connections };
            var prod = new List<Measured>();
            var bare = new List<Measured>();
            // Interleaved, alternating which goes first, so a neighbour's burst on the shared cores hits both alike.
            for (var round = 0; round < rounds; round++)
            {
                if (round % 2 == 0)
                {
                    prod.Add(await MeasureAsync(topology.Nginx, url, at));
                    bare.Add(await MeasureAsync(minimal, minimalUrl, at));
                }
                else
                {
                    bare.Add(await MeasureAsync(minimal, minimalUrl, at));
                    prod.Add(await MeasureAsync(topology.Nginx, url, at));
                }
            }

            foreach (var (name, runs) in new[] { ("prod config ", prod), ("minimal proxy", bare) })
            {
                foreach (var run in runs)
                {
                    Print($"c{connections} {name}: {run.Load}; nginx {run.NginxMicrosPerRequest:F1} µs CPU/request, VIP stand-ins {run.VipMicrosPerRequest:F1} µs/request");
                }
            }

            // Medians of the rounds: one run hit by a neighbour's burst moves a mean, not a median.
            Print($"c{connections} prod/minimal (medians of {rounds}): throughput {Median(prod, r => r.Load.RequestsPerSecond) / Median(bare, r => r.Load.RequestsPerSecond):F2}x, " +
                $"p99 {Median(prod, r => r.Load.P99Ms) / Median(bare, r => r.Load.P99Ms):F2}x, nginx CPU/request {Median(prod, r => r.NginxMicrosPerRequest) / Median(bare, r => r.NginxMicrosPerRequest):F2}x " +
                $"({Median(prod, r => r.NginxMicrosPerRequest):F1} / {Median(bare, r => r.NginxMicrosPerRequest):F1} µs)");
        }

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

    private static double Median(IEnumerable<Measured> runs, Func<Measured, double> value)
    {
        var sorted = runs.Select(value).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private sealed record Measured(WrkResult Load, double NginxMicrosPerRequest, double VipMicrosPerRequest);

    // The VIP stand-ins forward in this process, which does nothing else while wrk runs: its CPU is theirs.
    private static async Task<Measured> MeasureAsync(Nginx nginx, Uri url, Load load)
    {
        var self = Process.GetCurrentProcess();
        self.Refresh();
        var (nginxBefore, selfBefore) = (nginx.Cpu(), self.TotalProcessorTime);
        var result = await Wrk.RunAsync(url, load);
        self.Refresh();
        var requests = Math.Max(1, result.Requests);
        return new Measured(result, (nginx.Cpu() - nginxBefore).TotalMicroseconds / requests, (self.TotalProcessorTime - selfBefore).TotalMicroseconds / requests);
    }

    // What a bare TLS reverse proxy needs and nothing more: the same certificate, protocols, worker count and upstream
    // keepalive as the edge, none of its limits, headers, logs or maps.
    private static string MinimalProxy(LoopbackTopology topology, TempDirectory directory, int port)
    {
        var runtime = topology.Runtime;
        Directory.CreateDirectory(directory.File("temp"));
        return $$"""
            worker_processes {{runtime.WorkerProcesses}};
            pid {{directory.File("nginx.pid")}};
            events { worker_connections 8192; }
            http {
                access_log off;
                client_body_temp_path {{directory.File("temp")}};
                proxy_temp_path {{directory.File("temp")}};
                fastcgi_temp_path {{directory.File("temp")}};
                uwsgi_temp_path {{directory.File("temp")}};
                scgi_temp_path {{directory.File("temp")}};
                upstream app {
            {{string.Join("\n", runtime.Upstreams.Select(u => $"        server {u};"))}}
                    keepalive 64;
                }
                server {
                    listen 127.0.0.1:{{port}} ssl http2;
                    ssl_certificate {{runtime.CertificatePath}};
                    ssl_certificate_key {{runtime.KeyPath}};
                    ssl_protocols TLSv1.2 TLSv1.3;
                    location / {
                        proxy_pass http://app;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                    }
                }
            }
            """;
    }

    private static void Print(string line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}
