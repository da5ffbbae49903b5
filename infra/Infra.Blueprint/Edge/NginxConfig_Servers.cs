using System.Globalization;
using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Edge;

// The server blocks around the app's: the catch-all for foreign Hosts, the redirects, TLS, the status listener,
// the Cloudflare-only rule.
public static partial class NginxConfig
{
    // Unknown Host (a scanner, a foreign name, an absolute-form request line naming another host): close without a
    // reply. nginx takes TLS settings for the handshake from the listener's default server, so it carries them too.
    // Plain and TLS are two servers: `http2 on;` in a server that also listens on port 80 would accept cleartext
    // HTTP/2 there (nginx 1.25.1+ sniffs the preface on the default server's plain listener).
    private static void CatchAllServers(ConfWriter c, EdgeRuntime runtime)
    {
        c.Block("server", () =>
        {
            c.Line($"listen {runtime.HttpPort} default_server;");
            c.Line($"listen [::]:{runtime.HttpPort} default_server;");
            c.Line("server_name _;");
            c.Line("return 444;");
        });
        c.Blank();
        c.Block("server", () =>
        {
            TlsListen(c, runtime, " default_server");
            c.Line("server_name _;");
            Tls(c, runtime);
            c.Line("return 444;");
        });
        c.Blank();
    }

    // A server's TLS listeners with HTTP/2 in the form its nginx reads: from 1.25.1 plain `listen … ssl` and
    // `http2 on;` (the listen parameter warns at every start and reload there), before it `listen … ssl http2`.
    private static void TlsListen(ConfWriter c, EdgeRuntime runtime, string suffix = "")
    {
        var directive = NginxRelease.HasHttp2Directive(runtime.NginxVersion);
        var parameters = directive ? "ssl" : "ssl http2";
        c.Line($"listen {runtime.HttpsPort} {parameters}{suffix};");
        c.Line($"listen [::]:{runtime.HttpsPort} {parameters}{suffix};");
        if (directive)
        {
            c.Line("http2 on;");
        }
    }

    // Port 80 answers only the configured names, and redirects to the configured name: never to a Host a client chose.
    private static void RedirectServers(ConfWriter c, StackSettings settings, EdgeRuntime runtime)
    {
        RedirectServer(c, settings.Edge, runtime, [settings.Domain, .. AppAliases(settings), .. runtime.ServerNameAliases], settings.Domain, https: false);
        if (runtime.GrafanaUpstream is not null)
        {
            RedirectServer(c, settings.Edge, runtime, [settings.Monitoring.GrafanaHostname], settings.Monitoring.GrafanaHostname, https: false);
        }

        if (settings.Cloudflare.Www)
        {
            RedirectServer(c, settings.Edge, runtime, AppAliases(settings), settings.Domain, https: true);
        }
    }

    private static IReadOnlyList<string> AppAliases(StackSettings settings) =>
        settings.Cloudflare.Www ? [CloudflareSettings.WwwOf(settings.Domain)] : [];

    private static void RedirectServer(ConfWriter c, EdgeSettings edge, EdgeRuntime runtime, IReadOnlyList<string> names, string target, bool https)
    {
        c.Block("server", () =>
        {
            if (https)
            {
                TlsListen(c, runtime);
            }
            else
            {
                c.Line($"listen {runtime.HttpPort};");
                c.Line($"listen [::]:{runtime.HttpPort};");
            }

            c.Line($"server_name {string.Join(' ', names)};");
            if (https)
            {
                Tls(c, runtime);
            }

            CloudflareOnly(c, edge);
            c.Block("location /", () => c.Line($"return 301 https://{target}$request_uri;"));
        });
        c.Blank();
    }

    // The TLS settings every TLS server repeats. No OCSP stapling: a Cloudflare Origin CA certificate names no OCSP
    // responder (nginx would only log that), and Cloudflare, the only client, does not ask.
    private static void Tls(ConfWriter c, EdgeRuntime runtime)
    {
        c.Line($"ssl_certificate {runtime.CertificatePath};");
        c.Line($"ssl_certificate_key {runtime.KeyPath};");
        c.Line("ssl_protocols TLSv1.2 TLSv1.3;");
        c.Line($"ssl_ciphers {Ciphers};");
        c.Line($"ssl_ecdh_curve {EcdhCurves};");
        c.Line("ssl_prefer_server_ciphers off;");
        c.Line("ssl_session_timeout 1d;");
        c.Line("ssl_session_cache shared:TLS:10m;");
        c.Line("ssl_session_tickets off;");
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
