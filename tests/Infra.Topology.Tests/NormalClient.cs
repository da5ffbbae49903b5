using System.Net;
using Infra.Loopback;
using Infra.TestKit;

namespace Infra.Topology.Tests;

/// <summary>
/// An ordinary user measured alongside an attack: a few workers GET an existing task through nginx from their own
/// loopback address, one request at a time (20 ms apart), and record every failure. Bounded by the caller's scope.
/// </summary>
public sealed class NormalClient : IAsyncDisposable
{
    private static readonly IPAddress Address = IPAddress.Parse("127.0.0.40");
    private readonly RequestLoad _load;

    private NormalClient(LoopbackTopology topology, Uri url, int workers) =>
        _load = RequestLoad.Start(topology.CreateClient(Address), url.PathAndQuery, workers, pause: TimeSpan.FromMilliseconds(20), ownsClient: true);

    /// <summary>Requests that got a 2xx.</summary>
    public long Succeeded => _load.Succeeded;

    /// <summary>Every failed request: its status or error.</summary>
    public IReadOnlyCollection<string> Failures => _load.Failures;

    /// <summary>Starts <paramref name="workers"/> workers loading <paramref name="url"/>.</summary>
    public static NormalClient Start(LoopbackTopology topology, Uri url, int workers = 2) => new(topology, url, workers);

    /// <summary>Stops the workers and returns a one-line summary.</summary>
    public async Task<string> StopAsync() => (await _load.StopAsync()).ToString();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _load.DisposeAsync();
}
