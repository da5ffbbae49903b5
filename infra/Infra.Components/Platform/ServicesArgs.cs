using Infra.Blueprint.Edge;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;
using Pulumi;
using Docker = Pulumi.Docker;

namespace Infra.Components.Platform;

/// <summary>Inputs of <see cref="Services"/>.</summary>
public sealed class ServicesArgs
{
    /// <summary>The services as planned.</summary>
    public required IReadOnlyList<ServiceSpec> Specs { get; init; }

    /// <summary>The order the services and jobs are declared in, each after the steps it waits for (<see cref="Plan.Rollout"/>).</summary>
    public required IReadOnlyList<RolloutStep> Rollout { get; init; }

    /// <summary>The overlay networks by name.</summary>
    public required IReadOnlyDictionary<string, Docker.Network> Networks { get; init; }

    /// <summary>The Swarm secrets by symbolic name.</summary>
    public required IReadOnlyDictionary<string, Docker.Secret> Secrets { get; init; }

    /// <summary>The Swarm configs by key.</summary>
    public required IReadOnlyDictionary<string, Docker.ServiceConfig> Configs { get; init; }

    /// <summary>The declared (host-bound) volumes by name.</summary>
    public required IReadOnlyDictionary<string, Docker.Volume> Volumes { get; init; }

    /// <summary>The per-node volumes: mounted by name, created by Swarm on each node, nothing to wait for.</summary>
    public IReadOnlySet<string> PerNodeVolumes { get; init; } = new HashSet<string>();

    /// <summary>The one-off jobs as planned.</summary>
    public IReadOnlyList<JobSpec> Jobs { get; init; } = [];

    /// <summary>The rendered run script of each job (<see cref="JobSpec.ScriptPath"/>), by job name.</summary>
    public IReadOnlyDictionary<string, string> JobScripts { get; init; } = new Dictionary<string, string>();

    /// <summary>The rendered installer of the scheduled tasks (<see cref="Infra.Blueprint.Hosts.ScheduleScripts.InstallPath"/>); null installs nothing.</summary>
    public string? ScheduleInstall { get; init; }

    /// <summary>The secrets the scheduled tasks mount, whose Swarm names the installer writes into their environment files.</summary>
    public IReadOnlyList<string> ScheduleSecrets { get; init; } = [];

    /// <summary>The private registry the scheduled tasks pull from, if any: its token reaches the installer.</summary>
    public RegistryLogin? ScheduleRegistry { get; init; }

    /// <summary>The leader, where jobs are started (<c>docker service create</c> needs a manager).</summary>
    public PlannedHost? Leader { get; init; }

    /// <summary>The SSH private key that logs in to the leader (a Pulumi secret).</summary>
    public Input<string>? SshPrivateKey { get; init; }

    /// <summary>The leader's verified SSH host key (<see cref="Hosts.Host.VerifiedHostKey"/>): jobs connect only to it.</summary>
    public Input<string>? LeaderHostKey { get; init; }

    /// <summary>What every job waits for besides its own needs: the formed Swarm.</summary>
    public Resource? SwarmReady { get; init; }

    /// <summary>
    /// The secret values of the stack's config (secret Outputs), by full key, as read once at the edge: a
    /// <see cref="RegistryLogin"/> finds its token here under <see cref="RegistryLogin.TokenKey"/>.
    /// </summary>
    public IReadOnlyDictionary<string, Output<string>> StackConfig { get; init; } = new Dictionary<string, Output<string>>();

    /// <summary>
    /// The edge update (<see cref="EdgeUpdate.Steps(Layout)"/>): each edge host's service is declared between its
    /// withdrawal and restore commands; empty declares the edge services alone.
    /// </summary>
    public IReadOnlyList<EdgeUpdateStep> EdgeUpdate { get; init; } = [];

    /// <summary>The rendered DNS scripts of the edge update (<see cref="EdgeDnsScript"/>), by path.</summary>
    public IReadOnlyDictionary<string, string> EdgeScripts { get; init; } = new Dictionary<string, string>();

    /// <summary>The Cloudflare DNS records by address (content): an edge host's withdrawal waits for its records.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Resource>> EdgeRecords { get; init; } = new Dictionary<string, IReadOnlyList<Resource>>();

    /// <summary>The Cloudflare API token (<c>cloudflare:apiToken</c>, a secret) the edge update's DNS scripts call the API with.</summary>
    public Input<string>? CloudflareToken { get; init; }

    /// <summary>The services and jobs of <paramref name="plan"/>, wired to the resources declared before them.</summary>
    public static ServicesArgs From(Plan plan, Networks networks, Secrets secrets, Configs configs, Volumes volumes, Input<string> sshPrivateKey, Resource swarmReady, Input<string>? leaderHostKey = null, IReadOnlyDictionary<string, Output<string>>? stackConfig = null, IReadOnlyDictionary<string, IReadOnlyList<Resource>>? edgeRecords = null) => new()
    {
        EdgeUpdate = Infra.Blueprint.Edge.EdgeUpdate.Steps(plan.Layout),
        EdgeScripts = plan.Layout.EdgeHosts.SelectMany(h => new[] { EdgeDnsScript.WithdrawPath(h.Name), EdgeDnsScript.RestorePath(h.Name) })
            .Where(path => plan.Files.Any(f => f.Path == path)).ToDictionary(path => path, path => plan.File(path).Content),
        EdgeRecords = edgeRecords ?? new Dictionary<string, IReadOnlyList<Resource>>(),
        CloudflareToken = stackConfig?.GetValueOrDefault(ConfigKeys.CloudflareApiToken) is { } token ? (Input<string>)token : null,
        Specs = plan.Services,
        Rollout = plan.Rollout,
        Networks = networks.ByName,
        Secrets = secrets.ByName,
        Configs = configs.ByKey,
        Volumes = volumes.ByName,
        PerNodeVolumes = volumes.PerNode,
        Jobs = plan.Jobs,
        JobScripts = plan.Jobs.ToDictionary(j => j.Name, j => plan.File(j.ScriptPath).Content),
        ScheduleInstall = plan.File(Infra.Blueprint.Hosts.ScheduleScripts.InstallPath).Content,
        ScheduleSecrets = [.. plan.Schedules.SelectMany(s => s.Job.Secrets).Select(m => m.Secret).Distinct()],
        ScheduleRegistry = plan.Schedules.Select(s => s.Job.Registry).FirstOrDefault(r => r is not null),
        Leader = plan.Leader,
        SshPrivateKey = sshPrivateKey,
        LeaderHostKey = leaderHostKey,
        SwarmReady = swarmReady,
        StackConfig = stackConfig ?? new Dictionary<string, Output<string>>(),
    };
}
