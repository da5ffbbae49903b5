using System.Globalization;
using System.Net;
using System.Text;
using Infra.Blueprint.Monitoring;
using Infra.Contract;

namespace Infra.Monitoring.Tests;

/// <summary>
/// Stands in for one app replica: serves the contract's health paths and a <c>/metrics</c> exposition with exactly
/// the metric names of <see cref="AppContract.Metrics"/>.
/// </summary>
public sealed class FakeApp : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>Starts listening on <paramref name="port"/>, answering any Host.</summary>
    public FakeApp(string replica, int port)
    {
        Replica = replica;
        Port = port;
        // HttpListener answers only the Host of a prefix, and the edge forwards the configured domain as Host, which a
        // prefix cannot name without resolving it: the wildcard takes any Host. The tests reach it on 127.0.0.1 only.
        _listener.Prefixes.Add($"http://*:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The replica it plays.</summary>
    public string Replica { get; }

    /// <summary>Its port.</summary>
    public int Port { get; }

    /// <summary>The exposition it serves.</summary>
    public string Exposition()
    {
        var s = new StringBuilder();
        void Family(string name, string type, params string[] samples)
        {
            s.Append(CultureInfo.InvariantCulture, $"# HELP {name} Stand-in for the app's {name}.\n# TYPE {name} {type}\n");
            foreach (var sample in samples)
            {
                s.Append(sample).Append('\n');
            }
        }

        const string labels = "method=\"GET\",route=\"/api/tasks\",status=\"200\"";
        Family(AppContract.Metrics.HttpRequests, "counter", $"{AppContract.Metrics.HttpRequests}{{{labels}}} 42");
        var d = AppContract.Metrics.HttpRequestDuration;
        Family(d, "histogram", $"{d}_bucket{{{labels},le=\"0.1\"}} 40", $"{d}_bucket{{{labels},le=\"+Inf\"}} 42", $"{d}_sum{{{labels}}} 1.5", $"{d}_count{{{labels}}} 42");
        Family(AppContract.Metrics.HttpRequestsInFlight, "gauge", $"{AppContract.Metrics.HttpRequestsInFlight} 1");
        var q = AppContract.Metrics.DbQueryDuration;
        Family(q, "histogram", $"{q}_bucket{{operation=\"select\",le=\"0.01\"}} 5", $"{q}_bucket{{operation=\"select\",le=\"+Inf\"}} 5", $"{q}_sum{{operation=\"select\"}} 0.02", $"{q}_count{{operation=\"select\"}} 5");
        Family(AppContract.Metrics.CacheLookups, "counter", $"{AppContract.Metrics.CacheLookups}{{result=\"hit\",store=\"redis\"}} 9", $"{AppContract.Metrics.CacheLookups}{{result=\"miss\",store=\"redis\"}} 1");
        Family(AppContract.Metrics.RedisUp, "gauge", $"{AppContract.Metrics.RedisUp} 1");
        Family(AppContract.Metrics.Draining, "gauge", $"{AppContract.Metrics.Draining} 0");
        Family(AppContract.Metrics.RateLimited, "counter", $"{AppContract.Metrics.RateLimited} 0");
        Family(AppContract.Metrics.WebSocketConnections, "gauge", $"{AppContract.Metrics.WebSocketConnections} 0");
        Family(AppContract.Metrics.BuildInfo, "gauge", $"{AppContract.Metrics.BuildInfo}{{version=\"1.0.0\",instance=\"{Replica}\",environment=\"staging\",runtime=\".NET\"}} 1");
        return s.ToString();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener throws on its pending accept when stopped.
        }
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var path = context.Request.Url!.AbsolutePath;
            var (status, body, type) = path switch
            {
                AppContract.Paths.Metrics => (200, Exposition(), "text/plain; version=0.0.4"),
                AppContract.Paths.Live or AppContract.Paths.Ready => (200, "{\"status\":\"Healthy\"}", "application/json"),
                _ => (404, "", "text/plain"),
            };
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            context.Response.ContentType = type;
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}
