using Infra.Blueprint.Platform;

namespace Infra.Blueprint.Swarm;

/// <summary>The Swarm records as files for review: one JSON file per service and job, plus the rollout order.</summary>
public static class SwarmFiles
{
    /// <summary>Where the rollout order is written.</summary>
    public const string RolloutPath = "services/rollout.json";

    /// <summary>Where the record of the step named <paramref name="name"/> is written.</summary>
    public static string PathOf(string name) => $"services/{name}.json";

    /// <summary>The files of <paramref name="deployment"/>.</summary>
    public static IReadOnlyList<RenderedFile> Render(SwarmDeployment deployment) =>
    [
        .. deployment.Steps.Select(s => new RenderedFile(PathOf(s.Step.Name), SwarmJson.Serialize(s.Spec))),
        new RenderedFile(RolloutPath, SwarmJson.Serialize(new
        {
            Steps = deployment.Steps.Select(s => new
            {
                s.Step.Name,
                s.Step.Kind,
                Service = s.Spec.Name,
                s.Step.WaitsFor,
                s.ConvergeTimeoutSeconds,
                s.ScriptPath,
            }),
            deployment.Warnings,
        })),
    ];
}
