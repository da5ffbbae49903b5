namespace Infra.Blueprint.Settings;

/// <summary>The application service.</summary>
/// <param name="Image">Image reference pinned by digest: <c>registry/name:tag@sha256:…</c>.</param>
/// <param name="Replicas">Number of replicas, each its own Swarm service (<c>app-1</c> … <c>app-N</c>).</param>
/// <param name="Port">Port the app listens on inside the container.</param>
/// <param name="HealthPath">Path probed by the Swarm healthcheck (gates rollouts, restarts a replica): 200 once the process has been ready, whatever its dependencies do after.</param>
/// <param name="ReadyPath">Readiness path probed by monitoring (<c>AppReplicaNotReady</c>): 503 while a dependency is down or the replica drains.</param>
/// <param name="Healthcheck">Docker healthcheck test run inside the container; <c>{path}</c> and <c>{port}</c> are filled in.</param>
/// <param name="Environment">Extra environment variables, <c>NAME=value</c>; never credentials.</param>
/// <param name="Cpus">CPU limit per replica.</param>
/// <param name="MemoryMb">Memory limit per replica in MiB.</param>
/// <param name="DrainSeconds">Seconds a replica keeps serving after SIGTERM.</param>
/// <param name="CorsOrigins">Origins allowed by CORS.</param>
/// <param name="ProbePath">A path of the app that answers 200 only when it can read its database; <c>verify</c> checks and loads it through the edge, which keeps the health paths internal.</param>
/// <param name="PromoteFrom">The stack (<c>org/project/stack</c>) whose running image is the only one this stack may run; empty for none.</param>
public sealed record AppSettings(
    ImageReference Image,
    int Replicas,
    int Port,
    string HealthPath,
    string ReadyPath,
    IReadOnlyList<string> Healthcheck,
    IReadOnlyDictionary<string, string> Environment,
    decimal Cpus,
    int MemoryMb,
    int DrainSeconds,
    IReadOnlyList<string> CorsOrigins,
    string PromoteFrom,
    string ProbePath)
{
    /// <summary>The worker process types (<c>infra:app.workers</c>), in declaration order; none by default.</summary>
    public IReadOnlyList<WorkerSettings> Workers { get; init; } = [];

    /// <summary>The scheduled tasks (<c>infra:app.schedules</c>), in declaration order; none by default.</summary>
    public IReadOnlyList<ScheduleSettings> Schedules { get; init; } = [];
}
