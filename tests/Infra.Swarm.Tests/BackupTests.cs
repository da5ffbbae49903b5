using System.Globalization;
using System.Text.Json.Nodes;
using Infra.Blueprint.Backups;
using Infra.Blueprint.Operate;
using Infra.Blueprint.Platform;
using Infra.Cli;
using Infra.TestKit;
using Xunit.Abstractions;

namespace Infra.Swarm.Tests;

/// <summary>
/// The backup and the restore drill on the Swarm, against the fixture's S3 bucket over TLS: each run by the operator
/// verbs <c>backup-now</c> and <c>restore-drill-now</c> as typed, over real SSH as the deploy user to the db host (the
/// node, <see cref="OperatorAccess"/>); they send <see cref="BackupNowScript"/> (the crontab's own command line,
/// <c>docker exec</c>'d into the backup service's running task) to <c>bash -s</c> there.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class BackupTests(SwarmFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task BackupNowLeavesASnapshotInTheBucketAndTheMetricsMonitoringReads()
    {
        var started = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var backup = await Run("backup-now");

        Assert.True(backup.Exit == 0, $"backup-now: {backup}");
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
    public async Task TheRestoreDrillRestoresTheLatestSnapshotOnTheSwarmAndPasses()
    {
        await EnsureSnapshot();
        var started = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var drill = await Run("restore-drill-now");

        Assert.True(drill.Exit == 0, $"restore-drill-now: {drill}");
        Assert.Matches("row counts match in all [1-9][0-9]* tables", drill.Error);
        Assert.Equal("1", Metric(BackupMetrics.DrillFile, BackupMetrics.DrillLastStatus));
        var success = long.Parse(Metric(BackupMetrics.DrillFile, BackupMetrics.DrillLastSuccessTimestamp)!, CultureInfo.InvariantCulture);
        Assert.InRange(success, started, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task TheRestoreDrillFailsWhenTheSnapshotsDataIsCorruptInTheBucket()
    {
        await EnsureSnapshot();
        var lastPass = Metric(BackupMetrics.DrillFile, BackupMetrics.DrillLastSuccessTimestamp);

        VerbRun drill;
        using (fixture.Bucket.CorruptPacks(fixture.Plan))
        {
            drill = await Run("restore-drill-now");
        }

        Assert.True(drill.Exit != ExitCodes.Success, $"restore-drill-now did not fail over a repository whose every pack is corrupt: {drill}");
        Assert.Contains("FAILED while checking the repository", drill.Error);
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
    private async Task EnsureSnapshot()
    {
        if (Snapshots().Count == 0)
        {
            var backup = await Run("backup-now");
            Assert.True(backup.Exit == 0, $"backup-now (before the drill): {backup}");
        }
    }

    // The verb as an operator types it, over SSH to the db host; the script it sends is the one it renders.
    private async Task<VerbRun> Run(string verb)
    {
        var script = verb == "backup-now" ? BackupNowScript.Backup(fixture.Operator.Plan) : BackupNowScript.Drill(fixture.Operator.Plan);
        Assert.Equal(script.Host.Name, fixture.Node.Hostname);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = await fixture.Operator.Cli(verb);
        output.WriteLine($"{verb}: exit {run.Exit} in {clock.Elapsed.TotalSeconds:F1} s\n{run.Error.Trim()}");
        return run;
    }

    // A value from the backup's text files, read where node-exporter's textfile collector reads them: the volume.
    private string? Metric(string file, string name)
    {
        var text = fixture.Node.Exec(["sh", "-c", $"cat \"$(docker volume inspect --format '{{{{.Mountpoint}}}}' {BackupMetrics.TextfileVolume})/{file}\""], check: false).Stdout;
        return text.Split('\n').Where(l => l.StartsWith(name + " ", StringComparison.Ordinal)).Select(l => l[(name.Length + 1)..].Trim()).SingleOrDefault();
    }
}
