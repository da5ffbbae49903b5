using Infra.Blueprint.Platform;
using Xunit.Abstractions;

namespace Infra.Swarm.Tests;

/// <summary>The staging plan converges on a real Swarm, in rollout order.</summary>
[Collection(SwarmCollection.Name)]
public sealed class ConvergenceTests(SwarmFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task EveryDeployedServiceRunsHealthyTasksOfItsOwnRecord()
    {
        foreach (var step in fixture.Deployment.Steps.Where(s => s.Step.Kind == RolloutStepKind.Service && !fixture.NotDeployed.Contains(s.Step.Name)))
        {
            var service = await fixture.Node.Api.Get($"services/{step.Spec.Name}");
            // What the Swarm holds is the record: the environment and the image (an empty list comes back absent).
            var held = service["Spec"]!["TaskTemplate"]!["ContainerSpec"]!;
            var env = held["Env"]?.AsArray().Select(e => (string)e!).ToList() ?? [];
            // Against the record it last received: a rollout test may have released another version of it before.
            var record = fixture.Deployer.Current[step.Spec.Name];
            Assert.True(env.SequenceEqual(record.TaskTemplate.ContainerSpec.Env), $"service {step.Spec.Name}: the Swarm holds another environment than its record");
            // The stand-in of the record's image (a later test may have released another digest of it, from the node's
            // own registry rather than the run's: the repository is compared, not the registry host).
            var standIn = RepositoryOf(fixture.Deployer.ImageMap[step.Spec.TaskTemplate.ContainerSpec.Image]);
            Assert.True(RepositoryOf((string?)held["Image"] ?? "") == standIn, $"service {step.Spec.Name}: the Swarm holds {held["Image"]}, not a digest of the stand-in {standIn}");
            var container = await fixture.Container(step.Spec.Name);
            var health = fixture.Node.Exec(["docker", "inspect", "--format", "{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}", container]).Stdout.Trim();
            Assert.True(health == "healthy", $"service {step.Spec.Name}: its container is '{health}', not healthy");
        }
    }

    [Fact]
    public void EveryStepStartedOnlyAfterWhatItWaitsForWasDone()
    {
        var timeline = fixture.Deployer.Timeline;
        foreach (var step in fixture.Deployment.Steps.Where(s => timeline.ContainsKey(s.Step.Name)))
        {
            foreach (var before in step.Step.WaitsFor.Where(timeline.ContainsKey))
            {
                Assert.True(timeline[before].Done <= timeline[step.Step.Name].Started,
                    $"{step.Step.Name} started at {timeline[step.Step.Name].Started:O}, before {before} was done at {timeline[before].Done:O}");
            }
        }

        Assert.True(timeline.ContainsKey(Layout.MigrateJob), "the migrate job did not run");
        Assert.True(timeline[Layout.MigrateJob].Done <= timeline[fixture.Plan.Layout.AppReplicas[0]].Started, "app-1 started before the migrate job completed");
    }

    [Fact]
    public void EveryServiceConvergedWithinItsBound()
    {
        output.WriteLine($"setup: {string.Join(", ", fixture.Phases.Select(p => $"{p.Phase} at {p.Took.TotalSeconds:F0} s"))}; not deployed: {string.Join(", ", fixture.NotDeployed)}");
        foreach (var (name, (started, done)) in fixture.Deployer.Timeline)
        {
            output.WriteLine($"{name}: {(done - started).TotalSeconds:F1} s");
            var bound = fixture.Deployment.Step(name).ConvergeTimeoutSeconds;
            Assert.True((done - started).TotalSeconds <= bound, $"{name} took {(done - started).TotalSeconds:F0} s, past its {bound} s bound");
        }
    }

    // registry/repository@digest → repository.
    private static string RepositoryOf(string image) =>
        image[(image.IndexOf('/', StringComparison.Ordinal) + 1)..(image.Contains('@', StringComparison.Ordinal) ? image.IndexOf('@', StringComparison.Ordinal) : image.Length)];
}
