namespace Infra.Blueprint.Settings;

/// <summary>Everything one stack (one environment) declares, typed and validated.</summary>
/// <param name="Stack">The Pulumi stack name, e.g. <c>staging</c> or <c>prod</c>.</param>
/// <param name="Production">Whether this stack serves production traffic; turns on the stricter policies (replicas, protected volumes, backups).</param>
/// <param name="Domain">The public host name of the app, e.g. <c>app.example.com</c>.</param>
/// <param name="Cloudflare">The Cloudflare zone the DNS records live in.</param>
/// <param name="Ssh">Defaults for reaching the hosts over SSH.</param>
/// <param name="Hosts">The servers of the stack and their roles.</param>
/// <param name="App">The application service.</param>
/// <param name="Postgres">The database.</param>
/// <param name="Redis">The cache.</param>
/// <param name="Edge">The nginx load balancer.</param>
/// <param name="Monitoring">Prometheus, Alertmanager and Grafana.</param>
/// <param name="Backups">Offsite backups of the data tier.</param>
/// <param name="DockerSource">Where the bootstrap gets Docker Engine from.</param>
public sealed record StackSettings(
    string Stack,
    bool Production,
    string Domain,
    CloudflareSettings Cloudflare,
    SshSettings Ssh,
    IReadOnlyList<HostSettings> Hosts,
    AppSettings App,
    PostgresSettings Postgres,
    RedisSettings Redis,
    EdgeSettings Edge,
    MonitoringSettings Monitoring,
    BackupSettings Backups,
    DockerSource DockerSource)
{
    /// <summary>
    /// The names of the secrets the app owns (<c>infra:app.secrets</c>), each delivered as <c>/run/secrets/…</c> plus a
    /// <c>NAME_FILE</c> variable; their values are <c>infra:app.secret.NAME</c>.
    /// </summary>
    public IReadOnlyList<string> AppSecrets { get; init; } = [];

    /// <summary>The private registry the app's image is pulled from (<see cref="RegistrySettings.None"/> for a public image).</summary>
    public RegistrySettings Registry { get; init; } = RegistrySettings.None;

    /// <summary>
    /// The full keys of every secret this stack needs set (<c>pulumi up</c> refuses to start without one; <c>plan</c>,
    /// offline, lists them as not checked).
    /// </summary>
    public IReadOnlyList<string> RequiredSecrets { get; init; } = [];

    /// <summary>The hosts that carry <paramref name="role"/>, in declaration order.</summary>
    public IReadOnlyList<HostSettings> HostsWith(HostRole role) => Hosts.Where(h => h.Roles.Contains(role)).ToList();
}
