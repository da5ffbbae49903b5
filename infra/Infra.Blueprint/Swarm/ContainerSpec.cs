namespace Infra.Blueprint.Swarm;

/// <summary>The Engine API's <c>ContainerSpec</c>.</summary>
/// <param name="Image">Image reference, pinned by digest.</param>
/// <param name="Command">Replaces the image's entrypoint; empty keeps it.</param>
/// <param name="Args">Replaces the image's command; empty keeps it.</param>
/// <param name="Hostname">The container's hostname (a Swarm template such as <c>{{.Node.Hostname}}</c>); null keeps Docker's.</param>
/// <param name="Env">Plain environment values as <c>NAME=value</c>, sorted; never credentials.</param>
/// <param name="Mounts">Volumes, bind mounts of the node and tmpfs mounts.</param>
/// <param name="StopSignal">The signal that asks the main process to stop; null keeps the image's.</param>
/// <param name="StopGracePeriod">Nanoseconds between the stop signal and SIGKILL.</param>
/// <param name="HealthCheck">The container healthcheck; gates rollouts. <c>["NONE"]</c> disables the image's.</param>
/// <param name="Secrets">Secrets mounted under <c>/run/secrets/</c>.</param>
/// <param name="Configs">Config files mounted at their target paths.</param>
public sealed record ContainerSpec(
    string Image,
    IReadOnlyList<string> Command,
    IReadOnlyList<string> Args,
    string? Hostname,
    IReadOnlyList<string> Env,
    IReadOnlyList<Mount> Mounts,
    string? StopSignal,
    long StopGracePeriod,
    HealthConfig HealthCheck,
    IReadOnlyList<SecretReference> Secrets,
    IReadOnlyList<ConfigReference> Configs);
