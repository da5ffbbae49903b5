using System.Text.Json;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Swarm;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Swarm;

public sealed class SwarmServiceSpecsTests
{
    public static TheoryData<string> Stacks => [.. Repository.Stacks];


    [Fact]
    public void AMemoryLimitPastInt32IsLeftUnsetAndThePlanSaysSo()
    {
        // Staging's db host has 4096 MiB: Postgres's budget is 2048 MiB = 2^31 bytes, one past Int32.
        var plan = Plans.Of("staging");
        var deployment = SwarmServiceSpecs.For(plan);

        Assert.Null(deployment.Step(Layout.PostgresService).Spec.TaskTemplate.Resources.Limits.MemoryBytes);
        Assert.Contains(deployment.Warnings, w => w.StartsWith("service postgres: memory limit 2048 MiB", StringComparison.Ordinal) && w.Contains(SwarmServiceSpecs.Int32Issue, StringComparison.Ordinal));
        Assert.All(plan.Services.Where(s => s.Resources.LimitMemoryMb * SwarmServiceSpecs.MiB <= int.MaxValue), s =>
            Assert.Equal(s.Resources.LimitMemoryMb * SwarmServiceSpecs.MiB, deployment.Step(s.Name).Spec.TaskTemplate.Resources.Limits.MemoryBytes));
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void EveryStepWaitsOnlyForEarlierSteps(string stack)
    {
        var steps = SwarmServiceSpecs.For(Plans.Of(stack)).Steps;

        for (var i = 0; i < steps.Count; i++)
        {
            var earlier = steps.Take(i).Select(s => s.Step.Name).ToHashSet();
            Assert.All(steps[i].Step.WaitsFor, w => Assert.True(earlier.Contains(w), $"{stack}: step {steps[i].Step.Name} waits for {w}, which is not an earlier step"));
        }

        Assert.Equal(Plans.Of(stack).Services.Count + Plans.Of(stack).Jobs.Count, steps.Count);
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void JobsRunOnceWithoutTheImageHealthcheck(string stack)
    {
        var jobs = SwarmServiceSpecs.For(Plans.Of(stack)).Steps.Where(s => s.Step.Kind == RolloutStepKind.Job).ToList();

        Assert.NotEmpty(jobs);
        Assert.All(jobs, j =>
        {
            Assert.Equal(["NONE"], j.Spec.TaskTemplate.ContainerSpec.HealthCheck.Test);
            Assert.Equal("none", j.Spec.TaskTemplate.RestartPolicy.Condition);
            // One replica, not a replicated-job: Swarm removes a removed service's task containers on every node.
            Assert.Equal(new ServiceMode(Replicated: new ReplicatedMode(1)), j.Spec.Mode);
        });
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void TheJsonIsTheEngineApiShape(string stack)
    {
        var plan = Plans.Of(stack);
        var step = SwarmServiceSpecs.For(plan).Step(plan.Layout.AppReplicas[0]);

        using var json = JsonDocument.Parse(SwarmJson.Serialize(step.Spec));
        var container = json.RootElement.GetProperty("TaskTemplate").GetProperty("ContainerSpec");

        Assert.Equal(step.Spec.TaskTemplate.ContainerSpec.Image, container.GetProperty("Image").GetString());
        Assert.Equal(JsonValueKind.Number, container.GetProperty("HealthCheck").GetProperty("Interval").ValueKind);
        Assert.Equal(0b100_100_100, container.GetProperty("Secrets")[0].GetProperty("File").GetProperty("Mode").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("Mode").GetProperty("Replicated").GetProperty("Replicas").GetInt32());
        Assert.False(json.RootElement.GetProperty("Mode").TryGetProperty("Global", out _), "unset modes must be left out: the Engine API refuses two");
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void SecretFilesAreOwnerOnlyUnlessTheAppImageReadsThem(string stack)
    {
        // The gid used to be the uid, with 0440: any group that shared the owner's number could read the file.
        var plan = Plans.Of(stack);
        var appImage = plan.Layout.AppReplicas.Concat(plan.Layout.Workers).Append(Layout.MigrateJob).ToHashSet();
        foreach (var step in SwarmServiceSpecs.For(plan).Steps)
        {
            foreach (var secret in step.Spec.TaskTemplate.ContainerSpec.Secrets)
            {
                var file = secret.File;
                var planned = appImage.Contains(step.Step.Name)
                    ? (Uid: "0", Gid: "0", Mode: 0b100_100_100) // the platform does not know the image's user (App.Secret)
                    : (Uid: file.UID, Gid: "0", Mode: SecretMount.OwnerOnly);
                Assert.True((file.UID, file.GID, file.Mode) == planned,
                    $"{stack}: {step.Step.Name} mounts {secret.SecretName} as uid {file.UID} gid {file.GID} mode {Convert.ToString(file.Mode, 8)}; planned gid {planned.Gid} mode {Convert.ToString(planned.Mode, 8)}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void PostgresGetsASharedMemoryTmpfsPastDockersDefault(string stack)
    {
        var mounts = SwarmServiceSpecs.For(Plans.Of(stack)).Step(Layout.PostgresService).Spec.TaskTemplate.ContainerSpec.Mounts;

        var shm = Assert.Single(mounts, m => m.Target == "/dev/shm");
        Assert.Equal("tmpfs", shm.Type);
        Assert.True(shm.TmpfsOptions!.SizeBytes > 64 * SwarmServiceSpecs.MiB, $"{stack}: /dev/shm of {shm.TmpfsOptions.SizeBytes} bytes is no more than Docker's 64 MiB default");
        Assert.True(shm.TmpfsOptions.SizeBytes <= int.MaxValue, $"{stack}: /dev/shm of {shm.TmpfsOptions.SizeBytes} bytes does not fit Pulumi.Docker's 32-bit field");
        Assert.Equal(0b1_111_111_111, shm.TmpfsOptions.Mode);
    }
}
