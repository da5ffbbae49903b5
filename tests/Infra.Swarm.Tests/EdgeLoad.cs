using Infra.TestKit;

namespace Infra.Swarm.Tests;

/// <summary>A bounded stream of idempotent requests through the edge (one at a time, at most 10 per second, at most 10 minutes), counting failures.</summary>
public sealed class EdgeLoad : IDisposable
{
    private readonly RequestLoad load;

    public EdgeLoad(SwarmFixture fixture)
        : this(fixture.Node, fixture.Plan.Settings.Domain)
    {
    }

    /// <summary>Requests to the edge on <paramref name="node"/>'s published 443, for <paramref name="domain"/>.</summary>
    public EdgeLoad(SwarmNode node, string domain) =>
        load = RequestLoad.Start(Edge.Client(node, domain), "/api/tasks", workers: 1, pause: TimeSpan.FromMilliseconds(100), ownsClient: true);

    /// <summary>Stops the loop; returns what was sent and what failed.</summary>
    public Task<LoadOutcome> Stop() => load.StopAsync();

    public void Dispose() => load.Dispose();
}
