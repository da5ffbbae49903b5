using System.Diagnostics;
using System.Globalization;

namespace Infra.Loopback;

/// <summary>
/// What each feature of the rendered prod config costs nginx per request: the topology's nginx reloaded with the prod
/// config minus one feature at a time, interleaved round by round with the full config (the order rotating each round),
/// under the same load; prints each variant's median nginx CPU per request and its difference from the full config's.
/// A variant is a benchmark instrument only, never a config the platform ships.
/// </summary>
public static class Ablation
{
    /// <summary>One feature removed from the rendered text.</summary>
    /// <param name="Name">What is removed.</param>
    /// <param name="Apply">The rendered config without it.</param>
    public sealed record Variant(string Name, Func<string, string> Apply);

    /// <summary>
    /// The features #14 named, each removed alone (line by line, so the rest stays byte for byte the plan's), and one
    /// candidate fix added alone.
    /// </summary>
    public static IReadOnlyList<Variant> Variants { get; } =
    [
        new("full prod config", c => c),
        new("no access log", c => string.Join('\n', c.Split('\n').Select(l => l.TrimStart().StartsWith("access_log ", StringComparison.Ordinal) ? "    access_log off;" : l))),
        new("no add_header", c => Drop(c, "add_header ")),
        new("no limit_req", c => Drop(c, "limit_req ")),
        new("no limit_conn", c => Drop(c, "limit_conn ")),
        new("no realip", c => Drop(c, "set_real_ip_from ", "real_ip_header ")),
        new("no request_id", c => c.Replace("$request_id", "-", StringComparison.Ordinal)),
        new("no proxy_next_upstream", c => Drop(c, "proxy_next_upstream")),
        // Not a removal: the candidate fix for the two case-insensitive regex locations every request is matched against.
        new("with pcre_jit on", c => "pcre_jit on;\n" + c),
    ];

    /// <summary>Runs <paramref name="rounds"/> interleaved rounds at <paramref name="load"/> and prints the report.</summary>
    public static async Task<int> RunAsync(int replicas, Load load, int rounds)
    {
        await using var topology = await LoopbackTopology.StartAsync(new TopologyOptions { Stack = "prod", Replicas = replicas });
        var url = await Scenarios.TaskUrlAsync(topology);
        var full = topology.Render();
        Print($"edge ablation: {replicas} replicas, wrk -t{load.Threads} -c{load.Connections} -d{(int)load.Duration.TotalSeconds}s, {rounds} rounds, {Environment.ProcessorCount} cores, GET {url.PathAndQuery}, {DateTime.UtcNow:yyyy-MM-dd}");
        await Wrk.RunAsync(url, load with { Duration = TimeSpan.FromSeconds(2) });
        var results = Variants.ToDictionary(v => v.Name, _ => new List<(double Micros, WrkResult Load)>());
        for (var round = 0; round < rounds; round++)
        {
            // Rotate the order each round, so a neighbour's burst on the shared cores falls on every variant alike.
            foreach (var variant in Variants.Skip(round % Variants.Count).Concat(Variants.Take(round % Variants.Count)))
            {
                await topology.Nginx.ReloadAsync(variant.Apply(full));
                await Wrk.RunAsync(url, load with { Duration = TimeSpan.FromSeconds(1) });
                var before = topology.Nginx.Cpu();
                var run = await Wrk.RunAsync(url, load);
                results[variant.Name].Add(((topology.Nginx.Cpu() - before).TotalMicroseconds / Math.Max(1, run.Requests), run));
            }
        }

        await topology.Nginx.ReloadAsync(full);
        var baseline = Median(results[Variants[0].Name].Select(r => r.Micros));
        foreach (var variant in Variants)
        {
            var runs = results[variant.Name];
            var median = Median(runs.Select(r => r.Micros));
            var failed = runs.Sum(r => r.Load.Failed);
            Print($"{variant.Name,-24} nginx {median,6:F1} µs CPU/request (median of {runs.Count}: {string.Join(" ", runs.Select(r => r.Micros.ToString("F1", CultureInfo.InvariantCulture)))}), " +
                $"{median - baseline,6:+0.0;-0.0} µs vs full; {Median(runs.Select(r => r.Load.RequestsPerSecond)),6:F0} req/s; failed {failed}");
        }

        return results.Values.SelectMany(r => r).Any(r => r.Load.Failed > 0) ? 1 : 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Drop(string config, params string[] directives) =>
        string.Join('\n', config.Split('\n').Where(l => !directives.Any(d => l.TrimStart().StartsWith(d, StringComparison.Ordinal))));

    private static void Print(string line) => Console.WriteLine(line);
}
