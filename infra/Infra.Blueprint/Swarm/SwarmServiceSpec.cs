namespace Infra.Blueprint.Swarm;

/// <summary>
/// One Swarm service as Docker Engine API's <c>ServiceSpec</c> (<c>POST /services/create</c>), field for field: what the
/// Pulumi layer copies into <c>Pulumi.Docker</c> args, what <c>plan</c> writes for review and what the real-Swarm tier
/// deploys. Names of secrets, configs and networks are the plan's symbolic names; whoever deploys resolves them to
/// the Swarm objects it created (the Engine API's <c>SecretID</c>, <c>ConfigID</c>, network id).
/// Durations are nanoseconds and sizes bytes, as in the Engine API.
/// </summary>
/// <param name="Name">Service name; also its DNS name on the overlay networks.</param>
/// <param name="TaskTemplate">What each task runs.</param>
/// <param name="Mode">Replicated or global (a job: one replica, never restarted).</param>
/// <param name="UpdateConfig">How a new version replaces the old; null for a job.</param>
/// <param name="RollbackConfig">How Swarm rolls back a failed update; null for a job.</param>
/// <param name="EndpointSpec">Published ports and the endpoint mode.</param>
public sealed record SwarmServiceSpec(
    string Name,
    TaskSpec TaskTemplate,
    ServiceMode Mode,
    UpdateConfig? UpdateConfig,
    UpdateConfig? RollbackConfig,
    EndpointSpec EndpointSpec);
