using Infra.Blueprint.Edge;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Hosts;

/// <summary>
/// The host firewall: SSH from the admin ranges, web ports on edge hosts (Cloudflare's ranges only when so set), and
/// the Swarm's own ports (and ESP, when overlays are encrypted) only from the stack's other nodes.
/// </summary>
public static class Firewall
{
    /// <summary>The firewall's part of the plan.</summary>
    public static PlanPart Plan(Layout layout) => new() { FirewallRules = Rules(layout.Settings, layout.EncryptedOverlays) };

    private static List<FirewallRule> Rules(StackSettings settings, bool encryptedOverlays)
    {
        var rules = new List<FirewallRule>();
        var web = settings.Edge.CloudflareOnly ? CloudflareRanges.All : [];
        foreach (var host in settings.Hosts)
        {
            rules.Add(new FirewallRule(host.Name, host.SshPort, "tcp", settings.Ssh.AllowFrom, "ssh", Guarded: true));
            if (host.Roles.Contains(HostRole.Edge))
            {
                rules.Add(new FirewallRule(host.Name, 80, "tcp", web, "http (redirects to https)"));
                rules.Add(new FirewallRule(host.Name, 443, "tcp", web, "https"));
            }

            var peers = settings.Hosts.Where(p => p != host).Select(p => p.Address).ToList();
            if (peers.Count == 0)
            {
                continue;
            }

            if (host.Roles.Contains(HostRole.Manager))
            {
                rules.Add(new FirewallRule(host.Name, 2377, "tcp", peers, "swarm cluster management"));
            }

            rules.Add(new FirewallRule(host.Name, 7946, "tcp", peers, "swarm node gossip"));
            rules.Add(new FirewallRule(host.Name, 7946, "udp", peers, "swarm node gossip"));
            rules.Add(new FirewallRule(host.Name, 4789, "udp", peers, "swarm overlay (vxlan)"));
            if (encryptedOverlays)
            {
                // Encrypted overlays wrap VXLAN in IPsec ESP (IP protocol 50): without this rule they drop all traffic (moby #46838).
                rules.Add(new FirewallRule(host.Name, null, "esp", peers, "swarm encrypted overlay (ipsec esp)"));
            }
        }

        return rules;
    }
}
