namespace Infra.Blueprint.Monitoring;

/// <summary>Renders the blackbox exporter's <c>blackbox.yml</c>: the probe modules the scrape config names.</summary>
public static class BlackboxConfig
{
    /// <summary>Module probing a public URL: HTTPS required, 2xx expected; its probe reports the certificate's expiry.</summary>
    public const string PublicModule = "https_2xx";

    /// <summary>Module probing a replica's readiness over the overlay network (plain HTTP, 200 expected).</summary>
    public const string ReadinessModule = "http_ready";

    /// <summary>Renders the file.</summary>
    public static string Render()
    {
        var modules = new SortedDictionary<string, Module>(StringComparer.Ordinal)
        {
            [PublicModule] = new("http", "10s", new HttpProbe("GET", ValidStatusCodes: [], FailIfNotSsl: true, FollowRedirects: false, PreferredIpProtocol: "ip4")),
            [ReadinessModule] = new("http", "5s", new HttpProbe("GET", ValidStatusCodes: [200], FailIfNotSsl: null, FollowRedirects: false, PreferredIpProtocol: "ip4")),
        };
        return Yaml.Document("Rendered by Infra. Do not edit on the server.", new BlackboxFile(modules));
    }

    private sealed record BlackboxFile(IReadOnlyDictionary<string, Module> Modules);

    private sealed record Module(string Prober, string Timeout, HttpProbe Http);

    // An empty list of status codes means any 2xx.
    private sealed record HttpProbe(string Method, IReadOnlyList<int> ValidStatusCodes, bool? FailIfNotSsl, bool FollowRedirects, string PreferredIpProtocol);
}
