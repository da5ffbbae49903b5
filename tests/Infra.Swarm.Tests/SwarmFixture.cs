using Infra.Blueprint.Hosts;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;
using Infra.Blueprint.Swarm;
using Infra.TestKit;
using Xunit.Abstractions;

namespace Infra.Swarm.Tests;

/// <summary>
/// The staging plan deployed once for the whole tier: stand-in images built (cached by content hash) and pushed to the
/// run's <see cref="StandInRegistry"/>, a single-node Swarm formed by the rendered init and label scripts, the plan's
/// networks, secrets, configs and volumes created, and every step with a stand-in deployed in rollout order, backing up
/// to <see cref="Bucket"/>. Everything it creates is named <c>infra-swarm-…</c> on the machine's engine (the node
/// container and its volumes; inside the node, the plan's own names) and removed after, with the bucket's server.
/// </summary>
public sealed class SwarmFixture : PlanFixture
{
    /// <summary>The stack the tier deploys.</summary>
    public const string Stack = "staging";

    /// <summary>
    /// The app secret the tier's plan declares (the shipped staging declares none), so its delivery and its rotation
    /// (<see cref="RolloutTests"/>) run for real.
    /// </summary>
    public const string AppSecret = "ROTATION_PROBE";

    /// <summary>The staging stack's settings with <see cref="AppSecret"/> declared: every plan of the tier starts here.</summary>
    public static StackConfig Config => Repository.Stack(Stack).WithList("app.secrets", AppSecret);

    /// <summary>The plan is built from <see cref="Config"/> with its backups' endpoint at a bucket started first.</summary>
    public SwarmFixture(IMessageSink diagnostics)
        : this(BackupBucket.Start(Config), diagnostics)
    {
    }

    private SwarmFixture(BackupBucket bucket, IMessageSink diagnostics)
        : base(bucket.Configure(Config), diagnostics) => Bucket = bucket;

    /// <summary>The backup's bucket: s3rver on this machine, where the node reaches it (<see cref="BackupBucket"/>).</summary>
    public BackupBucket Bucket { get; }

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
        var registry = StandInRegistry.Shared;
        Built = registry.Built;
        Reached("images built and pushed (once per run)");
        var leader = Plan.Leader;
        var address = StandInRegistry.BridgeAddress();
        Node = await SwarmNode.Start("infra-swarm-node-1", leader.Name, Built["node"], engineArguments: ["--insecure-registry", StandInRegistry.InsecureRegistry(address)]);
        Node.Exec(["bash", "-s"], SwarmScripts.WithEnvironment(Plan.File(SwarmScripts.InitPath).Content, new Dictionary<string, string> { ["ADVERTISE_ADDR"] = Node.Address }));
        Node.Exec(["bash", "-s"], Plan.File(SwarmScripts.MembersPath).Content);
        Reached("node and swarm");

        var images = registry.Images(StandIns.For(Plan.Settings), address);

        // The tests' client is this machine, which the node sees as its bridge gateway.
        var client = Shell.Run("docker", ["inspect", "--format", "{{range .NetworkSettings.Networks}}{{.Gateway}}{{end}}", Node.Name]).Stdout.Trim();
        await DeployPlan(Node, [Node], images, client, BackupBucket.Credentials(), new Dictionary<string, string>([Bucket.CaConfig]), BackupBucket.AddedConfigs);
    }

    protected override async Task Cleanup()
    {
        access?.Dispose();
        if (Node is not null)
        {
            await Node.DisposeAsync();
        }

        Bucket.Dispose();
    }

    /// <summary>
    /// Restarts nginx (a forced update of the edge, as <c>docker service update --force</c>): with <c>dnsrr</c> a
    /// replaced replica has a new address, which nginx resolves only at start. Production's VIPs do not move.
    /// </summary>
    public async Task RestartEdge()
    {
        foreach (var edge in Plan.Layout.EdgeServices.Values)
        {
            var current = await Node.Api.Get($"services/{edge}");
            var spec = current["Spec"]!.AsObject();
            var task = spec["TaskTemplate"]!.AsObject();
            task["ForceUpdate"] = ((int?)task["ForceUpdate"] ?? 0) + 1;
            await Node.Api.Post($"services/{edge}/update?version={current["Version"]!["Index"]}", System.Text.Json.Nodes.JsonNode.Parse(spec.ToJsonString()));
            await Deployer.WaitConverged(edge, 1, 120);
        }
    }

    /// <summary>The container of the running task of <paramref name="service"/>.</summary>
    public Task<string> Container(string service) => Deployer.Container(service);
}

[CollectionDefinition(Name)]
public sealed class SwarmCollection : ICollectionFixture<SwarmFixture>
{
    public const string Name = "swarm";
}
