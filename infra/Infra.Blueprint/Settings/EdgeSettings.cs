namespace Infra.Blueprint.Settings;

/// <summary>The nginx load balancer in front of the app replicas. Every option is a setting.</summary>
/// <param name="ClientMaxBodyMb">Largest request body accepted, in MiB, by nginx and by the app alike (<see cref="MaxBodyBytes"/>).</param>
/// <param name="RateLimitPerSecond">Sustained requests per second per client IP.</param>
/// <param name="RateLimitBurst">Requests a client may send above the rate before getting 429.</param>
/// <param name="AuthPaths">Path prefixes of authentication endpoints, limited by <paramref name="AuthRateLimitPerMinute"/>.</param>
/// <param name="AuthRateLimitPerMinute">Requests per minute per client IP on authentication paths.</param>
/// <param name="ConnectionsPerIp">Concurrent connections per client IP.</param>
/// <param name="HstsMaxAgeSeconds">HSTS <c>max-age</c>.</param>
/// <param name="HstsPreload">Whether to send <c>preload</c> (requires a max-age of at least a year).</param>
/// <param name="ContentSecurityPolicy">The <c>Content-Security-Policy</c> header where the app sends none; <c>{domain}</c> stands for the domain.</param>
/// <param name="PermissionsPolicy">The <c>Permissions-Policy</c> header.</param>
/// <param name="CloudflareOnly">Accept connections only from Cloudflare's published ranges.</param>
/// <param name="UpstreamMaxFails">Failed attempts after which a replica is taken out for <paramref name="UpstreamFailTimeoutSeconds"/>.</param>
/// <param name="UpstreamFailTimeoutSeconds">How long a failing replica stays out.</param>
/// <param name="UpstreamKeepalive">Idle keepalive connections to the replicas kept per nginx worker.</param>
/// <param name="ProxyNextUpstreamTries">Replicas tried for one idempotent request before failing it.</param>
/// <param name="ProxyConnectTimeoutSeconds">Time to connect to a replica.</param>
/// <param name="ProxyReadTimeoutSeconds">Time between two reads from a replica.</param>
/// <param name="StaticPaths">Path prefixes of fingerprinted static files, cached for a year by clients.</param>
/// <param name="Gzip">Compress text responses.</param>
/// <param name="Maintenance">Serve a 503 maintenance page instead of the app.</param>
/// <param name="MaintenanceRetryAfterSeconds">The <c>Retry-After</c> of the maintenance page.</param>
/// <param name="MaxWebSockets">Open WebSockets one edge host proxies at once.</param>
/// <param name="MaxWebSocketsPerReplica">Open WebSockets one replica serves at once (nginx's <c>max_conns</c> and the app's cap).</param>
public sealed record EdgeSettings(
    int ClientMaxBodyMb,
    int RateLimitPerSecond,
    int RateLimitBurst,
    IReadOnlyList<string> AuthPaths,
    int AuthRateLimitPerMinute,
    int ConnectionsPerIp,
    int HstsMaxAgeSeconds,
    bool HstsPreload,
    string ContentSecurityPolicy,
    string PermissionsPolicy,
    bool CloudflareOnly,
    int UpstreamMaxFails,
    int UpstreamFailTimeoutSeconds,
    int UpstreamKeepalive,
    int ProxyNextUpstreamTries,
    int ProxyConnectTimeoutSeconds,
    int ProxyReadTimeoutSeconds,
    IReadOnlyList<string> StaticPaths,
    bool Gzip,
    bool Maintenance,
    int MaintenanceRetryAfterSeconds,
    int MaxWebSockets,
    int MaxWebSocketsPerReplica)
{
    /// <summary>The body limit in bytes, as the app takes it.</summary>
    public long MaxBodyBytes => ClientMaxBodyMb * 1024L * 1024L;

    /// <summary>
    /// Requests per minute the app allows one client IP (<c>APP_RATE_LIMIT_PER_MINUTE</c>): what the edge lets through
    /// in a minute (rate × 60 + burst), so a client within the edge's limit never meets the app's. The app counts across
    /// replicas, so it still stops a client that spreads its requests over several edge hosts.
    /// </summary>
    public int AppRateLimitPerMinute => (int)Math.Min(10_000_000L, RateLimitPerSecond * 60L + RateLimitBurst);

    /// <summary>The CSP with <c>{domain}</c> filled in.</summary>
    public string ContentSecurityPolicyFor(string domain) => ContentSecurityPolicy.Replace("{domain}", domain, StringComparison.Ordinal);
}
