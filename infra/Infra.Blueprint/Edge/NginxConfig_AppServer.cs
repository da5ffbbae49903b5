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
        TlsListen(c, runtime);
        c.Line($"server_name {string.Join(' ', [settings.Domain, .. runtime.ServerNameAliases])};");
        Tls(c, runtime);
        CloudflareOnly(c, edge);
        SecurityHeaders(c, edge);
        ProxyDefaults(c, edge, settings.Domain);
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
            AppLocations(c, settings);
        }

        c.Close();
        c.Blank();
    }

    private static void AppLocations(ConfWriter c, StackSettings settings)
    {
        var edge = settings.Edge;
        var general = $"limit_req zone=general burst={edge.RateLimitBurst.ToString(CultureInfo.InvariantCulture)} nodelay;";

        // The public probe's end-to-end target: liveness checks nothing and says only "up", its version and uptime.
        c.Block($"location = {AppContract.Paths.Live}", () =>
        {
            c.Line(general);
            c.Line("proxy_pass http://app;");
        });

        // Metrics and the other health paths are for the platform, on the internal network. nginx matches the decoded,
        // slash-merged path, so /METRICS, /metrics/, //metrics and /%6Detrics all land here; the app serves metrics
        // only on its metrics port, which no upstream lists, so a variant nginx missed would still get 404.
        c.Block($"location ~* {BlockedPathsPattern}", () => c.Line("return 404;"));

        c.Block($"location = {AppContract.Paths.WebSocket}", () =>
        {
            c.Line("if ($websocket_origin_allowed = 0) { return 403; }");
            c.Line(general);
            // A limit_conn here replaces the inherited one, so the per-IP cap is repeated next to the edge-wide one.
            c.Line($"limit_conn perip {edge.ConnectionsPerIp};");
            c.Line($"limit_conn websockets {edge.MaxWebSockets};");
            c.Line("proxy_pass http://app_websockets;");
            c.Line("proxy_read_timeout 1h;");
            // A proxy_set_header here replaces the whole inherited set, so the set is repeated with Upgrade.
            ForwardedHeaders(c, connection: "$connection_upgrade", host: settings.Domain);
            c.Line("proxy_set_header Upgrade $http_upgrade;");
        });

        if (edge.AuthPaths.Count > 0)
        {
            // Case-insensitive like the app's routing: /API/auth/login is limited as /api/auth/login is.
            c.Block($"location ~* ^(?:{string.Join('|', edge.AuthPaths.Select(RegexLiteral))})", () =>
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
                if (edge.Gzip)
                {
                    c.Line("gzip on;");
                }

                // A proxy_hide_header here replaces the inherited set, so the app's security headers are hidden again.
                HideAppSecurityHeaders(c);
                c.Line("proxy_hide_header Cache-Control;");
                SecurityHeaders(c, edge);
                c.Line("add_header Cache-Control $static_cache_control always;");
            });
        }

        c.Block("location /", () =>
        {
            c.Line(general);
            c.Line("proxy_pass http://app;");
        });
    }

    /// <summary>The paths the edge never forwards (any case, any suffix after a slash): metrics and health but liveness.</summary>
    public static string BlockedPathsPattern { get; } =
        $"^(?:{RegexLiteral(AppContract.Paths.Metrics)}|{RegexLiteral(AppContract.Paths.Health)})(?:/|$)";

    private static string RegexLiteral(string path) => path.Replace(".", "\\.", StringComparison.Ordinal);

    /// <summary>
    /// The security headers the app's server sets on every response, names in <see cref="SecurityHeaderNames"/> order,
    /// with the values these settings give. A null value is the app's own when it sends one and the edge's otherwise
    /// (CSP and Referrer-Policy: the app's are stricter). <c>verify</c> expects exactly these.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> SecurityHeaders(EdgeSettings edge) =>
    [
        new("Strict-Transport-Security", Hsts(edge)),
        new("Content-Security-Policy", null),
        new("X-Content-Type-Options", "nosniff"),
        new("X-Frame-Options", "DENY"),
        new("Referrer-Policy", null),
        new("Permissions-Policy", edge.PermissionsPolicy),
    ];

    // The nginx variable (a map over the app's header) that sends each header SecurityHeaders leaves to the app.
    private static readonly IReadOnlyDictionary<string, string> FromTheApp = new Dictionary<string, string>
    {
        ["Content-Security-Policy"] = "$content_security_policy",
        ["Referrer-Policy"] = "$referrer_policy",
    };

    private static string Hsts(EdgeSettings edge) =>
        $"max-age={edge.HstsMaxAgeSeconds.ToString(CultureInfo.InvariantCulture)}; includeSubDomains{(edge.HstsPreload ? "; preload" : "")}";

    private static void SecurityHeaders(ConfWriter c, EdgeSettings edge)
    {
        foreach (var (name, value) in SecurityHeaders(edge))
        {
            // A value with anything but letters, digits and dashes is quoted for nginx.
            var quoted = value is null ? FromTheApp[name]
                : value.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '-') ? value : $"\"{value}\"";
            c.Line($"add_header {name} {quoted} always;");
        }
    }

    // Server-level proxy settings every location inherits (a location that sets one proxy_set_header or
    // proxy_hide_header must repeat its whole set).
    private static void ProxyDefaults(ConfWriter c, EdgeSettings edge, string host)
    {
        c.Line("proxy_http_version 1.1;");
        // The whole body before a replica is picked: a slow upload ties up nginx, not a replica.
        c.Line("proxy_request_buffering on;");
        ForwardedHeaders(c, connection: "\"\"", host);
        HideAppSecurityHeaders(c);

        c.Line($"proxy_connect_timeout {edge.ProxyConnectTimeoutSeconds}s;");
        c.Line("proxy_send_timeout 30s;");
        c.Line($"proxy_read_timeout {edge.ProxyReadTimeoutSeconds}s;");
        // Retried only for idempotent methods (nginx never retries POST, PATCH or LOCK without non_idempotent). These
        // conditions are also what max_fails counts; none of them is a client's doing once nginx enforces the body limit.
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

    // Host is the configured name, never the client's: the app builds links and checks Origin against it.
    private static void ForwardedHeaders(ConfWriter c, string connection, string host)
    {
        c.Line($"proxy_set_header Connection {connection};");
        c.Line($"proxy_set_header Host {host};");
        // $remote_addr is the client from CF-Connecting-IP; a client-sent X-Forwarded-For is not passed on.
        c.Line("proxy_set_header X-Real-IP $remote_addr;");
        c.Line("proxy_set_header X-Forwarded-For $remote_addr;");
        c.Line("proxy_set_header X-Forwarded-Proto https;");
        c.Line("proxy_set_header X-Request-Id $request_id;");
    }
}
