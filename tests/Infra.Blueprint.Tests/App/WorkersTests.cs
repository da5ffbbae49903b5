using Infra.Blueprint.Platform;
using Infra.Contract;

namespace Infra.Blueprint.Tests.App;

public sealed class WorkersTests
{
    [Fact]
    public void AWorkerIsTheAppImageWithItsCommandReplicasAndStopGraceAndNoEdge()
    {
        var plan = Plans.Of("prod");

        var worker = plan.Service("worker-queue");

        Assert.Equal(plan.Settings.App.Image.ToString(), worker.Image);
        Assert.Equal([AppContract.Commands.Worker], worker.Command);
        Assert.Equal((2, 30), (worker.Replicas, worker.StopGraceSeconds));
        Assert.Equal([Layout.BackendNetwork], worker.Networks);
        Assert.Empty(worker.Ports);
        Assert.All(plan.Layout.EdgeServices.Values, edge => Assert.DoesNotContain("worker-queue", plan.Service(edge).After));
    }

    [Fact]
    public void AWorkerHasTheAppsSecretsEnvironmentAndPlacement()
    {
        var plan = Plans.Of("prod");
        var web = plan.Service("app-1");

        var worker = plan.Service("worker-queue");

        Assert.Equal(web.Secrets, worker.Secrets);
        Assert.Equal(web.Configs, worker.Configs);
        Assert.Equal(web.Placement, worker.Placement);
        Assert.Equal(web.Resources, worker.Resources);
        Assert.Equal(
            web.Environment.Where(e => e.Key != AppContract.Env.Instance),
            worker.Environment.Where(e => e.Key != AppContract.Env.Instance));
        Assert.Equal("worker-queue", worker.Environment[AppContract.Env.Instance]);
    }

    [Fact]
    public void AWorkerRollsOutOnlyAfterTheMigrateJobAndIsProbedForLivenessNotReadiness()
    {
        var plan = Plans.Of("staging");

        var step = plan.Rollout.Single(s => s.Name == "worker-queue");

        Assert.Contains(Layout.MigrateJob, step.WaitsFor);
        Assert.True(
            plan.Rollout.ToList().FindIndex(s => s.Name == Layout.MigrateJob) < plan.Rollout.ToList().FindIndex(s => s.Name == "worker-queue"),
            "worker-queue rolls out before the migrate job ran");
        Assert.Contains(AppContract.Paths.Live, plan.Service("worker-queue").Healthcheck.Test);
    }

    [Fact]
    public void AStackWithoutWorkersPlansNone()
    {
        var plan = Plans.Of("staging", "app.workers", "[]");

        Assert.DoesNotContain(plan.Services, s => s.Name.StartsWith("worker-", StringComparison.Ordinal));
        Assert.Equal(plan.Layout.AppReplicas, plan.Jobs.Single(j => j.Name == Layout.MigrateJob).Gates);
    }
}
