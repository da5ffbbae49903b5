using System.Text.Json.Nodes;
using Infra.Blueprint.Hosts;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Swarm;
using Infra.TestKit;
using Xunit.Abstractions;

namespace Infra.Swarm.Tests;

/// <summary>
/// The prod plan on a Swarm of one node per planned host (three managers, a db worker, a monitoring worker): the same
/// stand-ins and node image as the staging fixture, the Swarm formed by the rendered init, join and members scripts, and
/// every step with a stand-in deployed in rollout order from the same records. The run's <see cref="StandInRegistry"/>
/// joins the nodes' network and every engine trusts it as an insecure registry, so all nodes pull the same digests from it.
/// Everything is named <c>infra-swarm-prod-…</c> on the machine's engine and removed after, also on failure.
/// </summary>
public sealed class ProdSwarmFixture(IMessageSink diagnostics) : PlanFixture(Repository.Stack(Stack), diagnostics)
{
    /// <summary>The stack the fixture deploys.</summary>
    public const string Stack = "prod";

    private const string Network = "infra-swarm-prod";

    /// <summary>One node per planned host, by host name.</summary>
    public Dictionary<string, SwarmNode> Nodes { get; } = [];

    /// <summary>The leader's node.</summary>
    public SwarmNode Leader => Nodes[Plan.Leader.Name];

    /// <summary>The run's registry as every node reaches it (address:port): where a release another node must pull is pushed.</summary>
    public string Registry { get; private set; } = "";

    /// <summary>Where each service's running tasks were once the plan had converged: service → host names.</summary>
    public Dictionary<string, List<string>> PlacedAt { get; } = [];

    protected override async Task Deploy()
    {
        var registry = StandInRegistry.Shared;
        Reached("images built and pushed (once per run)");

        Shell.Run("docker", ["network", "rm", Network], check: false);
        Shell.Run("docker", ["network", "create", "--label", "infra-swarm=true", Network]);
        var subnet = Shell.Run("docker", ["network", "inspect", "--format", "{{range .IPAM.Config}}{{.Subnet}}{{end}}", Network]).Stdout.Trim();
        var gateway = Shell.Run("docker", ["network", "inspect", "--format", "{{range .IPAM.Config}}{{.Gateway}}{{end}}", Network]).Stdout.Trim();
        var address = StandInRegistry.Attach(Network);
        Registry = StandInRegistry.InsecureRegistry(address);
        // Started side by side: each start is a docker run and a wait for the node's engine.
        var started = await Task.WhenAll(Plan.Hosts.Select(h => Task.Run(() => SwarmNode.Start(
            $"infra-swarm-prod-{h.Name}", h.Name, registry.Built["node"], Network, engineArguments: ["--insecure-registry", subnet]))));
        foreach (var node in started)
        {
            Nodes[node.Hostname] = node;
        }

        FormSwarm();
        Reached("nodes and swarm");

        // Every node pulls the same digests from the run's registry on the nodes' network. Not the monitoring stand-ins
        // yet: the staging collection proves them; here they would add seven images to every node's pulls, and this
        // collection has not been run with them.
        var standIns = StandIns.For(Plan.Settings).Where(s => !StandIns.Monitoring.Contains(s.Value)).ToDictionary();
        var images = registry.Images(standIns, address);

        // Prod's PgBouncer is reached across hosts over TLS: its certificate from the internal CA (Pulumi.Tls in production).
        var keys = new Dictionary<string, string>();
        var produced = new Dictionary<string, string>();
        var internalCertificates = Plan.Certificates.Where(c => c.Issuer == CertificateIssuer.InternalCa).ToList();
        if (internalCertificates.Count > 1)
        {
            throw new InvalidOperationException($"the prod plan has {internalCertificates.Count} internal-CA certificates; this fixture issues one");
        }

        foreach (var c in internalCertificates)
        {
            var issued = InternalCa.Issue(Certificates, c.Hostnames[0], c.Name);
            keys[c.Name] = File.ReadAllText(issued.KeyFile);
            produced[c.ConfigKey] = File.ReadAllText(issued.CertificateFile);
            produced[CertificateSpec.InternalCaConfigKey] = File.ReadAllText(issued.CaFile);
        }

        // This machine, as the nodes see it, is the network's gateway.
        await DeployPlan(Leader, [.. Nodes.Values], images, gateway, keys, produced);
        foreach (var step in Deployment.Steps.Where(s => s.Step.Kind != RolloutStepKind.Job && !NotDeployed.Contains(s.Step.Name)))
        {
            PlacedAt[step.Spec.Name] = await RunningOn(step.Spec.Name);
        }
    }

    /// <summary>The host names the service's running tasks are on.</summary>
    public async Task<List<string>> RunningOn(string service)
    {
        var hosts = new List<string>();
        foreach (var task in (await Deployer.Tasks(service)).Where(t => (string?)t["DesiredState"] == "running" && (string?)t["Status"]!["State"] == "running"))
        {
            hosts.Add(await Deployer.HostnameOf((string)task["NodeID"]!));
        }

        return [.. hosts.Order(StringComparer.Ordinal)];
    }

    /// <summary>The ids of the service's running tasks.</summary>
    public async Task<List<string>> RunningTasks(string service) =>
        [.. (await Deployer.Tasks(service)).Where(t => (string?)t["Status"]!["State"] == "running").Select(t => (string)t["ID"]!).Order(StringComparer.Ordinal)];

    /// <summary>The Swarm's view of a node (its <c>Status.State</c>: ready, down …), by host name.</summary>
    public async Task<string> NodeState(string hostname)
    {
        foreach (var node in (await Leader.Api.Get("nodes")).AsArray())
        {
            if ((string?)node!["Description"]!["Hostname"] == hostname)
            {
                return (string)node["Status"]!["State"]!;
            }
        }

        return "absent";
    }

    protected override async Task Cleanup()
    {
        foreach (var node in Nodes.Values)
        {
            await node.DisposeAsync();
        }

        StandInRegistry.Detach(Network);
        Shell.Run("docker", ["network", "rm", Network], check: false);
    }

    /// <summary>
    /// The rendered swarm scripts, run in each node as the Pulumi layer runs them over SSH: init on the leader (its
    /// output is the worker then the manager token), join on every other host with its role's token, members on the leader.
    /// </summary>
    private void FormSwarm()
    {
        var leader = Leader;
        var tokens = leader.Exec(["bash", "-s"], SwarmScripts.WithEnvironment(Plan.File(SwarmScripts.InitPath).Content,
            new Dictionary<string, string> { ["ADVERTISE_ADDR"] = leader.Address })).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var host in Plan.Hosts.Where(h => !h.IsLeader))
        {
            var node = Nodes[host.Name];
            node.Exec(["bash", "-s"], SwarmScripts.WithEnvironment(Plan.File(SwarmScripts.JoinPath).Content, new Dictionary<string, string>
            {
                ["JOIN_TOKEN"] = host.IsManager ? tokens[1] : tokens[0],
                ["LEADER_ADDR"] = leader.Address,
                ["ADVERTISE_ADDR"] = node.Address,
            }));
        }

        leader.Exec(["bash", "-s"], Plan.File(SwarmScripts.MembersPath).Content, TimeSpan.FromMinutes(3));
    }
}

[CollectionDefinition(Name)]
public sealed class ProdSwarmCollection : ICollectionFixture<ProdSwarmFixture>
{
    public const string Name = "swarm-prod";
}
