using System.Runtime.InteropServices;
using Infra.App.Settings;
using Microsoft.Extensions.Options;
using Prometheus;
using Names = Infra.Contract.AppContract.Metrics;

namespace Infra.App.Metrics;

/// <summary>The instruments the app records into; names come from the contract so alert rules can rely on them.</summary>
internal sealed class AppMetrics
{
    /// <summary>Seconds, from a fast cache hit on loopback to a request that should have timed out.</summary>
    public static readonly double[] DurationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly HistogramConfiguration Durations = new() { Buckets = DurationBuckets };

    public AppMetrics(CollectorRegistry registry, IOptions<AppOptions> options)
    {
        var metrics = Prometheus.Metrics.WithCustomRegistry(registry);
        HttpRequests = metrics.CreateCounter(Names.HttpRequests, "HTTP requests finished.", "method", "route", "status");
        HttpRequestDuration = metrics.CreateHistogram(
            Names.HttpRequestDuration, "HTTP request duration in seconds.", ["method", "route", "status"], Durations);
        HttpRequestsInFlight = metrics.CreateGauge(Names.HttpRequestsInFlight, "HTTP requests being served.");
        DbQueryDuration = metrics.CreateHistogram(Names.DbQueryDuration, "Database query duration in seconds.", ["operation"], Durations);
        CacheLookups = metrics.CreateCounter(Names.CacheLookups, "Cache lookups by result and store.", "result", "store");
        RedisUp = metrics.CreateGauge(Names.RedisUp, "1 while Redis answers, 0 while the app runs degraded.");
        Draining = metrics.CreateGauge(Names.Draining, "1 from SIGTERM until exit.");
        RateLimited = metrics.CreateCounter(Names.RateLimited, "Requests refused with 429 by the rate limiter.");
        WebSocketConnections = metrics.CreateGauge(Names.WebSocketConnections, "Open WebSocket connections.");

        var app = options.Value;
        metrics.CreateGauge(Names.BuildInfo, "Build and deployment of this replica; always 1.", "version", "instance", "environment", "runtime")
            .WithLabels(app.Version, app.Instance, app.Environment, RuntimeInformation.FrameworkDescription).Set(1);
    }

    public Counter HttpRequests { get; }

    public Histogram HttpRequestDuration { get; }

    public Gauge HttpRequestsInFlight { get; }

    public Histogram DbQueryDuration { get; }

    public Counter CacheLookups { get; }

    public Gauge RedisUp { get; }

    public Gauge Draining { get; }

    public Counter RateLimited { get; }

    public Gauge WebSocketConnections { get; }

    /// <summary>Times one database query; dispose the result when the query is done.</summary>
    public Prometheus.ITimer TimeQuery(string operation) => DbQueryDuration.WithLabels(operation).NewTimer();
}
