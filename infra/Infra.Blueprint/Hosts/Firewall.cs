using Infra.Blueprint.Edge;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Hosts;

/// <summary>
/// The host firewall: SSH from the admin ranges, web ports on edge hosts (Cloudflare's ranges only when so set), and
/// the Swarm's own ports only from the stack's other nodes.
/// </summary>
public static class Firewall
{
    /// <summary>The firewall's part of the plan.</summary>
    public static PlanPart Plan(Layout layout) => new() { FirewallRules = Rules(layout.Settings) };

    private static List<FirewallRule> Rules(StackSettings settings)
    {
        var rules = new List<FirewallRule>();
        var web = settings.Edge.CloudflareOnly ? CloudflareRanges.All : [];
        foreach (var host in settings.Hosts)
        {
            rules.Add(new FirewallRule(host.Name, host.SshPort, "tcp", settings.Ssh.AllowFrom, "ssh"));
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
        }

        return rules;
    }
}
