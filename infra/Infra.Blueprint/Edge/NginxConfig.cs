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

    /// <summary>Types compressed when gzip is on (text/html always is).</summary>
    public static readonly IReadOnlyList<string> GzipTypes =
        ["text/css", "text/plain", "text/javascript", "application/javascript", "application/json", "application/problem+json", "application/xml", "image/svg+xml"];

    /// <summary>Renders the whole file.</summary>
    public static string Render(StackSettings settings, EdgeRuntime runtime)
    {
        var edge = settings.Edge;
        var c = new ConfWriter();
        c.Line("# Rendered by Infra from the stack settings. Do not edit on the server.");
        c.Line("worker_processes auto;");
        c.Line("worker_rlimit_nofile 65536;");
        c.Line($"pid {runtime.PidPath};");
        c.Line($"error_log {runtime.ErrorLogPath} warn;");
        c.Block("events", () => c.Line("worker_connections 8192;"));
        c.Blank();
        c.Open("http");
        Basics(c, edge, runtime);
        RealIp(c, edge, runtime);
        Compression(c, edge);
        Limits(c, edge);
        c.Block("map $http_upgrade $connection_upgrade", () =>
        {
            c.Line("default upgrade;");
            c.Line("'' close;");
        });
        c.Blank();
        Upstream(c, edge, runtime);
        RedirectServer(c, edge, runtime);
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
        c.Line($"client_max_body_size {edge.ClientMaxBodyMb}m;");
        c.Line("client_body_buffer_size 128k;");
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
        c.Line($"access_log {runtime.AccessLogPath} json;");
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

        c.Line("gzip on;");
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
        c.Blank();
    }

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
        c.Blank();
    }

    private static void RedirectServer(ConfWriter c, EdgeSettings edge, EdgeRuntime runtime)
    {
        c.Block("server", () =>
        {
            c.Line($"listen {runtime.HttpPort} default_server;");
            c.Line($"listen [::]:{runtime.HttpPort} default_server;");
            c.Line("server_name _;");
            CloudflareOnly(c, edge);
            c.Block("location /", () => c.Line("return 301 https://$host$request_uri;"));
        });
        c.Blank();
    }

    private static void StatusServer(ConfWriter c, EdgeRuntime runtime)
    {
        c.Block("server", () =>
        {
            c.Line($"listen {runtime.StatusListen};");
            StatusSocket(c, runtime);
            c.Line("access_log off;");
            c.Block("location = /healthz", () => c.Line("return 200 'ok\\n';"));
            c.Block("location = /stub_status", () => c.Line("stub_status;"));
        });
    }

    private static void CloudflareOnly(ConfWriter c, EdgeSettings edge)
    {
        if (edge.CloudflareOnly)
        {
            // 444 closes the connection without a response: nothing to learn for a scanner.
            c.Line("if ($cloudflare_peer = 0) { return 444; }");
        }
    }
}
