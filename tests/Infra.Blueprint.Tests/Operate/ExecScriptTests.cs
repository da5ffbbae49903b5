using Infra.Blueprint.Operate;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Swarm;
using Infra.Contract;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Operate;

public sealed class ExecScriptTests
{
    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public void AnExecTaskRunsTheAppReplicasRecordWithOnlyItsCommandAndInstanceChanged(string stack)
    {
        var plan = Planner.Build(Repository.Stack(stack));
        var app = SwarmServiceSpecs.Service(ExecScript.AppService(plan)).TaskTemplate;
        var job = SwarmServiceSpecs.Job(ExecScript.Job(plan, new ExecRequest(["migrate"], [], 60, "20261201t120000"))).TaskTemplate;

        Assert.Equal(app.ContainerSpec.Image, job.ContainerSpec.Image);
        Assert.Equal(app.ContainerSpec.Secrets, job.ContainerSpec.Secrets);
        Assert.Equal(app.Networks, job.Networks);
        Assert.Equal(app.Placement.Constraints, job.Placement.Constraints);
        Assert.Equal(
            app.ContainerSpec.Env.Where(e => !e.StartsWith(AppContract.Env.Instance + "=", StringComparison.Ordinal)),
            job.ContainerSpec.Env.Where(e => !e.StartsWith(AppContract.Env.Instance + "=", StringComparison.Ordinal)));
        Assert.Equal(["migrate"], job.ContainerSpec.Args);
        Assert.Contains($"{AppContract.Env.Instance}=exec-20261201t120000", job.ContainerSpec.Env);
    }
}
