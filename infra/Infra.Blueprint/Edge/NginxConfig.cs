using System.Globalization;
using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Edge;

/// <summary>
/// Renders the edge's <c>nginx.conf</c> from settings and an <see cref="EdgeRuntime"/>. Pure: the same
/// input gives the same bytes. Uses no directive newer than nginx 1.22 (Debian 12's, which validates
/// it in the tests); the deployed image is newer.
/// </summary>
public static partial class NginxConfig
{
    /// <summary>Mozilla's "intermediate" TLS configuration (ECDHE suites; nginx offers DHE only with a dhparam file, which the edge does not use).</summary>
    public const string Ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

    /// <summary>
    /// Types compressed on the static paths when gzip is on (nginx adds text/html). Only there: a dynamic response that
    /// reflects input next to a secret leaks the secret through its compressed length (BREACH), and the app's JSON is
    /// mostly too small to gain (a 134-byte body shrank to 111 for +27 % nginx CPU).
    /// </summary>
    public static readonly IReadOnlyList<string> GzipTypes =
        ["text/css", "text/plain", "text/javascript", "application/javascript", "application/wasm", "image/svg+xml", "font/ttf", "font/otf"];

    /// <summary>Curves offered for ECDHE, best first (X25519 where both ends have it).</summary>
    public const string EcdhCurves = "X25519:prime256v1:secp384r1";

    /// <summary>Renders the whole file.</summary>
    public static string Render(StackSettings settings, EdgeRuntime runtime)
    {
        var edge = settings.Edge;
        var c = new ConfWriter();
        c.Line("# Rendered by Infra from the stack settings. Do not edit on the server.");
        // "auto" would start one worker per host CPU inside a smaller CPU quota.
        c.Line($"worker_processes {runtime.WorkerProcesses};");
        c.Line("worker_rlimit_nofile 65536;");
        // A graceful stop or a reload waits for in-flight requests, but not for an hour-long WebSocket: bounded below the stop grace.
        c.Line($"worker_shutdown_timeout {EdgeUpdate.ShutdownSeconds(settings.Edge)}s;");
        c.Line($"pid {runtime.PidPath};");
        c.Line($"error_log {runtime.ErrorLogPath} warn;");
        c.Block("events", () => c.Line("worker_connections 8192;"));
        c.Blank();
        c.Open("http");
        Basics(c, edge, runtime);
        RealIp(c, edge, runtime);
        Compression(c, edge);
        Limits(c, edge);
        Maps(c, settings);
        Upstream(c, edge, runtime);
        CatchAllServers(c, runtime);
        RedirectServers(c, settings, runtime);
        AppServer(c, settings, runtime);
        GrafanaServer(c, settings, runtime);
        StatusServer(c, runtime);
        c.Close();
        return c.ToString();
    }

