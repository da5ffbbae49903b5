using Infra.Cli.Verify;

namespace Infra.Cli.Tests.Verify;

public sealed class LoadBarTests
{
    private static LoadResult Run(double seconds, double latencyMs, Dictionary<string, int>? failures = null) =>
        new(1000, 10, TimeSpan.FromSeconds(seconds), Enumerable.Repeat(latencyMs, 1000 - (failures?.Values.Sum() ?? 0)).ToList(), failures ?? []);

    [Fact]
    public void AFastCleanRunMeetsSeed004sBar() =>
        Assert.Equal(CheckOutcome.Pass, new LoadBar().Judge(Run(seconds: 2, latencyMs: 20)).Outcome);

    [Fact]
    public void OneFailedRequestFailsTheRunNamingTheReason()
    {
        var result = new LoadBar().Judge(Run(seconds: 2, latencyMs: 20, new() { ["429"] = 1 }));

        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Contains("1 failed (429 ×1)", result.Detail);
    }

    [Fact]
    public void ASlowRunFailsOnThroughputAndMean()
    {
        var result = new LoadBar().Judge(Run(seconds: 20, latencyMs: 600));

        Assert.Contains("throughput not above 100 req/s", result.Detail);
        Assert.Contains("mean not under 500 ms", result.Detail);
    }

    [Fact]
    public void PercentilesAreNearestRank()
    {
        var result = new LoadResult(100, 10, TimeSpan.FromSeconds(1), Enumerable.Range(1, 100).Select(i => (double)i).ToList(), new Dictionary<string, int>());

        Assert.Equal((50.5, 95.0, 99.0), (result.MeanMs, result.P95Ms, result.P99Ms));
    }
}
