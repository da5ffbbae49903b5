namespace Infra.Blueprint.Settings;

/// <summary>The nginx load balancer in front of the app replicas. Every option is a setting.</summary>
/// <param name="ClientMaxBodyMb">Largest request body accepted, in MiB.</param>
/// <param name="RateLimitPerSecond">Sustained requests per second per client IP.</param>
/// <param name="RateLimitBurst">Requests a client may send above the rate before getting 429.</param>
/// <param name="AuthPaths">Path prefixes of authentication endpoints, limited by <paramref name="AuthRateLimitPerMinute"/>.</param>
/// <param name="AuthRateLimitPerMinute">Requests per minute per client IP on authentication paths.</param>
/// <param name="ConnectionsPerIp">Concurrent connections per client IP.</param>
/// <param name="HstsMaxAgeSeconds">HSTS <c>max-age</c>.</param>
/// <param name="HstsPreload">Whether to send <c>preload</c> (requires a max-age of at least a year).</param>
/// <param name="ContentSecurityPolicy">The <c>Content-Security-Policy</c> header.</param>
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
    int MaintenanceRetryAfterSeconds);
