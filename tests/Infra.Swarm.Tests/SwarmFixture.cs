using Infra.Blueprint.Hosts;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Swarm;
using Infra.TestKit;

namespace Infra.Swarm.Tests;

/// <summary>
/// The staging plan deployed once for the whole tier: stand-in images built (cached by content hash), a single-node
/// Swarm formed by the rendered init and label scripts, the plan's networks, secrets, configs and volumes created, and
/// every step with a stand-in deployed in rollout order. Everything it creates is named <c>infra-swarm-…</c> on the
/// machine's engine (the node container and its volumes; inside the node, the plan's own names) and removed after.
/// </summary>
public sealed class SwarmFixture() : PlanFixture(Stack)
{
    /// <summary>The stack the tier deploys.</summary>
    public const string Stack = "staging";

    /// <summary>The node (leader, only node).</summary>
    public SwarmNode Node { get; private set; } = null!;

    /// <summary>The stand-in images as built on the machine's engine, by stand-in name.</summary>
    public IReadOnlyDictionary<string, string> Built { get; private set; } = new Dictionary<string, string>();

    private readonly Lock accessGate = new();
    private OperatorAccess? access;

    /// <summary>The leader over real SSH as the deploy user (<see cref="OperatorAccess"/>), made on first use.</summary>
    public OperatorAccess Operator
    {
        get
        {
            lock (accessGate)
            {
                return access ??= new OperatorAccess(this);
            }
        }
    }

    protected override async Task Deploy()
    {
        Built = StandIns.Build();
        Reached("images");
        var leader = Plan.Leader;
        Node = await SwarmNode.Start("infra-swarm-node-1", leader.Name, Built["node"]);
        Node.Exec(["bash", "-s"], SwarmScripts.WithEnvironment(Plan.File(SwarmScripts.InitPath).Content, new Dictionary<string, string> { ["ADVERTISE_ADDR"] = Node.Address }));
        Node.Exec(["bash", "-s"], Plan.File(SwarmScripts.MembersPath).Content);
        Reached("node and swarm");

        var images = StandIns.Push(Node, Built, StandIns.For(Plan.Settings));
        Reached("images pushed");

        // The tests' client is this machine, which the node sees as its bridge gateway.
        var client = Shell.Run("docker", ["inspect", "--format", "{{range .NetworkSettings.Networks}}{{.Gateway}}{{end}}", Node.Name]).Stdout.Trim();
        await DeployPlan(Node, [Node], images, client);
    }

    public override async Task DisposeAsync()
    {
        access?.Dispose();
        if (Node is not null)
        {
            await Node.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    /// <summary>
    /// Restarts nginx (a forced update of the edge, as <c>docker service update --force</c>): with <c>dnsrr</c> a
    /// replaced replica has a new address, which nginx resolves only at start. Production's VIPs do not move.
    /// </summary>
    public async Task RestartEdge()
    {
        var current = await Node.Api.Get($"services/{Layout.EdgeService}");
        var spec = current["Spec"]!.AsObject();
        var task = spec["TaskTemplate"]!.AsObject();
        task["ForceUpdate"] = ((int?)task["ForceUpdate"] ?? 0) + 1;
        await Node.Api.Post($"services/{Layout.EdgeService}/update?version={current["Version"]!["Index"]}", System.Text.Json.Nodes.JsonNode.Parse(spec.ToJsonString()));
        await Deployer.WaitConverged(Layout.EdgeService, 1, 120);
    }

    /// <summary>The container of the running task of <paramref name="service"/>.</summary>
    public Task<string> Container(string service) => Deployer.Container(service);
}

[CollectionDefinition(Name)]
public sealed class SwarmCollection : ICollectionFixture<SwarmFixture>
{
    public const string Name = "swarm";
}
