using System.Diagnostics;
using System.Globalization;
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
public sealed class SwarmFixture : IAsyncLifetime
{
    /// <summary>The stack the tier deploys.</summary>
    public const string Stack = "staging";

    /// <summary>The plan.</summary>
    public Plan Plan { get; } = PlanPolicies(Planner.Build(Repository.Stack(Stack)));

    /// <summary>The plan as Swarm records.</summary>
    public SwarmDeployment Deployment => SwarmServiceSpecs.For(Plan);

    /// <summary>The node (leader, only node).</summary>
    public SwarmNode Node { get; private set; } = null!;

    /// <summary>The deployer, with the timeline of the first deployment.</summary>
    public Deployer Deployer { get; private set; } = null!;

    /// <summary>Steps not deployed: no stand-in can be built from Debian packages (see docs/swarm.md).</summary>
    public IReadOnlyList<string> NotDeployed { get; private set; } = [];

    /// <summary>The secret values, by symbolic name (generated here as Pulumi.Random would).</summary>
    public Dictionary<string, string> SecretValues { get; } = [];

    /// <summary>The stand-in images as built on the machine's engine, by stand-in name.</summary>
    public IReadOnlyDictionary<string, string> Built { get; private set; } = new Dictionary<string, string>();

    /// <summary>How long the setup took, by phase, for the report.</summary>
    public List<(string Phase, TimeSpan Took)> Phases { get; } = [];

    private readonly TempDirectory certificates = new("infra-swarm-certs");
    private readonly Lazy<OperatorAccess> access;

    public SwarmFixture() => access = new(() => new OperatorAccess(this));

    /// <summary>The leader over real SSH as the deploy user (<see cref="OperatorAccess"/>), made on first use.</summary>
    public OperatorAccess Operator => access.Value;

    public async Task InitializeAsync()
    {
        try
        {
            await Deploy();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task Deploy()
    {
        var clock = Stopwatch.StartNew();
        Built = StandIns.Build();
        Phases.Add(("images", clock.Elapsed));
        var leader = Plan.Leader;
        Node = await SwarmNode.Start("infra-swarm-node-1", leader.Name, Built["node"]);
        Node.Exec(["bash", "-s"], SwarmScripts.WithEnvironment(Plan.File(SwarmScripts.InitPath).Content, new Dictionary<string, string> { ["ADVERTISE_ADDR"] = Node.Address }));
        Node.Exec(["bash", "-s"], Plan.File(SwarmScripts.MembersPath).Content);
        Phases.Add(("node and swarm", clock.Elapsed));

        var standIns = StandIns.For(Plan.Settings);
        var images = StandIns.Push(Node, Built, standIns);
        Phases.Add(("images pushed", clock.Elapsed));

        var deployment = Deployment;
        NotDeployed = [.. deployment.Steps.Where(s => !images.ContainsKey(ImageOf(s))).Select(s => s.Step.Name)];
        Deployer = new Deployer(Node, Plan, deployment, images);
        var (certificate, key) = SelfSignedCertificate.Create(certificates, Plan.Settings.Domain);
        Tests.SecretValues.Generate(Plan, new Dictionary<string, string> { [Layout.OriginCertificate] = File.ReadAllText(key) }, SecretValues);
        // The trusted-proxies override: the edge admits only Cloudflare's ranges (444 to anyone else); here the client is
        // this machine, which the node sees as its bridge gateway. Everything else of nginx.conf is the plan's.
        var client = Shell.Run("docker", ["inspect", "--format", "{{range .NetworkSettings.Networks}}{{.Gateway}}{{end}}", Node.Name]).Stdout.Trim();
        var nginx = Blueprint.Edge.NginxConfig.Render(Plan.Settings, Blueprint.Edge.EdgeRuntime.Swarm(Plan.Layout) with { TrustedProxies = [$"{client}/32"] });
        await Deployer.CreateObjects(
            SecretValues,
            new Dictionary<string, string> { [Blueprint.Edge.EdgeRuntime.CertificateConfigKey] = File.ReadAllText(certificate) },
            new Dictionary<string, string> { ["nginx.conf"] = nginx });
        await Deployer.DeployAll(NotDeployed);
        Phases.Add(("deployed", clock.Elapsed));
    }

    public async Task DisposeAsync()
    {
        if (access.IsValueCreated)
        {
            access.Value.Dispose();
        }

        if (Node is not null)
        {
            await Node.DisposeAsync();
        }

        certificates.Dispose();
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

    private string ImageOf(SwarmStep step) => Plan.Services.Concat<object>(Plan.Jobs).Select(x => x switch
    {
        ServiceSpec s when s.Name == step.Step.Name => s.Image,
        JobSpec j when j.Name == step.Step.Name => j.Image,
        _ => null,
    }).First(i => i is not null)!;

    private static Plan PlanPolicies(Plan plan) => Blueprint.Policies.PlanPolicies.Enforce(plan);
}

[CollectionDefinition(Name)]
public sealed class SwarmCollection : ICollectionFixture<SwarmFixture>
{
    public const string Name = "swarm";
}
