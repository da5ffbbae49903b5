using System.Globalization;
using System.Text.Json.Nodes;
using Infra.Blueprint.Backups;
using Infra.Blueprint.Operate;
using Infra.Blueprint.Platform;
using Infra.TestKit;
using Xunit.Abstractions;

namespace Infra.Swarm.Tests;

/// <summary>
/// The backup and the restore drill on the Swarm, against the fixture's S3 bucket over TLS: each run as the operator
/// verbs run it (<see cref="BackupNowScript"/>: the crontab's own command line, <c>docker exec</c>'d into the backup
/// service's running task by a script fed to <c>bash -s</c> on the db host, here the node).
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class BackupTests(SwarmFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void BackupNowLeavesASnapshotInTheBucketAndTheMetricsMonitoringReads()
    {
        var started = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var backup = Run(BackupNowScript.Backup(fixture.Plan));

        Assert.True(backup.ExitCode == 0, $"backup-now: exit {backup.ExitCode}:\n{backup.Output}");
        var snapshot = Assert.Single(Snapshots(), s => Time(s) >= started - 1);
        var files = fixture.Bucket.Restic(fixture.Plan, ResticPassword, "ls", "--json", (string)snapshot["id"]!).Stdout;
        foreach (var file in new[] { "db.dump", "counts.tsv", "manifest.env", "redis.rdb" })
        {
            Assert.True(files.Contains($"\"name\":\"{file}\"", StringComparison.Ordinal), $"snapshot {snapshot["short_id"]} in {Repository}: no {file}");
        }

        Assert.Equal("1", Metric(BackupMetrics.BackupFile, BackupMetrics.LastStatus));
        var success = long.Parse(Metric(BackupMetrics.BackupFile, BackupMetrics.LastSuccessTimestamp)!, CultureInfo.InvariantCulture);
        Assert.InRange(success, started, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    [Fact]
    public void TheRestoreDrillRestoresTheLatestSnapshotOnTheSwarmAndPasses()
    {
        EnsureSnapshot();
        var started = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var drill = Run(BackupNowScript.Drill(fixture.Plan));

        Assert.True(drill.ExitCode == 0, $"restore-drill-now: exit {drill.ExitCode}:\n{drill.Output}");
        Assert.Matches("row counts match in all [1-9][0-9]* tables", drill.Stderr);
        Assert.Equal("1", Metric(BackupMetrics.DrillFile, BackupMetrics.DrillLastStatus));
        var success = long.Parse(Metric(BackupMetrics.DrillFile, BackupMetrics.DrillLastSuccessTimestamp)!, CultureInfo.InvariantCulture);
        Assert.InRange(success, started, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    [Fact]
    public void TheRestoreDrillFailsWhenTheSnapshotsDataIsCorruptInTheBucket()
    {
        EnsureSnapshot();
        var lastPass = Metric(BackupMetrics.DrillFile, BackupMetrics.DrillLastSuccessTimestamp);

        ProcessResult drill;
        using (fixture.Bucket.CorruptPacks(fixture.Plan))
        {
            drill = Run(BackupNowScript.Drill(fixture.Plan));
        }

        Assert.True(drill.ExitCode != 0, $"restore-drill-now passed over a repository whose every pack is corrupt:\n{drill.Output}");
        Assert.Contains("FAILED while checking the repository", drill.Stderr);
        Assert.Equal("0", Metric(BackupMetrics.DrillFile, BackupMetrics.DrillLastStatus));
        // The last pass stays visible, so the drill-age alert still measures from it.
        Assert.Equal(lastPass ?? "0", Metric(BackupMetrics.DrillFile, BackupMetrics.DrillLastSuccessTimestamp));
    }

    private string ResticPassword => fixture.SecretValues[Layout.ResticPasswordSecret];

    private string Repository => fixture.Plan.Settings.Backups.ResticRepository(fixture.Plan.Stack);

    private IReadOnlyList<JsonNode> Snapshots() => fixture.Bucket.DumpSnapshots(fixture.Plan, ResticPassword);

    private static long Time(JsonNode snapshot) =>
        DateTimeOffset.Parse((string)snapshot["time"]!, CultureInfo.InvariantCulture).ToUnixTimeSeconds();

    // The drills need a dump to restore; the first test of the class to run takes it.
    private void EnsureSnapshot()
    {
        if (Snapshots().Count == 0)
        {
            var backup = Run(BackupNowScript.Backup(fixture.Plan));
            Assert.True(backup.ExitCode == 0, $"backup-now (before the drill): exit {backup.ExitCode}:\n{backup.Output}");
        }
    }

    // As the verb runs it: the script to `bash -s` on its host (over SSH there; here in the node, which is that host).
    private ProcessResult Run(OperatorScript script)
    {
        Assert.Equal(script.Host.Name, fixture.Node.Hostname);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = fixture.Node.Exec(["bash", "-s"], script.Text, TimeSpan.FromMinutes(5), check: false);
        output.WriteLine($"{script.Text.Split('\n')[1].TrimStart('#', ' ')}: exit {result.ExitCode} in {clock.Elapsed.TotalSeconds:F1} s\n{result.Stderr.Trim()}");
        return result;
    }

    // A value from the backup's text files, read where node-exporter's textfile collector reads them: the volume.
    private string? Metric(string file, string name)
    {
        var text = fixture.Node.Exec(["sh", "-c", $"cat \"$(docker volume inspect --format '{{{{.Mountpoint}}}}' {BackupMetrics.TextfileVolume})/{file}\""], check: false).Stdout;
        return text.Split('\n').Where(l => l.StartsWith(name + " ", StringComparison.Ordinal)).Select(l => l[(name.Length + 1)..].Trim()).SingleOrDefault();
    }
}
