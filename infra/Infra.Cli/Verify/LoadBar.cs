using System.Globalization;

namespace Infra.Cli.Verify;

/// <summary>
/// What a bounded load must reach: seed 004's bar for <c>ab -n 1000 -c 10</c> (more than 100 requests a second,
/// none failed, a mean under 500 ms).
/// </summary>
/// <param name="MinRequestsPerSecond">Throughput the run must exceed.</param>
/// <param name="MaxFailed">Failed requests allowed.</param>
/// <param name="MaxMeanMs">Mean latency the run must stay under.</param>
public sealed record LoadBar(double MinRequestsPerSecond = 100, int MaxFailed = 0, double MaxMeanMs = 500)
{
    /// <summary>Requests a run sends by default.</summary>
    public const int DefaultRequests = 1000;

    /// <summary>Requests in flight by default.</summary>
    public const int DefaultConcurrency = 10;

    /// <summary>The check's outcome for <paramref name="result"/>, with the numbers and every missed mark.</summary>
    public CheckResult Judge(LoadResult result)
    {
        var numbers = string.Create(CultureInfo.InvariantCulture,
            $"{result.Requests} requests at concurrency {result.Concurrency}: {result.RequestsPerSecond:F0} req/s, mean {result.MeanMs:F1} ms, p95 {result.P95Ms:F1} ms, p99 {result.P99Ms:F1} ms, {result.Failed} failed");
        var missed = new List<string>();
        if (result.RequestsPerSecond <= MinRequestsPerSecond)
        {
            missed.Add(string.Create(CultureInfo.InvariantCulture, $"throughput not above {MinRequestsPerSecond:F0} req/s"));
        }

        if (result.Failed > MaxFailed)
        {
            missed.Add($"{result.Failed} failed ({string.Join(", ", result.Failures.OrderByDescending(f => f.Value).Select(f => $"{f.Key} ×{f.Value}"))})");
        }

        if (result.MeanMs >= MaxMeanMs)
        {
            missed.Add(string.Create(CultureInfo.InvariantCulture, $"mean not under {MaxMeanMs:F0} ms"));
        }

        return missed.Count == 0
            ? CheckResult.Pass(Checks.Load, numbers)
            : CheckResult.Fail(Checks.Load, $"{numbers}; {string.Join("; ", missed)}");
    }
}
