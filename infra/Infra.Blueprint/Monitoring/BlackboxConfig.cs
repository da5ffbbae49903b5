namespace Infra.Blueprint.Monitoring;

/// <summary>Renders the blackbox exporter's <c>blackbox.yml</c>: the probe modules the scrape config names.</summary>
public static class BlackboxConfig
{
    /// <summary>Module probing a public URL: HTTPS required, 2xx expected; its probe reports the certificate's expiry.</summary>
    public const string PublicModule = "https_2xx";

    /// <summary>
    /// Module reading the origin certificate straight from the edge (TLS handshake only, nothing sent): the public probe
    /// sees Cloudflare's edge certificate, never the origin's. The Origin CA root is not in the exporter's trust store
    /// (only Cloudflare trusts it), so the chain is not verified here; Cloudflare's Full (strict) does that.
    /// </summary>
    public const string OriginTlsModule = "tls_origin";

    /// <summary>Module probing a replica's readiness over the overlay network (plain HTTP, 200 expected).</summary>
    public const string ReadinessModule = "http_ready";

    /// <summary>Renders the file.</summary>
    public static string Render()
    {
        var y = new Yaml.Writer();
        y.Line(0, "# Rendered by Infra. Do not edit on the server.");
        y.Line(0, "modules:");
        y.Line(1, $"{PublicModule}:");
        y.Line(2, "prober: 'http'");
        y.Line(2, "timeout: 10s");
        y.Line(2, "http:");
        y.Line(3, "method: 'GET'");
        y.Line(3, "valid_status_codes: []");
        y.Line(3, "fail_if_not_ssl: true");
        y.Line(3, "follow_redirects: false");
        y.Line(3, "preferred_ip_protocol: 'ip4'");
        y.Line(1, $"{OriginTlsModule}:");
        y.Line(2, "prober: 'tcp'");
        y.Line(2, "timeout: 5s");
        y.Line(2, "tcp:");
        y.Line(3, "tls: true");
        y.Line(3, "tls_config:");
        y.Line(4, "insecure_skip_verify: true");
        y.Line(3, "preferred_ip_protocol: 'ip4'");
        y.Line(1, $"{ReadinessModule}:");
        y.Line(2, "prober: 'http'");
        y.Line(2, "timeout: 5s");
        y.Line(2, "http:");
        y.Line(3, "method: 'GET'");
        y.Line(3, "valid_status_codes: [200]");
        y.Line(3, "follow_redirects: false");
        y.Line(3, "preferred_ip_protocol: 'ip4'");
        return y.ToString();
    }
}
