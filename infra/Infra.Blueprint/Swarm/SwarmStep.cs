using Infra.Blueprint.Platform;

namespace Infra.Blueprint.Swarm;

/// <summary>One rollout step with the Swarm service it creates or updates.</summary>
/// <param name="Step">The step of the plan's rollout (name, kind, what it waits for).</param>
/// <param name="Spec">The service (for a job, its one-shot service, named <see cref="JobSpec.ServiceName"/>).</param>
/// <param name="ConvergeTimeoutSeconds">How long the deployer waits for the service to converge, or the job to complete.</param>
/// <param name="ScriptPath">For a job, the rendered script that runs it (<see cref="JobSpec.ScriptPath"/>); null for a service.</param>
public sealed record SwarmStep(RolloutStep Step, SwarmServiceSpec Spec, int ConvergeTimeoutSeconds, string? ScriptPath);
