using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Platform;

public sealed class RolloutTests
{
    private static readonly ServiceSpec Template = Planner.Build(Repository.Stack("staging")).Service(Layout.RedisService);

    private static ServiceSpec Service(string name, params string[] after) => Template with { Name = name, After = after };

    private static JobSpec Job(string name, string[] gates, params string[] after) =>
        new(name, "image@sha256:0", [], [], new Dictionary<string, string>(), [], [], [], [], 60, gates, after);

    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public void EveryStepWaitsOnlyForEarlierStepsAndEveryServiceAndJobIsInIt(string stack)
    {
        var plan = Planner.Build(Repository.Stack(stack));

        var seen = new HashSet<string>();
        foreach (var step in plan.Rollout)
        {
            Assert.All(step.WaitsFor, w => Assert.True(seen.Contains(w), $"{step.Kind} {step.Name} waits for {w}, which comes later"));
            seen.Add(step.Name);
        }

        Assert.Equal(plan.Services.Select(s => s.Name).Concat(plan.Jobs.Select(j => j.Name)).Order(), plan.Rollout.Select(s => s.Name).Order());
    }

    [Fact]
    public void AJobRunsOnceWhatItNeedsConvergedAndGatesWhatItPrecedes()
    {
        var steps = Rollout.Order(
            [Service("db"), Service("app-1", "db"), Service("app-2", "app-1")],
            [Job("migrate", ["app-1", "app-2"], "db")]);

        Assert.Equal(["db", "migrate", "app-1", "app-2"], steps.Select(s => s.Name));
        Assert.Equal(RolloutStepKind.Job, steps[1].Kind);
        Assert.Equal(["db"], steps[1].WaitsFor);
        Assert.Equal(["db", "migrate"], steps[2].WaitsFor);
        Assert.Equal(["app-1", "migrate"], steps[3].WaitsFor);
    }

    [Fact]
    public void PlanOrderHoldsWhereNothingForcesAnother()
    {
        var steps = Rollout.Order([Service("b", "a"), Service("c"), Service("a")], []);

        Assert.Equal(["c", "a", "b"], steps.Select(s => s.Name));
    }

    [Fact]
    public void ServicesThatWaitForEachOtherAreRefusedByName()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Rollout.Order([Service("a", "b"), Service("b", "a"), Service("c")], []));

        Assert.Contains("service a (after b), service b (after a) wait for each other", error.Message);
    }

    [Fact]
    public void AJobGatingWhatItWaitsForIsACycle()
    {
        var problems = Rollout.Problems([Service("db"), Service("app", "db")], [Job("migrate", ["app"], "app")]);

        Assert.Equal(["service app (after db, migrate), job migrate (after app) wait for each other"], problems);
    }

    [Fact]
    public void WaitsForWhatIsNotPlannedAreEachNamed()
    {
        var problems = Rollout.Problems([Service("app", "pgbouncer", "redis")], [Job("migrate", ["app-9"], "postgres"), Job("app", [])]);

        Assert.Equal(
            [
                "app: planned 2 times",
                "service app: waits for service pgbouncer, which is not planned",
                "service app: waits for service redis, which is not planned",
                "job migrate: waits for service postgres, which is not planned",
                "job migrate: gates service app-9, which is not planned",
            ],
            problems);
    }
}
