using Infra.Loopback;

namespace Infra.Cli.Tests;

/// <summary>One loopback request path (staging's edge over 2 replicas, Postgres, Redis) and a Grafana stand-in behind it.</summary>
public sealed class VerifyFixture : IAsyncLifetime
{
    public LoopbackTopology Topology { get; private set; } = null!;

    private GrafanaStandIn? _grafana;

    public async Task InitializeAsync()
    {
        Topology = await LoopbackTopology.StartAsync(new TopologyOptions { Stack = "staging", Replicas = 2 });
        _grafana = new GrafanaStandIn(Topology.Runtime.GrafanaUpstream!);
    }

    public async Task DisposeAsync()
    {
        if (_grafana is not null)
        {
            await _grafana.DisposeAsync();
        }

        await Topology.DisposeAsync();
    }
}

/// <summary>The verify tests break the shared path one way at a time and mend it, so they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class VerifyCollection : ICollectionFixture<VerifyFixture>
{
    public const string Name = "verify";
}
