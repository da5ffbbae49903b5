using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Edge;

// Monitoring's additions to the edge: Grafana on its own host name, and the status listener on a unix
// socket so each edge node's exporter reads its own nginx through a per-node volume (no port opens).
public static partial class NginxConfig
{
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

        var edge = settings.Edge;
        c.Block("upstream grafana", () =>
        {
            c.Line($"server {runtime.GrafanaUpstream} max_fails=0;");
            c.Line("keepalive 8;");
        });
        c.Blank();
        c.Open("server");
        TlsListen(c, runtime);
        c.Line($"server_name {settings.Monitoring.GrafanaHostname};");
        Tls(c, runtime);
        CloudflareOnly(c, edge);
        // Grafana's UI needs inline scripts and styles, so it keeps its own CSP; the other headers apply.
        c.Line($"add_header Strict-Transport-Security \"{Hsts(edge)}\" always;");
        c.Line("add_header X-Content-Type-Options nosniff always;");
        c.Line("add_header X-Frame-Options DENY always;");
        c.Line("add_header Referrer-Policy $referrer_policy always;");
        c.Line($"limit_req zone=general burst={edge.RateLimitBurst} nodelay;");
        c.Line($"limit_conn perip {edge.ConnectionsPerIp};");
        c.Block("location /", () =>
        {
            c.Line("proxy_pass http://grafana;");
            c.Line("proxy_http_version 1.1;");
            // Grafana Live streams over WebSocket.
            ForwardedHeaders(c, connection: "$connection_upgrade", host: settings.Monitoring.GrafanaHostname);
            c.Line("proxy_set_header Upgrade $http_upgrade;");
            c.Line("proxy_connect_timeout 2s;");
            c.Line("proxy_read_timeout 60s;");
        });
        c.Close();
        c.Blank();
    }
}
