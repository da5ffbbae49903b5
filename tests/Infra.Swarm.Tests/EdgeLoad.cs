using System.Diagnostics;

namespace Infra.Swarm.Tests;

/// <summary>A bounded stream of idempotent requests through the edge (one at a time, at most 10 per second, at most 10 minutes), counting failures.</summary>
public sealed class EdgeLoad : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task<(int Sent, int Failed)> loop;

    public EdgeLoad(SwarmFixture fixture)
        : this(fixture.Node, fixture.Plan.Settings.Domain)
    {
    }

    /// <summary>Requests to the edge on <paramref name="node"/>'s published 443, for <paramref name="domain"/>.</summary>
    public EdgeLoad(SwarmNode node, string domain)
    {
        var client = Edge.Client(node, domain);
        loop = Task.Run(async () =>
        {
            var (sent, failed) = (0, 0);
            var clock = Stopwatch.StartNew();
            while (!stop.IsCancellationRequested && clock.Elapsed < TimeSpan.FromMinutes(10))
            {
                sent++;
                try
                {
                    using var response = await client.GetAsync("/api/tasks");
                    if (!response.IsSuccessStatusCode)
                    {
                        failed++;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    failed++;
                }

                await Task.Delay(100);
            }

            client.Dispose();
            return (sent, failed);
        });
    }

    /// <summary>Stops the loop; returns what was sent and what failed.</summary>
    public async Task<LoadCounts> Stop()
    {
        await stop.CancelAsync();
        var (sent, failed) = await loop;
        return new LoadCounts(sent, failed);
    }

    public void Dispose() => stop.Dispose();
}

/// <summary>Requests sent through the edge and how many failed (non-2xx or no answer).</summary>
public sealed record LoadCounts(int Sent, int Failed)
{
    public override string ToString() => $"{Failed} of {Sent} requests failed";
}
