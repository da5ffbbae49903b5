using System.Globalization;
using System.Text;
using Infra.Blueprint.Settings;
using Infra.Contract;

namespace Infra.Blueprint.Edge;

/// <summary>
/// Renders the edge's <c>nginx.conf</c> from settings and a <see cref="EdgeRuntime"/>. Pure: the same
/// input gives the same bytes. Uses no directive newer than nginx 1.22.
/// </summary>
public static class NginxConfig
{
    /// <summary>Renders the whole file.</summary>
    public static string Render(StackSettings settings, EdgeRuntime runtime)
    {
        var edge = settings.Edge;
        var c = new ConfWriter();
        c.Line("# Rendered by Infra from the stack settings. Do not edit on the server.");
        c.Line("worker_processes auto;");
        c.Line($"pid {runtime.PidPath};");
        c.Line($"error_log {runtime.ErrorLogPath} warn;");
        c.Line("worker_rlimit_nofile 65536;");
        c.Open("events");
        c.Line("worker_connections 8192;");
        c.Close();

        c.Open("http");
        c.Line($"include {runtime.MimeTypesPath};");
        c.Line("default_type application/octet-stream;");
        c.Line("server_tokens off;");
        c.Line("sendfile on;");
        c.Line("tcp_nopush on;");
        c.Line("keepalive_timeout 65s;");
        c.Line($"client_max_body_size {edge.ClientMaxBodyMb}m;");
        c.Line("client_body_timeout 15s;");
        c.Line("client_header_timeout 15s;");
        c.Line("send_timeout 30s;");
        foreach (var temp in new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" })
        {
            c.Line($"{temp}_temp_path {runtime.TempDirectory}/{temp};");
        }

        c.Blank();
        c.Line("log_format json escape=json '{\"time\":\"$time_iso8601\",\"client\":\"$remote_addr\",\"method\":\"$request_method\",\"uri\":\"$request_uri\",\"status\":$status,\"bytes\":$body_bytes_sent,\"duration\":$request_time,\"upstream\":\"$upstream_addr\",\"upstream_status\":\"$upstream_status\",\"upstream_time\":\"$upstream_response_time\",\"request_id\":\"$request_id\",\"user_agent\":\"$http_user_agent\"}';");
        c.Line($"access_log {runtime.AccessLogPath} json;");
        c.Blank();

        foreach (var range in CloudflareRanges.All)
        {
            c.Line($"set_real_ip_from {range};");
        }

        c.Line("real_ip_header CF-Connecting-IP;");
        if (edge.CloudflareOnly)
        {
            c.Open("geo $realip_remote_addr $cloudflare_peer");
            c.Line("default 0;");
            foreach (var range in CloudflareRanges.All)
            {
                c.Line($"{range} 1;");
            }

            c.Close();
        }

        c.Blank();
        c.Line($"limit_req_zone $binary_remote_addr zone=general:10m rate={edge.RateLimitPerSecond}r/s;");
        c.Line("limit_req_status 429;");
        c.Line("limit_conn_zone $binary_remote_addr zone=perip:10m;");
        c.Line("limit_conn_status 429;");
        c.Blank();
        c.Open("map $http_upgrade $connection_upgrade");
        c.Line("default upgrade;");
        c.Line("'' '';");
        c.Close();
        c.Blank();

        c.Open("upstream app");
        foreach (var upstream in runtime.Upstreams)
        {
            c.Line($"server {upstream} max_fails=2 fail_timeout=5s;");
        }

        c.Line("keepalive 64;");
        c.Close();
        c.Blank();

        c.Open("server");
        c.Line($"listen {runtime.HttpPort} default_server;");
        c.Line($"listen [::]:{runtime.HttpPort} default_server;");
        c.Line("server_name _;");
        CloudflareOnly(c, edge);
        c.Open("location /");
        c.Line("return 301 https://$host$request_uri;");
        c.Close();
        c.Close();
        c.Blank();

        c.Open("server");
        c.Line($"listen {runtime.HttpsPort} ssl http2 default_server;");
        c.Line($"listen [::]:{runtime.HttpsPort} ssl http2 default_server;");
        c.Line($"server_name {settings.Domain};");
        c.Line($"ssl_certificate {runtime.CertificatePath};");
        c.Line($"ssl_certificate_key {runtime.KeyPath};");
        c.Line("ssl_protocols TLSv1.2 TLSv1.3;");
        c.Line("ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384;");
        c.Line("ssl_prefer_server_ciphers off;");
        c.Line("ssl_session_timeout 1d;");
        c.Line("ssl_session_cache shared:TLS:10m;");
        c.Line("ssl_session_tickets off;");
        CloudflareOnly(c, edge);
        c.Line($"add_header Strict-Transport-Security \"max-age={edge.HstsMaxAgeSeconds.ToString(CultureInfo.InvariantCulture)}; includeSubDomains{(edge.HstsPreload ? "; preload" : "")}\" always;");
        c.Line("add_header X-Content-Type-Options nosniff always;");
        c.Line("add_header X-Frame-Options DENY always;");
        c.Line("add_header Referrer-Policy strict-origin-when-cross-origin always;");
        c.Line($"limit_req zone=general burst={edge.RateLimitBurst} nodelay;");
        c.Line("limit_conn perip 100;");
        if (edge.Maintenance)
        {
            c.Open("location /");
            c.Line("add_header Retry-After 600 always;");
            c.Line("return 503 'Down for maintenance. Please retry shortly.\\n';");
            c.Close();
        }
        else
        {
            c.Open($"location = {AppContract.Paths.WebSocket}");
            ProxyHeaders(c, readTimeout: "1h");
            c.Line("proxy_set_header Upgrade $http_upgrade;");
            c.Line("proxy_set_header Connection $connection_upgrade;");
            c.Close();
            c.Open($"location = {AppContract.Paths.Metrics}");
            c.Line("return 404;");
            c.Close();
            c.Open("location /");
            ProxyHeaders(c, readTimeout: "30s");
            c.Line("proxy_set_header Connection \"\";");
            c.Close();
        }

        c.Close();
        c.Blank();
        GrafanaServer(c, settings, runtime);

        c.Open("server");
        c.Line($"listen {runtime.StatusListen};");
        StatusSocket(c, runtime);
        c.Line("access_log off;");
        c.Open("location = /healthz");
        c.Line("return 200 'ok\\n';");
        c.Close();
        c.Open("location = /stub_status");
        c.Line("stub_status;");
        c.Close();
        c.Close();
        c.Close();
        return c.ToString();
    }

    // Monitoring's additions, kept apart from the app's server so the edge can be reworked around them.
    // The exporter reads stub_status through a unix socket on a per-node volume: each edge node's exporter
    // sees its own nginx, and no port opens on any network.
    private static void StatusSocket(ConfWriter c, EdgeRuntime runtime)
    {
        if (runtime.StatusSocket is not null)
        {
            c.Line($"listen unix:{runtime.StatusSocket};");
        }
    }

    private static void GrafanaServer(ConfWriter c, StackSettings settings, EdgeRuntime runtime)
    {
        if (runtime.GrafanaUpstream is null)
        {
            return;
        }

        c.Open("upstream grafana");
        c.Line($"server {runtime.GrafanaUpstream} max_fails=0;");
        c.Line("keepalive 8;");
        c.Close();
        c.Blank();
        c.Open("server");
        c.Line($"listen {runtime.HttpsPort} ssl http2;");
        c.Line($"listen [::]:{runtime.HttpsPort} ssl http2;");
        c.Line($"server_name {settings.Monitoring.GrafanaHostname};");
        c.Line($"ssl_certificate {runtime.CertificatePath};");
        c.Line($"ssl_certificate_key {runtime.KeyPath};");
        c.Line("ssl_protocols TLSv1.2 TLSv1.3;");
        c.Line("ssl_session_tickets off;");
        CloudflareOnly(c, settings.Edge);
        c.Line($"add_header Strict-Transport-Security \"max-age={settings.Edge.HstsMaxAgeSeconds.ToString(CultureInfo.InvariantCulture)}; includeSubDomains\" always;");
        c.Line("add_header X-Content-Type-Options nosniff always;");
        c.Line("add_header Referrer-Policy strict-origin-when-cross-origin always;");
        c.Line($"limit_req zone=general burst={settings.Edge.RateLimitBurst} nodelay;");
        c.Line("limit_conn perip 100;");
        c.Open("location /");
        c.Line("proxy_pass http://grafana;");
        c.Line("proxy_http_version 1.1;");
        c.Line("proxy_set_header Host $host;");
        c.Line("proxy_set_header X-Real-IP $remote_addr;");
        c.Line("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;");
        c.Line("proxy_set_header X-Forwarded-Proto https;");
        // Grafana Live streams over WebSocket.
        c.Line("proxy_set_header Upgrade $http_upgrade;");
        c.Line("proxy_set_header Connection $connection_upgrade;");
        c.Line("proxy_connect_timeout 2s;");
        c.Line("proxy_read_timeout 60s;");
        c.Close();
        c.Close();
        c.Blank();
    }

    private static void CloudflareOnly(ConfWriter c, EdgeSettings edge)
    {
        if (!edge.CloudflareOnly)
        {
            return;
        }

        // real_ip rewrites $remote_addr, so the peer is checked on $realip_remote_addr via geo.
        c.Line("if ($cloudflare_peer = 0) { return 444; }");
    }

    private static void ProxyHeaders(ConfWriter c, string readTimeout)
    {
        c.Line("proxy_pass http://app;");
        c.Line("proxy_http_version 1.1;");
        c.Line("proxy_set_header Host $host;");
        c.Line("proxy_set_header X-Real-IP $remote_addr;");
        c.Line("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;");
        c.Line("proxy_set_header X-Forwarded-Proto https;");
        c.Line("proxy_set_header X-Request-Id $request_id;");
        c.Line("proxy_connect_timeout 2s;");
        c.Line("proxy_send_timeout 30s;");
        c.Line($"proxy_read_timeout {readTimeout};");
        c.Line("proxy_next_upstream error timeout http_502 http_503 http_504;");
        c.Line("proxy_next_upstream_tries 3;");
        c.Line("proxy_next_upstream_timeout 10s;");
    }

    private sealed class ConfWriter
    {
        private readonly StringBuilder _text = new();
        private int _depth;

        public void Line(string line) => _text.Append(' ', _depth * 4).Append(line).Append('\n');

        public void Blank() => _text.Append('\n');

        public void Open(string block)
        {
            Line(block + " {");
            _depth++;
        }

        public void Close()
        {
            _depth--;
            Line("}");
        }

        public override string ToString() => _text.ToString();
    }
}
