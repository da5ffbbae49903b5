using System.Diagnostics;
using Infra.Blueprint.Backups;
using Infra.Blueprint.Platform;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Backups;

public sealed class BackupCrontabTests
{
    [Fact]
    public void TheBackupServiceRunsCrondUnderAShellThatStopsItOnSigterm()
    {
        var service = Planner.Build(Repository.Stack("staging")).Service(Layout.BackupService);

        Assert.Equal("sh", service.Command[0]);
        Assert.Contains("crond -f", service.Command[^1], StringComparison.Ordinal);
        Assert.Contains("trap ", service.Command[^1], StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task OnSigtermTheSupervisorWaitsForARunningJobThenExitsZero()
    {
        using var dir = new TempDirectory("backup-supervisor");
        // A crond that never exits, as busybox's in the foreground.
        var bin = Directory.CreateDirectory(dir.File("bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "crond"), "#!/bin/sh\nexec sleep 600\n");
        File.SetUnixFileMode(Path.Combine(bin, "crond"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var runtime = BackupRuntime.Swarm(Repository.Stack("staging").ToSettings(checkSecrets: false)) with { WorkDirectory = dir.Path };
        var lockFile = BackupCrontab.LockFile(runtime);

        // A job holds the lock for 4 s, as a running backup would; the supervisor starts once the lock is taken.
        using var job = Process.Start("flock", [lockFile, "sleep", "4"]);
        var held = Stopwatch.StartNew();
        while (Process.Start("flock", ["--nonblock", lockFile, "true"]) is { } probe && await ExitCodeAsync(probe) == 0)
        {
            Assert.True(held.Elapsed < TimeSpan.FromSeconds(10), "the job never took the lock");
            await Task.Delay(50);
        }

        var start = new ProcessStartInfo("sh", ["-c", BackupCrontab.Supervisor(runtime)]) { Environment = { ["PATH"] = $"{bin}:/usr/bin:/bin" } };
        using var supervisor = Process.Start(start)!;
        await Task.Delay(500);
        Signals.Send(supervisor.Id, Signals.SigTerm);

        Assert.True(supervisor.WaitForExit(TimeSpan.FromSeconds(15)), "the supervisor did not exit within 15 s of SIGTERM");
        Assert.Equal(0, supervisor.ExitCode);
        // Without waiting it would exit within milliseconds, seconds before the job lets go of the lock.
        Assert.True(job.HasExited, "it exited while the job still held the lock");
    }

    private static async Task<int> ExitCodeAsync(Process process)
    {
        using (process)
        {
            await process.WaitForExitAsync();
            return process.ExitCode;
        }
    }
}
