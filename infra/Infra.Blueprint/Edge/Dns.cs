using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Edge;

/// <summary>Cloudflare DNS: every public hostname points at every edge host, proxied unless the settings say otherwise.</summary>
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
        };
    }
}
