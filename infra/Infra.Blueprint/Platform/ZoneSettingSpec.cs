namespace Infra.Blueprint.Platform;

/// <summary>
/// A Cloudflare zone setting the stack declares, by Cloudflare's setting id (<c>ssl</c>, <c>min_tls_version</c>, …). Zone
/// settings apply to every name in the zone, not only the stack's.
/// </summary>
/// <param name="Id">Cloudflare's setting id.</param>
/// <param name="Value">The value of an on/off or choice setting; null for <paramref name="Hsts"/>.</param>
/// <param name="Hsts">The HSTS header Cloudflare sends (setting <c>security_header</c>); null for other settings.</param>
public sealed record ZoneSettingSpec(string Id, string? Value, ZoneHsts? Hsts = null);

/// <summary>Cloudflare's HSTS header (<c>security_header.strict_transport_security</c>), the same as the edge sends.</summary>
/// <param name="MaxAgeSeconds"><c>max-age</c>.</param>
/// <param name="IncludeSubdomains"><c>includeSubDomains</c>.</param>
/// <param name="Preload"><c>preload</c>.</param>
public sealed record ZoneHsts(int MaxAgeSeconds, bool IncludeSubdomains, bool Preload);