    private static void Basics(ConfWriter c, EdgeSettings edge, EdgeRuntime runtime)
    {
        c.Line($"include {runtime.MimeTypesPath};");
        c.Line("default_type application/octet-stream;");
        c.Line("server_tokens off;");
        c.Line("sendfile on;");
        c.Line("tcp_nopush on;");
        c.Line("tcp_nodelay on;");
        c.Line("keepalive_timeout 65s;");
        c.Line("keepalive_requests 1000;");
        // The app's limit is the same (APP_MAX_REQUEST_BODY_BYTES): nginx buffers the whole body and answers 413
        // before any replica sees it, so a client's oversized upload can never look like a failing replica.
        c.Line($"client_max_body_size {edge.ClientMaxBodyMb}m;");
        c.Line("client_body_buffer_size 128k;");
        c.Line("large_client_header_buffers 4 8k;");
        c.Line("client_header_timeout 15s;");
        c.Line("client_body_timeout 15s;");
        c.Line("send_timeout 30s;");
        c.Line("reset_timedout_connection on;");
        foreach (var temp in new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" })
        {
            c.Line($"{temp}_temp_path {runtime.TempDirectory}/{temp};");
        }

        c.Blank();
        c.Line("log_format json escape=json '{\"time\":\"$time_iso8601\",\"client\":\"$remote_addr\",\"peer\":\"$realip_remote_addr\",\"method\":\"$request_method\",\"uri\":\"$request_uri\",\"status\":$status,\"bytes\":$body_bytes_sent,\"duration\":$request_time,\"upstream\":\"$upstream_addr\",\"upstream_status\":\"$upstream_status\",\"upstream_connect_time\":\"$upstream_connect_time\",\"upstream_response_time\":\"$upstream_response_time\",\"request_id\":\"$request_id\",\"user_agent\":\"$http_user_agent\"}';");
        // Buffered: one write per 64 KiB or second instead of one per request.
        c.Line($"access_log {runtime.AccessLogPath} json buffer=64k flush=1s;");
        c.Blank();
    }

    // Behind Cloudflare the peer is Cloudflare; the client is in CF-Connecting-IP, trusted only from
    // Cloudflare's ranges (the runtime's trusted proxies). $realip_remote_addr keeps the peer for the
    // Cloudflare-only check.
    private static void RealIp(ConfWriter c, EdgeSettings edge, EdgeRuntime runtime)
    {
        foreach (var range in runtime.TrustedProxies)
        {
            c.Line($"set_real_ip_from {range};");
        }

        c.Line("real_ip_header CF-Connecting-IP;");
        if (edge.CloudflareOnly)
        {
            c.Block("geo $realip_remote_addr $cloudflare_peer", () =>
            {
                c.Line("default 0;");
                foreach (var range in runtime.TrustedProxies)
                {
                    c.Line($"{range} 1;");
                }
            });
        }

        c.Blank();
    }

    private static void Compression(ConfWriter c, EdgeSettings edge)
    {
        if (!edge.Gzip)
        {
            return;
        }

        // Off by default; the static locations turn it on (GzipTypes says why).
        c.Line("gzip off;");
        c.Line("gzip_comp_level 5;");
        c.Line("gzip_min_length 1024;");
        c.Line("gzip_proxied any;");
        c.Line("gzip_vary on;");
        c.Line($"gzip_types {string.Join(' ', GzipTypes)};");
        c.Blank();
    }

    private static void Limits(ConfWriter c, EdgeSettings edge)
    {
        c.Line($"limit_req_zone $binary_remote_addr zone=general:10m rate={edge.RateLimitPerSecond.ToString(CultureInfo.InvariantCulture)}r/s;");
        c.Line($"limit_req_zone $binary_remote_addr zone=auth:10m rate={edge.AuthRateLimitPerMinute.ToString(CultureInfo.InvariantCulture)}r/m;");
        c.Line("limit_req_status 429;");
        c.Line("limit_req_log_level warn;");
        c.Line("limit_conn_zone $binary_remote_addr zone=perip:10m;");
        c.Line("limit_conn_status 429;");
        // One key for the whole edge host: caps its open WebSockets.
        c.Line("limit_conn_zone $server_name zone=websockets:1m;");
        c.Blank();
    }

    private static void Maps(ConfWriter c, StackSettings settings)
    {
        var edge = settings.Edge;
        c.Block("map $http_upgrade $connection_upgrade", () =>
        {
            c.Line("default upgrade;");
            c.Line("'' close;");
        });
        // The app's own CSP and Referrer-Policy are kept (they are at least as strict for what it serves); the edge's
        // apply where a response has none, e.g. nginx's own 404, 413 and 429.
        c.Block("map $upstream_http_content_security_policy $content_security_policy", () =>
        {
            c.Line($"'' \"{edge.ContentSecurityPolicyFor(settings.Domain)}\";");
            c.Line("default $upstream_http_content_security_policy;");
        });
        c.Block("map $upstream_http_referrer_policy $referrer_policy", () =>
        {
            c.Line("'' strict-origin-when-cross-origin;");
            c.Line("default $upstream_http_referrer_policy;");
        });
        // A year-long immutable cache only for a successful response: a 404 during a rollout (a new asset asked of an
        // old replica) must not stick in browsers and Cloudflare.
        c.Block("map $status $static_cache_control", () =>
        {
            c.Line("200 \"public, max-age=31536000, immutable\";");
            c.Line("206 \"public, max-age=31536000, immutable\";");
            c.Line("304 \"public, max-age=31536000, immutable\";");
            c.Line("default no-store;");
        });
        // Browsers send Origin with every WebSocket: only the app's own origins may open one (cross-site WebSocket hijacking).
        c.Block("map $http_origin $websocket_origin_allowed", () =>
        {
            c.Line("default 0;");
            c.Line("'' 1;");
            foreach (var origin in WebSocketOrigins(settings))
            {
                c.Line($"{origin} 1;");
            }
        });
        c.Blank();
    }

    private static IReadOnlyList<string> WebSocketOrigins(StackSettings settings) =>
        [.. new[] { $"https://{settings.Domain}" }.Concat(settings.App.CorsOrigins).Distinct(StringComparer.OrdinalIgnoreCase)];

    private static void Upstream(ConfWriter c, EdgeSettings edge, EdgeRuntime runtime)
    {
        c.Block("upstream app", () =>
        {
            foreach (var upstream in runtime.Upstreams)
            {
                c.Line($"server {upstream} max_fails={edge.UpstreamMaxFails} fail_timeout={edge.UpstreamFailTimeoutSeconds}s;");
            }

            if (edge.UpstreamKeepalive > 0)
            {
                c.Line($"keepalive {edge.UpstreamKeepalive};");
                c.Line("keepalive_timeout 30s;");
            }
        });
        // The same replicas for WebSockets, each capped at the app's own limit; the zone shares the counts between workers.
        c.Block("upstream app_websockets", () =>
        {
            c.Line("zone app_websockets 64k;");
            foreach (var upstream in runtime.Upstreams)
            {
                c.Line($"server {upstream} max_conns={edge.MaxWebSocketsPerReplica} max_fails={edge.UpstreamMaxFails} fail_timeout={edge.UpstreamFailTimeoutSeconds}s;");
            }
        });
        c.Blank();
    }
}
