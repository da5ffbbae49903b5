namespace Infra.Cli.Verify;

/// <summary>What a bounded load measured.</summary>
/// <param name="Requests">Requests sent (or meant to be sent when the time limit cut the run).</param>
/// <param name="Concurrency">Requests in flight at once.</param>
/// <param name="Elapsed">Wall time of the whole run.</param>
/// <param name="LatenciesMs">Time of every answered request, in milliseconds.</param>
/// <param name="Failures">Requests that failed, by reason (<c>429</c>, <c>connection refused</c>, <c>not sent: time limit</c>).</param>
public sealed record LoadResult(int Requests, int Concurrency, TimeSpan Elapsed, IReadOnlyList<double> LatenciesMs, IReadOnlyDictionary<string, int> Failures)
{
    /// <summary>Failed requests in all.</summary>
    public int Failed => Failures.Values.Sum();

    /// <summary>Answered requests per second over the whole run (a refused connection is not an answer).</summary>
    public double RequestsPerSecond => Elapsed.TotalSeconds > 0 ? LatenciesMs.Count / Elapsed.TotalSeconds : 0;

    /// <summary>Mean latency in ms; 0 when nothing answered.</summary>
    public double MeanMs => LatenciesMs.Count > 0 ? LatenciesMs.Average() : 0;

    /// <summary>95th percentile latency in ms (nearest rank).</summary>
    public double P95Ms => Percentile(0.95);

    /// <summary>99th percentile latency in ms (nearest rank).</summary>
    public double P99Ms => Percentile(0.99);

    /// <summary>The failure reason of requests the time limit kept from being sent.</summary>
    public const string NotSent = "not sent: time limit";

    private double Percentile(double p)
    {
        if (LatenciesMs.Count == 0)
        {
            return 0;
        }

        var sorted = LatenciesMs.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
