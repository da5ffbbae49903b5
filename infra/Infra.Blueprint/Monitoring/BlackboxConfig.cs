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
        var modules = new SortedDictionary<string, Module>(StringComparer.Ordinal)
        {
            [PublicModule] = new("http", "10s", new HttpProbe("GET", ValidStatusCodes: [], FailIfNotSsl: true, FollowRedirects: false, PreferredIpProtocol: "ip4")),
            [ReadinessModule] = new("http", "5s", new HttpProbe("GET", ValidStatusCodes: [200], FailIfNotSsl: null, FollowRedirects: false, PreferredIpProtocol: "ip4")),
            [OriginTlsModule] = new("tcp", "5s", Tcp: new TcpProbe(Tls: true, new TlsConfig(InsecureSkipVerify: true), PreferredIpProtocol: "ip4")),
        };
        return Yaml.Document("Rendered by Infra. Do not edit on the server.", new BlackboxFile(modules));
    }

    private sealed record BlackboxFile(IReadOnlyDictionary<string, Module> Modules);

    private sealed record Module(string Prober, string Timeout, HttpProbe? Http = null, TcpProbe? Tcp = null);

    private sealed record TcpProbe(bool Tls, TlsConfig TlsConfig, string PreferredIpProtocol);

    private sealed record TlsConfig(bool InsecureSkipVerify);

    // An empty list of status codes means any 2xx.
    private sealed record HttpProbe(string Method, IReadOnlyList<int> ValidStatusCodes, bool? FailIfNotSsl, bool FollowRedirects, string PreferredIpProtocol);
}
