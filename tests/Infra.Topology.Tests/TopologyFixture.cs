using Infra.Loopback;

namespace Infra.Topology.Tests;

/// <summary>One loopback topology (3 replicas, load settings) for the whole tier, and a task wrk can GET.</summary>
public sealed class TopologyFixture : IAsyncLifetime
{
    public LoopbackTopology Topology { get; private set; } = null!;

    /// <summary>An existing task through nginx: the idempotent GET every scenario loads.</summary>
    public Uri TaskUrl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Topology = await LoopbackTopology.StartAsync(new TopologyOptions { Replicas = 3 });
        TaskUrl = await Scenarios.TaskUrlAsync(Topology);
    }

    public async Task DisposeAsync() => await Topology.DisposeAsync();
}

/// <summary>The tests share one topology and change it (rollouts, kills, edge settings), so they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class TopologyCollection : ICollectionFixture<TopologyFixture>
{
    public const string Name = "topology";
}
