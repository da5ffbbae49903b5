using System.Collections.Concurrent;

namespace Infra.TestKit;

/// <summary>
/// A bounded client load, the one every load test of the suite measures with: <c>workers</c> loops, each sending one
/// idempotent GET of a path at a time (pausing between requests if told), counting the 2xx answers and recording every
/// other outcome (its status, or the error when no answer came, client timeouts included) until stopped or until its
/// time limit (10 minutes unless told) has passed. A request in flight when the load stops is completed, not cancelled,
/// so stopping never counts a failure.
/// </summary>
public sealed class RequestLoad : IAsyncDisposable, IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly ConcurrentBag<string> _failures = [];
    private readonly Task _workers;
    private long _ok;

    private RequestLoad(HttpClient client, string path, int workers, TimeSpan pause, TimeSpan limit, bool ownsClient)
    {
        _stop = new CancellationTokenSource(limit);
        _workers = Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => LoopAsync(client, path, pause))));
        // The loops are the client's last users: it (if owned) and the timer go when they end.
        _workers.ContinueWith(_ =>
        {
            _stop.Dispose();
            if (ownsClient)
            {
                client.Dispose();
            }
        }, TaskScheduler.Default);
    }

    /// <summary>Requests answered with a 2xx so far.</summary>
    public long Succeeded => Interlocked.Read(ref _ok);

    /// <summary>Every failed request so far: its status or error.</summary>
    public IReadOnlyCollection<string> Failures => _failures;

    /// <summary>
    /// Starts <paramref name="workers"/> loops GETting <paramref name="path"/> through <paramref name="client"/>, each
    /// waiting <paramref name="pause"/> between its requests, all ending after <paramref name="limit"/> (10 minutes if
    /// null) unless stopped first. With <paramref name="ownsClient"/> the load disposes the client once its loops end.
    /// </summary>
    public static RequestLoad Start(HttpClient client, string path, int workers = 16, TimeSpan? pause = null, TimeSpan? limit = null, bool ownsClient = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        return new(client, path, workers, pause ?? TimeSpan.Zero, limit ?? TimeSpan.FromMinutes(10), ownsClient);
    }

    /// <summary>Waits until the time limit ends the load; returns what it counted.</summary>
    public async Task<LoadOutcome> FinishedAsync()
    {
        await _workers;
        return new LoadOutcome(Succeeded, [.. _failures]);
    }

    /// <summary>Stops the loops (each completes the request it has in flight) and returns what they counted.</summary>
    public async Task<LoadOutcome> StopAsync()
    {
        Cancel();
        return await FinishedAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Stops the loops without waiting for them: each ends after the request it has in flight.</summary>
    public void Dispose() => Cancel();

    private void Cancel()
    {
        if (!_workers.IsCompleted)
        {
            try
            {
                _stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The loops ended meanwhile (their limit) and released the timer.
            }
        }
    }

    private async Task LoopAsync(HttpClient client, string path, TimeSpan pause)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var response = await client.GetAsync(path, CancellationToken.None);
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
                _failures.Add(e.InnerException?.Message ?? e.Message);
            }

            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, CancellationToken.None);
            }
        }
    }
}

/// <summary>What a <see cref="RequestLoad"/> counted: the 2xx answers and every failure (its status or error).</summary>
public sealed record LoadOutcome(long Succeeded, IReadOnlyList<string> Failures)
{
    /// <summary>Requests sent.</summary>
    public long Sent => Succeeded + Failures.Count;

    /// <summary>Requests that got no 2xx.</summary>
    public int Failed => Failures.Count;

    /// <summary>One line: how many of how many failed, and the first distinct reasons.</summary>
    public override string ToString() =>
        Failed == 0 ? $"0 of {Sent} requests failed" : $"{Failed} of {Sent} requests failed ({string.Join("; ", Failures.Distinct().Take(5))})";
}
