using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Infra.Cli.Verify;

// The bounded load: a fixed number of GETs of the readiness path (it touches the database) over `concurrency`
// connections, cut off at a time limit. Bounded in count and in time, like `ab -n 1000 -c 10`.
public sealed partial class Verifier
{
    private async Task<LoadResult> LoadAsync(int requests, int concurrency, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(Handler(maxConnections: concurrency)) { Timeout = RequestTimeout };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeLimit);
        var url = At(target.ReadinessPath);
        var latencies = new ConcurrentBag<double>();
        var failures = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < requests)
            {
                if (limit.IsCancellationRequested)
                {
                    failures.AddOrUpdate(LoadResult.NotSent, 1, (_, n) => n + 1);
                    continue;
                }

                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead, limit.Token);
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (!response.IsSuccessStatusCode)
                    {
                        failures.AddOrUpdate(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    var reason = limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested ? LoadResult.NotSent : Reason(e);
                    failures.AddOrUpdate(reason, 1, (_, n) => n + 1);
                }
            }
        }));
        clock.Stop();
        cancellationToken.ThrowIfCancellationRequested();
        return new LoadResult(requests, concurrency, clock.Elapsed, [.. latencies], failures.ToDictionary(StringComparer.Ordinal));
    }
}
