namespace Infra.Blueprint.Platform;

/// <summary>A Swarm service.</summary>
/// <param name="Name">Service name; also its DNS name on the overlay networks.</param>
/// <param name="Image">Image reference, pinned by digest.</param>
/// <param name="Command">Arguments replacing the image's command; empty keeps the image's.</param>
/// <param name="Environment">Plain environment values (never credentials).</param>
/// <param name="Networks">Networks the service joins.</param>
/// <param name="Secrets">Secrets mounted under <c>/run/secrets/</c>.</param>
/// <param name="Configs">Config files mounted at their target paths.</param>
/// <param name="Volumes">Named volumes mounted.</param>
/// <param name="Ports">Published ports; only the edge publishes any.</param>
/// <param name="Healthcheck">Container healthcheck; gates rollouts.</param>
/// <param name="Update">How a new version replaces the old.</param>
/// <param name="Resources">CPU and memory limits and reservations.</param>
/// <param name="Placement">Placement constraints, e.g. <c>node.labels.infra.db==true</c>.</param>
/// <param name="Global">One task per eligible node instead of <see cref="Replicas"/>.</param>
/// <param name="Replicas">Number of tasks when not global.</param>
/// <param name="StopGraceSeconds">Time between SIGTERM and SIGKILL.</param>
/// <param name="Stateful">Owns data on a volume: never two tasks at once.</param>
/// <param name="After">Services that must be updated (converged) before this one.</param>
/// <param name="HostMounts">Host paths bind-mounted into the task (agents that read the node itself: /proc, the Docker socket); empty for most services.</param>
/// <param name="Hostname">The container's hostname, a Swarm template such as <c>{{.Node.Hostname}}</c>; null keeps Docker's (the container id).</param>
public sealed record ServiceSpec(
    string Name,
    string Image,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> Networks,
    IReadOnlyList<SecretMount> Secrets,
    IReadOnlyList<ConfigMount> Configs,
    IReadOnlyList<VolumeMount> Volumes,
    IReadOnlyList<PortSpec> Ports,
    Healthcheck Healthcheck,
    UpdatePolicy Update,
    Resources Resources,
    IReadOnlyList<string> Placement,
    bool Global,
    int Replicas,
    int StopGraceSeconds,
    bool Stateful,
    IReadOnlyList<string> After,
    IReadOnlyList<HostMount>? HostMounts = null,
    string? Hostname = null);
