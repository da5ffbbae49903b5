using System.Diagnostics;
using Infra.Blueprint.Hosts;
using Infra.Blueprint.Monitoring;
using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Rendered.Tests.Hosts;

/// <summary>
/// The scheduled tasks' rendered runner run by bash with a stand-in job script (the job script itself is the migrate
/// job's, proven on a real Swarm), and their timers read by systemd's own calendar parser.
/// </summary>
public sealed class ScheduleScriptsTests
{
    private static readonly Plan Staging = Planner.Build(Repository.Stack("staging"));
    private static readonly ScheduleSpec Cleanup = Staging.Schedules.Single();

    [Fact]
    public void ARunRecordsItsOutcomeAndAFailedRunKeepsTheLastSuccess()
    {
        using var dir = new TempDirectory("schedule-runner");
        var promtool = Tools.Require("promtool", "prometheus");

        var ok = Run(dir, jobExit: 0);
        var afterSuccess = Metrics(dir);
        var failed = Run(dir, jobExit: 7);
        var afterFailure = Metrics(dir);

        Assert.True(ok.ExitCode == 0, $"{Cleanup.ScriptPath}: a completed run exited {ok.ExitCode}:\n{ok.Output}");
        Assert.Equal("1", afterSuccess[ScheduleMetrics.LastStatus]);
        Assert.True(long.Parse(afterSuccess[ScheduleMetrics.LastSuccessTimestamp]) > 1_700_000_000, $"{Cleanup.ScriptPath}: no success time after a completed run");
        Assert.Equal(7, failed.ExitCode);
        Assert.Equal("0", afterFailure[ScheduleMetrics.LastStatus]);
        Assert.Equal(afterSuccess[ScheduleMetrics.LastSuccessTimestamp], afterFailure[ScheduleMetrics.LastSuccessTimestamp]);
        var check = Tools.Run("bash", ["-c", $"{promtool} check metrics < {dir.File("metrics/" + ScheduleMetrics.FileOf(Cleanup.Name))}"]);
        Assert.True(check.ExitCode == 0, $"promtool rejects the runner's text file:\n{check.Output}");
    }

    [Fact]
    public void ARunWhileAnotherHoldsTheLockIsSkippedAndRecordsNothing()
    {
        using var dir = new TempDirectory("schedule-lock");
        using var holder = Process.Start("flock", [dir.File("lock"), "sleep", "30"]);
        try
        {
            WaitUntil(() => Tools.Run("flock", ["-n", dir.File("lock"), "true"]).ExitCode != 0);

            var skipped = Run(dir, jobExit: 0);

            Assert.True(skipped.ExitCode == 0, $"{Cleanup.ScriptPath}: a skipped run exited {skipped.ExitCode}:\n{skipped.Output}");
            Assert.False(File.Exists(dir.File("job-ran")), $"{Cleanup.ScriptPath}: the job ran beside a run that held the lock");
            Assert.False(Directory.Exists(dir.File("metrics")), $"{Cleanup.ScriptPath}: a skipped run wrote metrics");
        }
        finally
        {
            holder.Kill();
            holder.WaitForExit();
        }
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public void SystemdAcceptsEveryTimerSchedule(string stack)
    {
        var analyze = Tools.Require("systemd-analyze", "systemd");
        var plan = Planner.Build(Repository.Stack(stack));
        Assert.NotEmpty(plan.Schedules);

        foreach (var schedule in plan.Schedules)
        {
            var timer = plan.File(schedule.TimerUnitPath).Content;
            Assert.Contains($"OnCalendar={schedule.Schedule.OnCalendar}\n", timer);
            var result = Tools.Run(analyze, ["calendar", "--iterations=2", schedule.Schedule.OnCalendar]);
            Assert.True(result.ExitCode == 0, $"{schedule.TimerUnitPath}: systemd rejects OnCalendar={schedule.Schedule.OnCalendar}:\n{result.Output}");
        }
    }

    [Fact]
    public void TheInstallerIsValidBashAndInstallsEveryTasksFiles()
    {
        using var dir = new TempDirectory("schedule-install");
        var script = dir.Write("install.sh", Staging.File(ScheduleScripts.InstallPath).Content);

        var result = Tools.Run("bash", ["-n", script]);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.All([Cleanup.InstalledScript, Cleanup.InstalledJobScript, Cleanup.EnvironmentFile, $"/etc/systemd/system/{Cleanup.UnitName}.timer"],
            path => Assert.Contains($"put_file {path} ", File.ReadAllText(script)));
    }

    private static ProcessResult Run(TempDirectory dir, int jobExit)
    {
        var job = dir.Write("job.sh", $"touch {dir.File("job-ran")}\nexit {jobExit}\n");
        var runner = dir.Write("runner.sh", Staging.File(Cleanup.ScriptPath).Content);
        return Tools.Run("bash", [runner], TimeSpan.FromSeconds(30), environment: new Dictionary<string, string>
        {
            ["JOB_SCRIPT"] = job,
            ["LOCK_FILE"] = dir.File("lock"),
            ["METRICS_DIR"] = dir.File("metrics"),
        });
    }

    private static Dictionary<string, string> Metrics(TempDirectory dir) =>
        File.ReadAllLines(dir.File("metrics/" + ScheduleMetrics.FileOf(Cleanup.Name)))
            .Where(l => !l.StartsWith('#'))
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[0][..p[0].IndexOf('{')], p => p[1]);

    private static void WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the lock holder never took the lock");
            Thread.Sleep(50);
        }
    }
}
