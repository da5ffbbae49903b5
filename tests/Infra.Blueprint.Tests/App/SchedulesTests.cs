using Infra.Blueprint.Backups;
using Infra.Blueprint.Hosts;
using Infra.Blueprint.Platform;
using Infra.Contract;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.App;

public sealed class SchedulesTests
{
    [Fact]
    public void AScheduledTaskRunsTheAppImageWithItsCommandSecretsAndTimeoutAndGatesNothing()
    {
        var plan = Plans.Of("prod");

        var cleanup = plan.Schedules.Single(s => s.Name == "cleanup");

        Assert.Equal(plan.Settings.App.Image.ToString(), cleanup.Job.Image);
        Assert.Equal([AppContract.Commands.Cleanup], cleanup.Job.Command);
        Assert.Equal(600, cleanup.Job.TimeoutSeconds);
        Assert.Equal(plan.Service("app-1").Secrets, cleanup.Job.Secrets);
        Assert.Equal(plan.Service("app-1").Placement, cleanup.Job.Placement);
        Assert.Empty(cleanup.Job.Gates);
        Assert.DoesNotContain(plan.Rollout, s => s.Name == cleanup.Job.Name);
        Assert.DoesNotContain(plan.Jobs, j => j.Name == cleanup.Job.Name);
    }

    [Fact]
    public void EveryScheduledTaskShipsItsRunnerJobAndUnitsAndTheInstallerNamesThem()
    {
        var plan = Plans.Of("staging");
        var install = plan.File(ScheduleScripts.InstallPath).Content;

        foreach (var schedule in plan.Schedules)
        {
            Assert.Equal(JobScript.Render(schedule.Job), plan.File(schedule.JobScriptPath).Content);
            Assert.Contains($"ExecStart=/bin/bash {schedule.InstalledScript}\n", plan.File(schedule.ServiceUnitPath).Content);
            Assert.Contains($"EnvironmentFile={schedule.EnvironmentFile}\n", plan.File(schedule.ServiceUnitPath).Content);
            Assert.Contains(schedule.InstalledJobScript, plan.File(schedule.ScriptPath).Content);
            Assert.Contains($"systemctl enable --now {schedule.UnitName}.timer", install);
        }
    }

    [Fact]
    public void ATaskOfAPrivateImageGetsTheRegistryTokenInItsRootOnlyEnvironmentFile()
    {
        var plan = Planner.Build(Repository.Stack("staging").With("registry.server", "ghcr.io").With("registry.user", "acme-bot"));
        var install = plan.File(ScheduleScripts.InstallPath).Content;
        var token = RegistryLogin.TokenVariable;

        Assert.Contains($": \"${{{token}:?set {token} to the token of infra:registry.token}}\"\n", install, StringComparison.Ordinal);
        foreach (var schedule in plan.Schedules)
        {
            var header = $"put_file {schedule.EnvironmentFile} 0600 <<ENV || true\n";
            var start = install.IndexOf(header, StringComparison.Ordinal);
            Assert.True(start >= 0, $"the installer writes no environment file for {schedule.Name}");
            var block = install[(start + header.Length)..];
            Assert.Contains($"{token}=${token}\n", block[..(block.IndexOf("\nENV\n", StringComparison.Ordinal) + 1)], StringComparison.Ordinal);
        }

        Assert.DoesNotContain(token, Plans.Of("staging").File(ScheduleScripts.InstallPath).Content, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutSchedulesTheInstallerStillRunsToRemoveOldTimers()
    {
        var plan = Plans.Of("staging", "app.schedules", "[]");

        Assert.Empty(plan.Schedules);
        Assert.Contains("systemctl disable --now \"$timer\"", plan.File(ScheduleScripts.InstallPath).Content);
    }

    [Fact]
    public void WithBackupsOffTheLeadersExporterStillReadsTheRunnersMetrics()
    {
        var plan = Plans.Of("staging", "backups.enabled", "false");

        Assert.Contains(plan.Service(Layout.NodeExporterService).Volumes, v => v.Volume == BackupMetrics.TextfileVolume);
        Assert.Contains(plan.Volumes, v => v.Name == BackupMetrics.TextfileVolume && v.PerNode);
    }
}
