namespace Infra.Blueprint.Settings;

/// <summary>The Cloudflare zone the stack's DNS records are created in.</summary>
/// <param name="Zone">The zone name, e.g. <c>example.com</c>.</param>
/// <param name="ZoneId">The zone's 32-hex-digit id (Cloudflare dashboard → Overview).</param>
/// <param name="Proxied">Whether records are proxied through Cloudflare (orange cloud).</param>
public sealed record CloudflareSettings(string Zone, string ZoneId, bool Proxied);
