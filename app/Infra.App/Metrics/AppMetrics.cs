using System.Diagnostics;
using System.Runtime.InteropServices;
using Infra.App.Settings;
using Microsoft.Extensions.Options;
using Names = Infra.Contract.AppContract.Metrics;

namespace Infra.App.Metrics;

/// <summary>The instruments the app records into; names come from the contract so alert rules can rely on them.</summary>
internal sealed class AppMetrics
{
    public AppMetrics(MetricRegistry registry, IOptions<AppOptions> options)
    {
        Registry = registry;
        HttpRequests = registry.Counter(Names.HttpRequests, "HTTP requests finished.", "method", "route", "status");
        HttpRequestDuration = registry.Histogram(
            Names.HttpRequestDuration, "HTTP request duration in seconds.", Histogram.DurationBuckets, "method", "route", "status");
        HttpRequestsInFlight = registry.Gauge(Names.HttpRequestsInFlight, "HTTP requests being served.").Unlabelled;
        DbQueryDuration = registry.Histogram(Names.DbQueryDuration, "Database query duration in seconds.", Histogram.DurationBuckets, "operation");
        CacheLookups = registry.Counter(Names.CacheLookups, "Cache lookups by result and store.", "result", "store");
        RedisUp = registry.Gauge(Names.RedisUp, "1 while Redis answers, 0 while the app runs degraded.").Unlabelled;
        Draining = registry.Gauge(Names.Draining, "1 from SIGTERM until exit.").Unlabelled;
        RateLimited = registry.Counter(Names.RateLimited, "Requests refused with 429 by the rate limiter.").Unlabelled;
        WebSocketConnections = registry.Gauge(Names.WebSocketConnections, "Open WebSocket connections.").Unlabelled;

        var app = options.Value;
        registry.Gauge(Names.BuildInfo, "Build and deployment of this replica; always 1.", "version", "instance", "environment", "runtime")
            .WithLabels(app.Version, app.Instance, app.Environment, RuntimeInformation.FrameworkDescription).Set(1);
        AddProcessMetrics(registry);
    }

    public MetricRegistry Registry { get; }

    public Counter HttpRequests { get; }

    public Histogram HttpRequestDuration { get; }

    public Gauge.Child HttpRequestsInFlight { get; }

    public Histogram DbQueryDuration { get; }

    public Counter CacheLookups { get; }

    public Gauge.Child RedisUp { get; }

    public Gauge.Child Draining { get; }

    public Counter.Child RateLimited { get; }

    public Gauge.Child WebSocketConnections { get; }

    /// <summary>Times one database query; dispose the result when the query is done.</summary>
    public QueryTimer TimeQuery(string operation) => new(DbQueryDuration.WithLabels(operation));

    private static void AddProcessMetrics(MetricRegistry registry)
    {
        var cpu = registry.Counter("process_cpu_seconds_total", "User and system CPU time spent in seconds.").Unlabelled;
        var memory = registry.Gauge("process_resident_memory_bytes", "Resident memory size in bytes.").Unlabelled;
        var heap = registry.Gauge("dotnet_gc_heap_bytes", "Bytes in the managed heap.").Unlabelled;
        var queue = registry.Gauge("dotnet_threadpool_queue_length", "Work items waiting for a thread-pool thread.").Unlabelled;
        using var process = Process.GetCurrentProcess();
        registry.Gauge("process_start_time_seconds", "Start time of the process since the Unix epoch in seconds.").Unlabelled
            .Set(new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0);
        registry.BeforeCollect(() =>
        {
            using var current = Process.GetCurrentProcess();
            cpu.Inc(Math.Max(0, current.TotalProcessorTime.TotalSeconds - cpu.Value));
            memory.Set(Environment.WorkingSet);
            heap.Set(GC.GetTotalMemory(forceFullCollection: false));
            queue.Set(ThreadPool.PendingWorkItemCount);
        });
    }

    /// <summary>Observes the time since it was created when disposed.</summary>
    public readonly struct QueryTimer(Histogram.Child histogram) : IDisposable
    {
        private readonly long _started = Stopwatch.GetTimestamp();

        public void Dispose() => histogram.Observe(Stopwatch.GetElapsedTime(_started).TotalSeconds);
    }
}
