using System.Diagnostics;
using System.Net;
using System.Text;
using Infra.App.Tests.Fixtures;
using Infra.Contract;

namespace Infra.App.Tests.Hosting;

[Collection(PlatformCollection.Name)]
public sealed class ShutdownDrainTests(Platform platform)
{
    private const int DrainSeconds = 3;

    [Fact]
    public async Task SigtermUnderLoadFailsNoRequestAndExitsZeroWithinTheDrainWindow()
    {
        await using var app = await platform.StartAppAsync(configure: env => env[AppContract.Env.DrainSeconds] = $"{DrainSeconds}");
        var id = (await app.Client.CreateTaskAsync("load target")).GetProperty("id").GetInt64();
        var failures = new List<string>();
        var served = 0;
        var stopSending = DateTime.MaxValue;

        async Task Worker(int worker)
        {
            // Bounded by count as well as by time, whatever happens to the clock.
            for (var i = 0; i < 20_000 && DateTime.UtcNow < stopSending; i++)
            {
                try
                {
                    using var response = i % 4 == 0
                        ? await app.Client.PostAsync("/api/tasks", Json($"{{\"title\":\"w{worker}-{i}\"}}"))
                        : await app.Client.GetAsync($"/api/tasks/{id}");
                    if (response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref served);
                    }
                    else
                    {
                        lock (failures) failures.Add($"{(int)response.StatusCode}");
                    }
                }
                catch (HttpRequestException e)
                {
                    lock (failures) failures.Add(e.Message);
                }
            }
        }

        var load = Enumerable.Range(0, 8).Select(w => Task.Run(() => Worker(w))).ToList();
        await Task.Delay(1000);
        var servedBeforeSignal = served;

        var signalled = Stopwatch.StartNew();
        stopSending = DateTime.UtcNow.AddSeconds(DrainSeconds - 0.8);
        app.Process.Signal(Signals.SigTerm);

        // Readiness flips at once, while the same replica keeps answering requests.
        await app.WaitForReadyAsync("draining", TimeSpan.FromSeconds(1));
        Assert.True(signalled.Elapsed < TimeSpan.FromSeconds(1), $"readiness took {signalled.Elapsed} to report draining");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.ReadinessAsync()).Status);

        // A request still in flight when the drain window ends: its body arrives slowly, straddling the close of the listener.
        await Task.Delay(TimeSpan.FromSeconds(DrainSeconds - 0.5) - signalled.Elapsed);
        using var slow = new HttpClient { BaseAddress = app.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        var slowRequest = slow.PostAsync("/api/tasks", new SlowJsonContent("in flight at shutdown", TimeSpan.FromSeconds(1.5))
        {
            Headers = { ContentType = new("application/json") },
        });

        await Task.WhenAll(load);
        HttpResponseMessage slowResponse;
        try
        {
            slowResponse = await slowRequest;
        }
        catch (HttpRequestException e)
        {
            await app.Process.WaitForExitAsync(TimeSpan.FromSeconds(DrainSeconds + 10));
            throw new Xunit.Sdk.XunitException($"The request in flight at shutdown failed: {e.Message} after {signalled.Elapsed}\n{app.Process.Tail(15)}");
        }

        var exitCode = await app.Process.WaitForExitAsync(TimeSpan.FromSeconds(DrainSeconds + 10));
        var exitedAfter = signalled.Elapsed;

        Assert.Empty(failures);
        Assert.True(served > servedBeforeSignal, "no request was served during the drain window");
        Assert.Equal(HttpStatusCode.Created, slowResponse.StatusCode);
        slowResponse.Dispose();
        Assert.Equal(0, exitCode);
        Assert.True(exitedAfter < TimeSpan.FromSeconds(DrainSeconds + 3), $"exit took {exitedAfter} after SIGTERM with a {DrainSeconds} s drain window");
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A JSON body sent in small pieces over <c>duration</c>, padded with whitespace, each piece flushed to the wire.</summary>
    private sealed class SlowJsonContent(string title, TimeSpan duration) : HttpContent
    {
        private const int Pieces = 15;

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes($"{{\"title\":\"{title}\""));
            await stream.FlushAsync();
            for (var i = 0; i < Pieces; i++)
            {
                await Task.Delay(duration / Pieces);
                await stream.WriteAsync(Encoding.UTF8.GetBytes(new string(' ', 64)));
                await stream.FlushAsync();
            }

            await stream.WriteAsync("}"u8.ToArray());
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
