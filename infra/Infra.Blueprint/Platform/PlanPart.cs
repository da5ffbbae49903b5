namespace Infra.Blueprint.Platform;

/// <summary>
/// What one noun of the platform (Postgres, the app, Grafana, …) contributes to the <see cref="Plan"/>. Each part is
/// planned from the <see cref="Layout"/> alone, without seeing the others; <see cref="Planner.Build(Settings.StackSettings)"/>
/// merges the parts in a fixed order.
/// </summary>
public sealed record PlanPart
{
    /// <summary>Hosts of the stack (only the hosts part has any).</summary>
    public IReadOnlyList<PlannedHost> Hosts { get; init; } = [];

    /// <summary>Overlay networks.</summary>
    public IReadOnlyList<NetworkSpec> Networks { get; init; } = [];

    /// <summary>Swarm secrets.</summary>
    public IReadOnlyList<SecretSpec> Secrets { get; init; } = [];

    /// <summary>Swarm configs (rendered files).</summary>
    public IReadOnlyList<ConfigFileSpec> Configs { get; init; } = [];

    /// <summary>Named volumes.</summary>
    public IReadOnlyList<VolumeSpec> Volumes { get; init; } = [];

    /// <summary>Swarm services.</summary>
    public IReadOnlyList<ServiceSpec> Services { get; init; } = [];

    /// <summary>One-off jobs that gate services.</summary>
    public IReadOnlyList<JobSpec> Jobs { get; init; } = [];

    /// <summary>Certificates.</summary>
    public IReadOnlyList<CertificateSpec> Certificates { get; init; } = [];

    /// <summary>Object storage buckets.</summary>
    public IReadOnlyList<BucketSpec> Buckets { get; init; } = [];

    /// <summary>DNS records.</summary>
    public IReadOnlyList<DnsRecordSpec> DnsRecords { get; init; } = [];

    /// <summary>Host firewall rules.</summary>
    public IReadOnlyList<FirewallRule> FirewallRules { get; init; } = [];

    /// <summary>A part that contributes nothing (a noun the stack switched off).</summary>
    public static PlanPart None { get; } = new();

    /// <summary>The parts concatenated kind by kind, in the order given.</summary>
    public static PlanPart Merge(IReadOnlyList<PlanPart> parts) => new()
    {
        Hosts = [.. parts.SelectMany(p => p.Hosts)],
        Networks = [.. parts.SelectMany(p => p.Networks)],
        Secrets = [.. parts.SelectMany(p => p.Secrets)],
        Configs = [.. parts.SelectMany(p => p.Configs)],
        Volumes = [.. parts.SelectMany(p => p.Volumes)],
        Services = [.. parts.SelectMany(p => p.Services)],
        Jobs = [.. parts.SelectMany(p => p.Jobs)],
        Certificates = [.. parts.SelectMany(p => p.Certificates)],
        Buckets = [.. parts.SelectMany(p => p.Buckets)],
        DnsRecords = [.. parts.SelectMany(p => p.DnsRecords)],
        FirewallRules = [.. parts.SelectMany(p => p.FirewallRules)],
    };
}
