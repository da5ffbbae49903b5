using System.Globalization;
using Infra.Blueprint.Settings;
using Infra.Contract;

namespace Infra.Blueprint.Edge;

// The TLS server in front of the app. nginx's add_header is not inherited by a location that has an
// add_header of its own, so every such location repeats the security headers (SecurityHeaders).
public static partial class NginxConfig
{
    /// <summary>Headers nginx sets on every response; the app's own copies are hidden so each appears once.</summary>
    public static IReadOnlyList<string> SecurityHeaderNames { get; } =
        ["Strict-Transport-Security", "Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Permissions-Policy"];

    private static void AppServer(ConfWriter c, StackSettings settings, EdgeRuntime runtime)
    {
        var edge = settings.Edge;
        c.Open("server");
        c.Line($"listen {runtime.HttpsPort} ssl http2 default_server;");
        c.Line($"listen [::]:{runtime.HttpsPort} ssl http2 default_server;");
        c.Line($"server_name {settings.Domain};");
        c.Line($"ssl_certificate {runtime.CertificatePath};");
        c.Line($"ssl_certificate_key {runtime.KeyPath};");
        c.Line("ssl_protocols TLSv1.2 TLSv1.3;");
        c.Line($"ssl_ciphers {Ciphers};");
        c.Line("ssl_prefer_server_ciphers off;");
        c.Line("ssl_session_timeout 1d;");
        c.Line("ssl_session_cache shared:TLS:10m;");
        c.Line("ssl_session_tickets off;");
        CloudflareOnly(c, edge);
        SecurityHeaders(c, edge);
        ProxyDefaults(c, edge);
        c.Line($"limit_conn perip {edge.ConnectionsPerIp};");
        c.Line("set $retry_after 1;");
        c.Line("error_page 429 @too_many_requests;");
        c.Blank();
        c.Block("location @too_many_requests", () =>
        {
            SecurityHeaders(c, edge);
            c.Line("add_header Retry-After $retry_after always;");
            c.Line("default_type application/problem+json;");
            c.Line("return 429 '{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429}';");
        });

        if (edge.Maintenance)
        {
            c.Block("location /", () =>
            {
                SecurityHeaders(c, edge);
                c.Line($"add_header Retry-After {edge.MaintenanceRetryAfterSeconds.ToString(CultureInfo.InvariantCulture)} always;");
                c.Line("add_header Cache-Control no-store always;");
                c.Line("default_type text/html;");
                c.Line("return 503 '<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Down for maintenance</title></head><body><h1>Down for maintenance</h1><p>We will be back shortly. Please retry in a few minutes.</p></body></html>';");
            });
        }
        else
        {
            AppLocations(c, edge);
        }

        c.Close();
        c.Blank();
    }

    private static void AppLocations(ConfWriter c, EdgeSettings edge)
    {
        var general = $"limit_req zone=general burst={edge.RateLimitBurst.ToString(CultureInfo.InvariantCulture)} nodelay;";

        // Metrics are for Prometheus on the internal network, not for the internet.
        c.Block($"location = {AppContract.Paths.Metrics}", () => c.Line("return 404;"));

        c.Block($"location = {AppContract.Paths.WebSocket}", () =>
        {
            c.Line(general);
            c.Line("proxy_pass http://app;");
            c.Line("proxy_read_timeout 1h;");
            // A proxy_set_header here replaces the whole inherited set, so the set is repeated with Upgrade.
            ForwardedHeaders(c, connection: "$connection_upgrade");
            c.Line("proxy_set_header Upgrade $http_upgrade;");
        });

        foreach (var path in edge.AuthPaths)
        {
            c.Block($"location ^~ {path}", () =>
            {
                c.Line(general);
                c.Line("limit_req zone=auth burst=5 nodelay;");
                c.Line("set $retry_after 60;");
                c.Line("proxy_pass http://app;");
            });
        }

        foreach (var path in edge.StaticPaths)
        {
            c.Block($"location ^~ {path}", () =>
            {
                c.Line(general);
                c.Line("proxy_pass http://app;");
                // A proxy_hide_header here replaces the inherited set, so the app's security headers are hidden again.
                HideAppSecurityHeaders(c);
                c.Line("proxy_hide_header Cache-Control;");
                SecurityHeaders(c, edge);
                c.Line("add_header Cache-Control \"public, max-age=31536000, immutable\" always;");
            });
        }

        c.Block("location /", () =>
        {
            c.Line(general);
            c.Line("proxy_pass http://app;");
        });
    }

    /// <summary>
    /// The security headers the app's server sets on every response, names in <see cref="SecurityHeaderNames"/> order,
    /// with the values these settings give. <c>verify</c> expects exactly these.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> SecurityHeaders(EdgeSettings edge) =>
    [
        new("Strict-Transport-Security", Hsts(edge)),
        new("Content-Security-Policy", edge.ContentSecurityPolicy),
        new("X-Content-Type-Options", "nosniff"),
        new("X-Frame-Options", "DENY"),
        new("Referrer-Policy", "strict-origin-when-cross-origin"),
        new("Permissions-Policy", edge.PermissionsPolicy),
    ];

    private static string Hsts(EdgeSettings edge) =>
        $"max-age={edge.HstsMaxAgeSeconds.ToString(CultureInfo.InvariantCulture)}; includeSubDomains{(edge.HstsPreload ? "; preload" : "")}";

    private static void SecurityHeaders(ConfWriter c, EdgeSettings edge)
    {
        foreach (var (name, value) in SecurityHeaders(edge))
        {
            // A value with anything but letters, digits and dashes is quoted for nginx.
            var quoted = value.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '-') ? value : $"\"{value}\"";
            c.Line($"add_header {name} {quoted} always;");
        }
    }

    // Server-level proxy settings every location inherits (a location that sets one proxy_set_header or
    // proxy_hide_header must repeat its whole set).
    private static void ProxyDefaults(ConfWriter c, EdgeSettings edge)
    {
        c.Line("proxy_http_version 1.1;");
        ForwardedHeaders(c, connection: "\"\"");
        HideAppSecurityHeaders(c);

        c.Line($"proxy_connect_timeout {edge.ProxyConnectTimeoutSeconds}s;");
        c.Line("proxy_send_timeout 30s;");
        c.Line($"proxy_read_timeout {edge.ProxyReadTimeoutSeconds}s;");
        // Retried only for idempotent methods (nginx never retries POST, PATCH or LOCK without non_idempotent).
        c.Line("proxy_next_upstream error timeout http_502 http_503 http_504;");
        c.Line($"proxy_next_upstream_tries {edge.ProxyNextUpstreamTries};");
        c.Line($"proxy_next_upstream_timeout {edge.ProxyConnectTimeoutSeconds * edge.ProxyNextUpstreamTries + 5}s;");
    }

    private static void HideAppSecurityHeaders(ConfWriter c)
    {
        foreach (var header in SecurityHeaderNames)
        {
            c.Line($"proxy_hide_header {header};");
        }
    }

    private static void ForwardedHeaders(ConfWriter c, string connection)
    {
        c.Line($"proxy_set_header Connection {connection};");
        c.Line("proxy_set_header Host $host;");
        // $remote_addr is the client from CF-Connecting-IP; a client-sent X-Forwarded-For is not passed on.
        c.Line("proxy_set_header X-Real-IP $remote_addr;");
        c.Line("proxy_set_header X-Forwarded-For $remote_addr;");
        c.Line("proxy_set_header X-Forwarded-Proto https;");
        c.Line("proxy_set_header X-Request-Id $request_id;");
    }
}
