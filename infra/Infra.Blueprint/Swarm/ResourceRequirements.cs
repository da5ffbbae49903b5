namespace Infra.Blueprint.Swarm;

/// <summary>The Engine API's <c>ResourceRequirements</c>.</summary>
/// <param name="Limits">What a task may use at most.</param>
/// <param name="Reservations">What the scheduler reserves on the node.</param>
public sealed record ResourceRequirements(Limit Limits, Limit Reservations);
