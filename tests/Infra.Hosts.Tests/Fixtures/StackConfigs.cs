using Infra.Blueprint.Settings;
using Infra.TestKit;

namespace Infra.Hosts.Tests.Fixtures;

/// <summary>The tier's stacks: the shipped staging stack with the test servers as its hosts.</summary>
public static class StackConfigs
{
    /// <summary>
    /// Staging's settings with <paramref name="hosts"/>, SSH allowed only from <paramref name="admin"/>, keys recorded in
    /// <paramref name="knownHosts"/>, and Docker from the distribution (Docker's repository is out of reach here: a
    /// setting users have too). The web ports are open to anywhere rather than to Cloudflare's ~20 ranges: nothing
    /// here reaches them, and each range costs every bootstrap two ufw runs (tier 1 pins the Cloudflare-only rules).
    /// </summary>
    public static StackConfig Of(IReadOnlyList<string> hosts, string admin, string knownHosts) => Repository.Stack("staging")
        .WithList("hosts", [.. hosts])
        .WithList("ssh.allowFrom", $"{admin}/32")
        .With("ssh.knownHostsFile", knownHosts)
        .With("hosts.dockerSource", "distribution")
        .With("edge.cloudflareOnly", "false");
}
