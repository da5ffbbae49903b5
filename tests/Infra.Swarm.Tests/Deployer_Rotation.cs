using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Swarm;

namespace Infra.Swarm.Tests;

/// <summary>A new value for one secret, applied as <c>pulumi up</c> applies it.</summary>
public sealed partial class Deployer
{
    /// <summary>
    /// Rotates the secret <paramref name="name"/> (symbolic) to <paramref name="value"/> as the Pulumi layer does: a new
    /// Swarm secret beside the old one (the provider auto-names it, here a random suffix as Pulumi's), then every step
    /// that mounts it redeployed from this deployer's record (the plan's, or a release's: <see cref="WithRelease"/>) — a
    /// service updated and converged, a job run again (its triggers carry the secrets' names) — each only once the steps
    /// it waits for are done, as the components' <c>DependsOn</c> orders them, steps with nothing between them at once;
    /// then the old secret removed, which Swarm allows once no service refers to it. Returns the old and the new Swarm
    /// secret.
    /// </summary>
    public async Task<(string OldId, string NewId)> Rotate(string name, string value)
    {
        var (oldId, _) = secrets[name];
        var swarmName = $"{SwarmName(name)}-{RandomNumberGenerator.GetHexString(7, lowercase: true)}";
        var newId = (string)(await leader.Api.Post("secrets/create", new JsonObject
        {
            ["Name"] = swarmName,
            ["Data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)),
        }))!["ID"]!;
        secrets[name] = (newId, swarmName);

        // Decided before anything runs: the steps below update `current` and `Timeline` concurrently.
        var affected = deployment.Steps.Where(s => Mounts(s, name)).Select(s => s.Step.Name).ToHashSet();
        // Every step, so a redeployed step still waits for one that mounts no such secret but waits for one that does.
        await InRolloutOrder(deployment.Steps, step => affected.Contains(step.Step.Name) ? Redeploy(step) : Task.CompletedTask);
        await leader.Api.Delete($"secrets/{oldId}");
        return (oldId, newId);
    }

    /// <summary>The Swarm secrets that exist now, id → name.</summary>
    public async Task<Dictionary<string, string>> SwarmSecrets() =>
        (await leader.Api.Get("secrets")).AsArray().ToDictionary(s => (string)s!["ID"]!, s => (string)s!["Spec"]!["Name"]!);

    private bool Mounts(SwarmStep step, string secret) => step.Step.Kind == RolloutStepKind.Job
        ? Timeline.ContainsKey(step.Step.Name) && plan.Jobs.Single(j => j.Name == step.Step.Name).Secrets.Any(m => m.Secret == secret)
        : current.ContainsKey(step.Spec.Name) && step.Spec.TaskTemplate.ContainerSpec.Secrets.Any(s => s.SecretName == secret);

    private async Task Redeploy(SwarmStep step)
    {
        if (step.Step.Kind == RolloutStepKind.Job)
        {
            RunJob(step);
        }
        else
        {
            await Update(step.Spec);
            await WaitConverged(step.Spec.Name, Placement.Tasks(plan, step.Spec), step.ConvergeTimeoutSeconds);
        }

        // Not recorded in Timeline: it stays the first rollout's, which ConvergenceTests reads whichever test runs first.
    }

    // The secrets a task spec (a service's TaskTemplate, or a task's Spec) mounts, by id, in a comparable form.
    private static string SecretIds(JsonNode taskSpec) =>
        string.Join(',', (taskSpec["ContainerSpec"]?["Secrets"]?.AsArray() ?? []).Select(s => (string?)s!["SecretID"]).Order(StringComparer.Ordinal));
}
