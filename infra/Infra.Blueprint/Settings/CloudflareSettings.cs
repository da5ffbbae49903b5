namespace Infra.Blueprint.Settings;

/// <summary>The Cloudflare zone the stack's DNS records are created in.</summary>
/// <param name="Zone">The zone name, e.g. <c>example.com</c>.</param>
/// <param name="ZoneId">The zone's 32-hex-digit id (Cloudflare dashboard → Overview).</param>
/// <param name="Proxied">Whether records are proxied through Cloudflare (orange cloud). Always true once validated: the edge's
/// certificate comes from Cloudflare's Origin CA, which browsers do not trust.</param>
/// <param name="Www">Whether <c>www.</c> + the domain is served too (its own records; the edge redirects it to the domain).</param>
public sealed record CloudflareSettings(string Zone, string ZoneId, bool Proxied, bool Www)
{
    /// <summary>The <c>www</c> name of a domain.</summary>
    public static string WwwOf(string domain) => $"www.{domain}";
}
