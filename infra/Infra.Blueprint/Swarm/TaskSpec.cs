namespace Infra.Blueprint.Swarm;

/// <summary>The Engine API's <c>TaskSpec</c>: the container, its resources, restarts, placement and networks.</summary>
/// <param name="ContainerSpec">The container each task runs.</param>
/// <param name="Resources">CPU and memory limits and reservations, as the Pulumi layer can declare them.</param>
/// <param name="RestartPolicy">When Swarm restarts a task's container.</param>
/// <param name="Placement">Where tasks may run.</param>
/// <param name="Networks">Networks the tasks join, by the plan's network name.</param>
public sealed record TaskSpec(
    ContainerSpec ContainerSpec,
    ResourceRequirements Resources,
    RestartPolicy RestartPolicy,
    Placement Placement,
    IReadOnlyList<NetworkAttachmentConfig> Networks);
