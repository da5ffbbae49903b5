namespace Infra.Blueprint.Settings;

/// <summary>The nginx load balancer in front of the app replicas.</summary>
/// <param name="ClientMaxBodyMb">Largest request body accepted, in MiB.</param>
/// <param name="RateLimitPerSecond">Sustained requests per second per client IP.</param>
/// <param name="RateLimitBurst">Requests a client may send above the rate before getting 429.</param>
/// <param name="HstsMaxAgeSeconds">HSTS <c>max-age</c>.</param>
/// <param name="HstsPreload">Whether to send <c>preload</c> (requires a max-age of at least a year).</param>
/// <param name="CloudflareOnly">Accept connections only from Cloudflare's published ranges.</param>
/// <param name="Maintenance">Serve a 503 maintenance page instead of the app.</param>
public sealed record EdgeSettings(
    int ClientMaxBodyMb,
    int RateLimitPerSecond,
    int RateLimitBurst,
    int HstsMaxAgeSeconds,
    bool HstsPreload,
    bool CloudflareOnly,
    bool Maintenance);
