using Infra.Blueprint.Edge;
using Infra.Blueprint.Hosts;
using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Platform;

/// <summary>
/// Turns validated settings into the <see cref="Plan"/>: pure, deterministic, no I/O. Each concern
/// lives in its own partial file (<c>Planner_App.cs</c>, <c>Planner_Data.cs</c>, <c>Planner_Edge.cs</c>).
/// </summary>
public static partial class Planner
{
    /// <summary>Overlay network nginx and the app replicas share.</summary>
    public const string EdgeNetwork = "edge";

    /// <summary>Internal overlay network of the app and the data tier; no route out.</summary>
    public const string BackendNetwork = "backend";

    /// <summary>Internal overlay network of the monitoring services.</summary>
    public const string MonitoringNetwork = "monitoring";

    /// <summary>Prefix of the Swarm node labels the platform sets.</summary>
    public const string LabelPrefix = "infra.";

    /// <summary>Builds the plan of a stack.</summary>
    public static Plan Build(StackSettings settings)
    {
        var hosts = PlanHosts(settings);
        var networks = new List<NetworkSpec>
        {
            new(EdgeNetwork, Internal: false, Encrypted: settings.Hosts.Count > 1),
            new(BackendNetwork, Internal: true, Encrypted: settings.Hosts.Count > 1, Subnet: BackendSubnet),
        };
        if (settings.Monitoring.Enabled)
        {
            // Not internal: Alertmanager mails and posts out, the blackbox exporter probes the public URLs.
            networks.Add(new NetworkSpec(MonitoringNetwork, Internal: false, Encrypted: settings.Hosts.Count > 1));
        }

        var secrets = new List<SecretSpec>();
        var configs = new List<ConfigFileSpec>();
        var volumes = new List<VolumeSpec>();
        var services = new List<ServiceSpec>();
        var certificates = new List<CertificateSpec>();
        var jobs = new List<JobSpec>();
        var buckets = new List<BucketSpec>();

        AddData(settings, secrets, configs, volumes, services, certificates);
        AddBackups(settings, networks, secrets, configs, volumes, services, jobs, buckets);
        AddMigrateJob(settings, jobs);
        AddApp(settings, secrets, services);
        AddMonitoring(settings, secrets, configs, volumes, services);
        AddEdge(settings, secrets, configs, services, certificates);

        var firewall = FirewallRules(settings, encryptedOverlays: networks.Any(n => n.Encrypted));
        var partial = new Plan(settings, hosts, networks, secrets, configs, volumes, services, DnsRecords(settings), certificates, firewall, jobs, buckets, []);
        var files = new List<RenderedFile>();
        files.AddRange(configs.Select(c => new RenderedFile($"configs/{c.Key}", c.Content)));
        files.AddRange(hosts.Select(h => new RenderedFile(h.BootstrapScriptPath, BootstrapScript.Render(partial, h))));
        files.Add(new RenderedFile(SwarmScripts.InitPath, SwarmScripts.Init()));
        files.Add(new RenderedFile(SwarmScripts.JoinPath, SwarmScripts.Join()));
        files.Add(new RenderedFile(SwarmScripts.MembersPath, SwarmScripts.Members(partial)));
        files.Add(new RenderedFile(AccessScript.Path, AccessScript.Render()));
        files.Add(new RenderedFile(HostKeyScript.Path, HostKeyScript.Render()));
        files.AddRange(jobs.Select(j => new RenderedFile(j.ScriptPath, JobScript.Render(j))));
        var plan = partial with { Files = files };
        return plan with { Files = [.. files, new RenderedFile("topology.txt", TopologyReport.Render(plan))] };
    }

    /// <summary>Reads, validates and plans a stack in one step.</summary>
    public static Plan Build(StackConfig config, bool checkSecrets = false) => Build(config.ToSettings(checkSecrets));

    private static List<PlannedHost> PlanHosts(StackSettings settings)
    {
        var leader = settings.HostsWith(HostRole.Manager).First();
        var anyWorker = settings.HostsWith(HostRole.Worker).Count > 0;
        return settings.Hosts.Select(h =>
        {
            var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var role in h.Roles.Where(r => r is HostRole.Edge or HostRole.Db or HostRole.Monitoring))
            {
                labels[LabelPrefix + role.ToString().ToLowerInvariant()] = "true";
            }

            // Without dedicated workers, the app runs wherever it can: on every host.
            if (h.Roles.Contains(HostRole.Worker) || !anyWorker)
            {
                labels[LabelPrefix + "app"] = "true";
            }

            return new PlannedHost(
                h.Name, h.Address, h.SshUser, h.SshPort, h.Roles, h == leader, labels,
                SwapMb: Math.Min(h.MemoryMb, 4096),
                BootstrapScriptPath: $"hosts/{h.Name}/bootstrap.sh",
                DeployUser: settings.Ssh.DeployUser,
                HostKey: h.HostKey);
        }).ToList();
    }

    private static List<DnsRecordSpec> DnsRecords(StackSettings settings) =>
        PublicHostnames(settings)
            .SelectMany(name => settings.HostsWith(HostRole.Edge).Select(h => new DnsRecordSpec(
                name,
                h.Address.Contains(':') ? "AAAA" : "A",
                h.Address,
                settings.Cloudflare.Proxied,
                Ttl: settings.Cloudflare.Proxied ? 1 : 300)))
            .ToList();

    // Every name the edge serves: the app's, and Grafana's when monitoring is on.
    private static IReadOnlyList<string> PublicHostnames(StackSettings settings) =>
        settings.Monitoring.Enabled ? [settings.Domain, settings.Monitoring.GrafanaHostname] : [settings.Domain];

    private static List<FirewallRule> FirewallRules(StackSettings settings, bool encryptedOverlays)
    {
        var rules = new List<FirewallRule>();
        var web = settings.Edge.CloudflareOnly ? CloudflareRanges.All : [];
        foreach (var host in settings.Hosts)
        {
            rules.Add(new FirewallRule(host.Name, host.SshPort, "tcp", settings.Ssh.AllowFrom, "ssh", RateLimited: true));
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

    private static string Constraint(string label) => $"node.labels.{LabelPrefix}{label}==true";
}
