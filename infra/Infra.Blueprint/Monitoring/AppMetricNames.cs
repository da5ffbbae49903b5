namespace Infra.Blueprint.Monitoring;

/// <summary>
/// The names of the metrics the app exposes on <c>/metrics</c>, as the alert rules and dashboards read them. They
/// mirror <c>AppContract.Metrics</c> of the reference app; a test checks every name the dashboards query against
/// a scrape of an exposition that serves exactly these names.
/// </summary>
public static class AppMetricNames
{
    /// <summary>Counter of finished HTTP requests, labelled <c>method</c>, <c>route</c> and <c>status</c>.</summary>
    public const string HttpRequests = "app_http_requests_total";

    /// <summary>Histogram of request durations in seconds, labelled like <see cref="HttpRequests"/>.</summary>
    public const string HttpRequestDuration = "app_http_request_duration_seconds";

    /// <summary>Gauge of requests being served.</summary>
    public const string HttpRequestsInFlight = "app_http_requests_in_flight";

    /// <summary>Histogram of database query durations in seconds, labelled <c>operation</c>.</summary>
    public const string DbQueryDuration = "app_db_query_duration_seconds";

    /// <summary>Counter of cache lookups, labelled <c>result</c> (<c>hit</c>, <c>miss</c>) and <c>store</c>.</summary>
    public const string CacheLookups = "app_cache_lookups_total";

    /// <summary>Gauge: 1 while Redis answers, 0 while the app runs degraded.</summary>
    public const string RedisUp = "app_redis_up";

    /// <summary>Gauge: 1 while the replica drains after SIGTERM.</summary>
    public const string Draining = "app_draining";

    /// <summary>Counter of requests refused with 429 by the app's rate limiter.</summary>
    public const string RateLimited = "app_rate_limited_requests_total";

    /// <summary>Gauge of open WebSocket connections.</summary>
    public const string WebSocketConnections = "app_websocket_connections";

    /// <summary>Gauge fixed at 1, labelled <c>version</c>, <c>instance</c>, <c>environment</c> and <c>runtime</c>.</summary>
    public const string BuildInfo = "app_build_info";
}
