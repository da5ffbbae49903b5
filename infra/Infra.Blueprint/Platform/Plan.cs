using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Platform;

/// <summary>
/// The whole platform of one stack as plain data: what the Pulumi layer declares and what the
/// renderers write, with the <see cref="Platform.Layout"/> it was planned from and its checked <see cref="RolloutStep"/>
/// order. Built by <see cref="Planner"/>; the same settings give an equal plan.
/// </summary>
public sealed record Plan(
    Layout Layout,
    IReadOnlyList<PlannedHost> Hosts,
    IReadOnlyList<NetworkSpec> Networks,
    IReadOnlyList<SecretSpec> Secrets,
    IReadOnlyList<ConfigFileSpec> Configs,
    IReadOnlyList<VolumeSpec> Volumes,
    IReadOnlyList<ServiceSpec> Services,
    IReadOnlyList<DnsRecordSpec> DnsRecords,
    IReadOnlyList<CertificateSpec> Certificates,
    IReadOnlyList<FirewallRule> FirewallRules,
    IReadOnlyList<JobSpec> Jobs,
    IReadOnlyList<BucketSpec> Buckets,
    IReadOnlyList<RolloutStep> Rollout,
    IReadOnlyList<RenderedFile> Files)
{
    /// <summary>Cloudflare zone settings the stack declares (SSL mode, HTTPS, TLS versions, HSTS).</summary>
    public IReadOnlyList<ZoneSettingSpec> ZoneSettings { get; init; } = [];

    /// <summary>The app's scheduled tasks, started by timers on the leader; not part of <see cref="Rollout"/>.</summary>
    public IReadOnlyList<ScheduleSpec> Schedules { get; init; } = [];

    /// <summary>The validated settings of the stack.</summary>
    public StackSettings Settings => Layout.Settings;

    /// <summary>The stack name.</summary>
    public string Stack => Settings.Stack;

    /// <summary>The manager the Docker provider talks to and that initialises the Swarm.</summary>
    public PlannedHost Leader => Hosts.First(h => h.IsLeader);

    /// <summary>The service named <paramref name="name"/>.</summary>
    public ServiceSpec Service(string name) => Services.Single(s => s.Name == name);

    /// <summary>The network named <paramref name="name"/>.</summary>
    public NetworkSpec Network(string name) => Networks.Single(n => n.Name == name);

    /// <summary>The rendered file at <paramref name="path"/>.</summary>
    public RenderedFile File(string path) => Files.Single(f => f.Path == path);
}
