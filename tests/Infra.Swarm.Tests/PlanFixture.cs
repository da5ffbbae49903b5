using System.Diagnostics;
using Infra.Blueprint.Edge;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;
using Infra.Blueprint.Swarm;
using Infra.TestKit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Infra.Swarm.Tests;

/// <summary>
/// What the staging and the prod fixture share: the stack's plan (policies enforced) and its Swarm records, the secret
/// values, the origin certificate, the nginx.conf with the trusted-proxies override, the objects created and every step
/// with a stand-in deployed in rollout order; the setup's phases timed; everything disposed when the setup fails.
/// </summary>
public abstract class PlanFixture(StackConfig config, IMessageSink diagnostics) : IAsyncLifetime
{
    private readonly Stopwatch clock = new();
    private bool disposed;

    /// <summary>The plan.</summary>
    public Plan Plan { get; } = Blueprint.Policies.PlanPolicies.Enforce(Planner.Build(config));

    /// <summary>The plan as Swarm records.</summary>
    public SwarmDeployment Deployment => SwarmServiceSpecs.For(Plan);

    /// <summary>The deployer, with the timeline of the first deployment.</summary>
    public Deployer Deployer { get; private set; } = null!;

    /// <summary>Steps not deployed: no stand-in can be built from Debian packages (see docs/swarm.md).</summary>
    public IReadOnlyList<string> NotDeployed { get; private set; } = [];

    /// <summary>The secret values, by symbolic name (generated here as Pulumi.Random would).</summary>
    public Dictionary<string, string> SecretValues { get; } = [];

    /// <summary>How long the setup took, by phase, for the report.</summary>
    public List<(string Phase, TimeSpan Took)> Phases { get; } = [];

    /// <summary>Where the certificates and keys the fixture issues are written.</summary>
    protected TempDirectory Certificates { get; } = new($"infra-swarm-{config.Stack}-certs");

    public async Task InitializeAsync()
    {
        clock.Start();
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

    public async Task DisposeAsync()
    {
        // A failed setup disposes here, and xunit disposes the fixture again.
        if (disposed)
        {
            return;
        }

        disposed = true;
        var testsDone = clock.Elapsed;
        try
        {
            await Cleanup();
        }
        finally
        {
            Certificates.Dispose();
            // One line per collection in the tier's output (xunit.runner.json: diagnosticMessages), for CI's timings.
            diagnostics.OnMessage(new DiagnosticMessage($"swarm tier, {config.Stack} collection: {string.Join("; ", Phases.Select(p => $"{p.Phase} at {p.Took.TotalSeconds:F0} s"))}; " +
                $"tests done at {testsDone.TotalSeconds:F0} s; cleanup {(clock.Elapsed - testsDone).TotalSeconds:F0} s"));
        }
    }

    /// <summary>Removes everything the fixture created (also when its setup failed).</summary>
    protected abstract Task Cleanup();

    /// <summary>Sets up the Swarm and deploys the plan on it (<see cref="DeployPlan"/>).</summary>
    protected abstract Task Deploy();

    /// <summary>Records that the setup reached <paramref name="phase"/>.</summary>
    protected void Reached(string phase) => Phases.Add((phase, clock.Elapsed));

    /// <summary>
    /// Creates the plan's objects through <paramref name="leader"/> and deploys every step whose image has a stand-in in
    /// <paramref name="images"/>, in rollout order. <paramref name="client"/> is the address the nodes see the tests
    /// from: the one trusted proxy (the edge admits only Cloudflare's ranges, 444 to anyone else); every other line of
    /// nginx.conf is the plan's. <paramref name="keys"/> and <paramref name="produced"/> add certificate keys (and stack
    /// config secrets, <see cref="Tests.SecretValues.Generate"/>) and produced configs beyond the origin certificate's;
    /// <paramref name="addedConfigs"/> mounts produced configs in services beside their planned ones (the Deployer's).
    /// </summary>
    protected async Task DeployPlan(
        SwarmNode leader, IReadOnlyList<SwarmNode> nodes, IReadOnlyDictionary<string, string> images, string client,
        Dictionary<string, string>? keys = null, Dictionary<string, string>? produced = null,
        IReadOnlyDictionary<string, IReadOnlyList<ConfigReference>>? addedConfigs = null)
    {
        var deployment = Deployment;
        NotDeployed = [.. deployment.Steps.Where(s => !images.ContainsKey(ImageOf(s))).Select(s => s.Step.Name)];
        Deployer = new Deployer(leader, Plan, deployment, images) { Nodes = nodes, AddedConfigs = addedConfigs ?? new Dictionary<string, IReadOnlyList<ConfigReference>>() };
        var (certificate, key) = SelfSignedCertificate.Create(Certificates, Plan.Settings.Domain);
        keys ??= [];
        produced ??= [];
        keys[Layout.OriginCertificate] = File.ReadAllText(key);
        produced[EdgeRuntime.CertificateConfigKey] = File.ReadAllText(certificate);
        Tests.SecretValues.Generate(Plan, keys, SecretValues);
        var nginx = NginxConfig.Render(Plan.Settings, EdgeRuntime.Swarm(Plan.Layout) with { TrustedProxies = [$"{client}/32"] });
        await Deployer.CreateObjects(SecretValues, produced, new Dictionary<string, string> { ["nginx.conf"] = nginx });
        await Deployer.DeployAll(NotDeployed);
        Reached("deployed");
    }

    private string ImageOf(SwarmStep step) => Plan.Services.Select(s => s.Name == step.Step.Name ? s.Image : null)
        .Concat(Plan.Jobs.Select(j => j.Name == step.Step.Name ? j.Image : null)).First(i => i is not null)!;
}
