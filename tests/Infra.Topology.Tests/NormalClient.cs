using System.Collections.Concurrent;
using System.Net;
using Infra.Loopback;

namespace Infra.Topology.Tests;

/// <summary>
/// An ordinary user measured alongside an attack: a few workers GET an existing task through nginx from their own
/// loopback address, one request at a time, and record every failure. Bounded by the caller's scope.
/// </summary>
public sealed class NormalClient : IAsyncDisposable
{
    private static readonly IPAddress Address = IPAddress.Parse("127.0.0.40");
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers;
    private readonly ConcurrentBag<string> _failures = [];
    private long _ok;

    private NormalClient(LoopbackTopology topology, Uri url, int workers)
    {
        _client = topology.CreateClient(Address);
        _workers = [.. Enumerable.Range(0, workers).Select(_ => Task.Run(() => LoopAsync(url.PathAndQuery)))];
    }

    /// <summary>Requests that got a 2xx.</summary>
    public long Succeeded => Interlocked.Read(ref _ok);

    /// <summary>Every failed request: its status or error.</summary>
    public IReadOnlyCollection<string> Failures => _failures;

    /// <summary>Starts <paramref name="workers"/> workers loading <paramref name="url"/>.</summary>
    public static NormalClient Start(LoopbackTopology topology, Uri url, int workers = 2) => new(topology, url, workers);

    /// <summary>Stops the workers and returns a one-line summary.</summary>
    public async Task<string> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        return $"{Succeeded} succeeded, {_failures.Count} failed ({string.Join("; ", _failures.Distinct().Take(5))})";
    }

    private async Task LoopAsync(string path)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var response = await _client.GetAsync(path, CancellationToken.None);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _ok);
                }
                else
                {
                    _failures.Add($"{(int)response.StatusCode}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                _failures.Add(e.Message);
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _client.Dispose();
        _stop.Dispose();
    }
}
