using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Edge;

/// <summary>
/// Cloudflare: every public hostname points at every edge host, proxied (the edge's Origin CA certificate is trusted by
/// Cloudflare only), and the zone's settings that make the proxied path safe.
/// </summary>
public static class Dns
{
    /// <summary>The DNS records' part of the plan.</summary>
    public static PlanPart Plan(Layout layout)
    {
        var settings = layout.Settings;
        return new PlanPart
        {
            DnsRecords =
            [
                .. layout.PublicHostnames.SelectMany(name => settings.HostsWith(HostRole.Edge).Select(h => new DnsRecordSpec(
                    name,
                    h.Address.Contains(':') ? "AAAA" : "A",
                    h.Address,
                    settings.Cloudflare.Proxied,
                    Ttl: settings.Cloudflare.Proxied ? 1 : 300))),
            ],
            ZoneSettings = ZoneSettings(settings),
        };
    }

    /// <summary>
    /// Full (strict): Cloudflare checks the origin certificate, and a zone left on Flexible cannot loop HTTP→HTTPS
    /// redirects with the edge's own. Always Use HTTPS answers port 80 at Cloudflare. TLS 1.2 at least, 1.3 on, as at
    /// the edge. HSTS as the edge sends it. WebSockets on, for the app's live updates.
    /// </summary>
    public static IReadOnlyList<ZoneSettingSpec> ZoneSettings(StackSettings settings) =>
    [
        new("ssl", "strict"),
        new("always_use_https", "on"),
        new("min_tls_version", "1.2"),
        new("tls_1_3", "on"),
        new("websockets", "on"),
        new("security_header", null, new ZoneHsts(settings.Edge.HstsMaxAgeSeconds, IncludeSubdomains: true, settings.Edge.HstsPreload)),
    ];
}
