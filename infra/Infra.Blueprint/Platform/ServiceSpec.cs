namespace Infra.Blueprint.Platform;

/// <summary>A Swarm service. What most services leave out has a default: no command, environment, mounts or ports, one replica.</summary>
public sealed record ServiceSpec
{
    /// <summary>Service name; also its DNS name on the overlay networks.</summary>
    public required string Name { get; init; }

    /// <summary>Image reference, pinned by digest.</summary>
    public required string Image { get; init; }

    /// <summary>Replaces the image's entrypoint (a service that runs a rendered script in a pinned image); empty keeps the image's.</summary>
    public IReadOnlyList<string> Entrypoint { get; init; } = [];

    /// <summary>Arguments replacing the image's command; empty keeps the image's.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Plain environment values (never credentials).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Networks the service joins.</summary>
    public required IReadOnlyList<string> Networks { get; init; }

    /// <summary>Secrets mounted under <c>/run/secrets/</c>.</summary>
    public IReadOnlyList<SecretMount> Secrets { get; init; } = [];

    /// <summary>Config files mounted at their target paths.</summary>
    public IReadOnlyList<ConfigMount> Configs { get; init; } = [];

    /// <summary>Named volumes mounted.</summary>
    public IReadOnlyList<VolumeMount> Volumes { get; init; } = [];

    /// <summary>Published ports; only the edge publishes any.</summary>
    public IReadOnlyList<PortSpec> Ports { get; init; } = [];

    /// <summary>Container healthcheck; gates rollouts.</summary>
    public required Healthcheck Healthcheck { get; init; }

    /// <summary>How a new version replaces the old.</summary>
    public required UpdatePolicy Update { get; init; }

    /// <summary>CPU and memory limits and reservations.</summary>
    public required Resources Resources { get; init; }

    /// <summary>Placement constraints, e.g. <c>node.labels.infra.db==true</c>; empty runs anywhere.</summary>
    public IReadOnlyList<string> Placement { get; init; } = [];

    /// <summary>One task per eligible node instead of <see cref="Replicas"/>.</summary>
    public bool Global { get; init; }

    /// <summary>Number of tasks when not global (0 for a global service).</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>Time between the stop signal and SIGKILL.</summary>
    public required int StopGraceSeconds { get; init; }

    /// <summary>The signal that stops the task (the edge's nginx: SIGQUIT, its graceful stop); null keeps the image's (SIGTERM for most).</summary>
    public string? StopSignal { get; init; }

    /// <summary>Owns data on a volume: never two tasks at once.</summary>
    public bool Stateful { get; init; }

    /// <summary>Services that must be updated (converged) before this one.</summary>
    public IReadOnlyList<string> After { get; init; } = [];

    /// <summary>Host paths bind-mounted into the task (agents that read the node itself: /proc, the Docker socket); empty for most services.</summary>
    public IReadOnlyList<HostMount> HostMounts { get; init; } = [];

    /// <summary>tmpfs mounts (Postgres's <c>/dev/shm</c>); empty for most services.</summary>
    public IReadOnlyList<TmpfsMount> Tmpfs { get; init; } = [];

    /// <summary>The container's hostname, a Swarm template such as <c>{{.Node.Hostname}}</c>; null keeps Docker's (the container id).</summary>
    public string? Hostname { get; init; }

    /// <summary>The registry login its image is pulled with; null for a public image.</summary>
    public RegistryLogin? Registry { get; init; }
}
