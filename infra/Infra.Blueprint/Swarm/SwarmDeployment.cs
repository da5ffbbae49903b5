namespace Infra.Blueprint.Swarm;

/// <summary>The plan as Swarm services, in rollout order, and what the mapping had to leave out.</summary>
/// <param name="Steps">Every service and job, in the order they are deployed.</param>
/// <param name="Warnings">Settings the Pulumi layer cannot declare (limits past Pulumi.Docker's 32-bit fields), one line each.</param>
public sealed record SwarmDeployment(IReadOnlyList<SwarmStep> Steps, IReadOnlyList<string> Warnings)
{
    /// <summary>The step named <paramref name="name"/> (a service's or job's plan name).</summary>
    public SwarmStep Step(string name) => Steps.Single(s => s.Step.Name == name);
}
