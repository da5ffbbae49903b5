using Infra.Blueprint.Data;
using Infra.Blueprint.Settings;
using Infra.Data.Tests.Daemons;
using Infra.TestKit;
using Infra.Blueprint.Backups;

namespace Infra.Data.Tests.Data;

public sealed class BackupDrillTests
{
    private static StackSettings Staging(bool pointInTimeRecovery = false) =>
        Repository.Stack("staging").With("backups.pointInTimeRecovery", pointInTimeRecovery ? "true" : "false").ToSettings(checkSecrets: false);

    [Fact]
    public void ABackupRestoresInTheDrillWithEveryTablesRowsCounted()
    {
        using var rig = BackupRig.Start(Staging());
        rig.Seed();

        var backup = rig.Backup();
        var drill = rig.Drill();

        Assert.True(backup.ExitCode == 0, "backup failed:\n" + backup.Output);
        Assert.True(drill.ExitCode == 0, "drill failed:\n" + drill.Output);
        Assert.Contains("row counts match in all 4 tables", drill.Stderr);
        Assert.Equal("1", rig.Metric(BackupMetrics.LastStatus));
        Assert.Equal("1", rig.Metric(BackupMetrics.DrillLastStatus));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.InRange(long.Parse(rig.Metric(BackupMetrics.LastSuccessTimestamp)!), now - 600, now);
        Assert.InRange(long.Parse(rig.Metric(BackupMetrics.DrillLastSuccessTimestamp)!), now - 600, now);
        Assert.NotNull(rig.Metric(BackupMetrics.LastDuration));
    }

    [Fact]
    public void ABackupAndItsDrillRunOnAnS3ServerThroughTheRepositoryTheSettingsName()
    {
        using var s3 = S3Server.Start("infra-backups");
        var settings = Repository.Stack("staging")
            .With("backups.r2AccountId", "").With("backups.s3Endpoint", s3.Endpoint).With("backups.bucket", s3.Bucket)
            .ToSettings(checkSecrets: false);
        using var rig = BackupRig.Start(settings, s3);
        rig.Seed();

        var backup = rig.Backup();
        var drill = rig.Drill();

        Assert.True(backup.ExitCode == 0, "backup to S3 failed:\n" + backup.Output);
        Assert.True(drill.ExitCode == 0, "drill from S3 failed:\n" + drill.Output);
        Assert.Contains("row counts match in all 4 tables", drill.Stderr);
        Assert.Equal($"s3:{s3.Endpoint}/{s3.Bucket}/staging", rig.Repository);
        Assert.Contains(s3.Keys("staging"), k => k.StartsWith("staging/snapshots/", StringComparison.Ordinal));
        Assert.Equal(0, rig.Restic("check").ExitCode);
    }

    [Fact]
    public void TheRecoveryKitAloneRestoresTheLatestBackupOnANewHost()
    {
        using var s3 = S3Server.Start("infra-backups");
        var settings = Repository.Stack("staging")
            .With("backups.r2AccountId", "").With("backups.s3Endpoint", s3.Endpoint).With("backups.bucket", s3.Bucket)
            .ToSettings(checkSecrets: false);
        IReadOnlyDictionary<string, string> kit;
        using (var lost = BackupRig.Start(settings, s3))
        {
            lost.Seed();
            var backup = lost.Backup();
            Assert.True(backup.ExitCode == 0, "backup to S3 failed:\n" + backup.Output);
            kit = RecoveryKit.Environment(settings, File.ReadAllText(lost.Dir.File("restic_password")).Trim(), S3Server.Credential, S3Server.Credential);
        }

        // A new host: an empty Postgres, empty folders and a restic password of its own; only the kit is carried over.
        using var fresh = BackupRig.Start(settings, s3);
        var drill = fresh.DrillWith(kit);
        var withoutKit = fresh.Drill();

        Assert.True(drill.ExitCode == 0, "the drill with only the recovery kit failed:\n" + drill.Output);
        Assert.Contains("row counts match in all 4 tables", drill.Stderr);
        Assert.NotEqual(0, withoutKit.ExitCode);
    }

    [Fact]
    public void TheBackupRecordsCountsOfTheSnapshotItDumpedAndTheRedisSnapshot()
    {
        using var rig = BackupRig.Start(Staging());
        rig.Seed();

        Assert.Equal(0, rig.Backup().ExitCode);
        var restored = rig.Dir.File("restored");
        var restore = rig.Restic("restore", "latest", "--tag", BackupScript.DumpTag, "--target", restored);

        Assert.True(restore.ExitCode == 0, restore.Output);
        var stage = Path.GetDirectoryName(Directory.EnumerateFiles(restored, "manifest.env", SearchOption.AllDirectories).Single())!;
        Assert.Equal(
            ["billing.invoices\t2500", "public.Audit Log\t1", "public.customers\t1000", "public.orders\t5000"],
            File.ReadAllLines(Path.Combine(stage, "counts.tsv")).Order(StringComparer.Ordinal));
        Assert.StartsWith("REDIS", File.ReadAllText(Path.Combine(stage, "redis.rdb"))[..5]);
        Assert.True(new FileInfo(Path.Combine(stage, "db.dump")).Length > 0);
    }

    [Fact]
    public void ACorruptedRepositoryFailsTheDrillLoudly()
    {
        using var rig = BackupRig.Start(Staging());
        rig.Seed();
        Assert.Equal(0, rig.Backup().ExitCode);
        Assert.Equal(0, rig.Drill().ExitCode);

        foreach (var pack in Directory.EnumerateFiles(Path.Combine(rig.Repository, "data"), "*", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(pack, FileMode.Open, FileAccess.Write);
            stream.Seek(stream.Length / 2, SeekOrigin.Begin);
            stream.Write(new byte[64]);
        }

        var drill = rig.Drill();

        Assert.NotEqual(0, drill.ExitCode);
        Assert.Contains("FAILED while checking the repository", drill.Stderr);
        Assert.Equal("0", rig.Metric(BackupMetrics.DrillLastStatus));
        Assert.NotEqual("0", rig.Metric(BackupMetrics.DrillLastSuccessTimestamp));
    }

    [Fact]
    public void ATableMissingFromTheRestoreFailsTheDrillNamingIt()
    {
        using var rig = BackupRig.Start(Staging());
        rig.Seed();
        Assert.Equal(0, rig.Backup().ExitCode);

        // A dump that lost a table: the counts taken at backup time name one the dump does not hold.
        var restored = rig.Dir.File("tampered");
        Assert.Equal(0, rig.Restic("restore", "latest", "--tag", BackupScript.DumpTag, "--target", restored).ExitCode);
        var stage = Path.GetDirectoryName(Directory.EnumerateFiles(restored, "manifest.env", SearchOption.AllDirectories).Single())!;
        File.AppendAllText(Path.Combine(stage, "counts.tsv"), "public.payments\t42\n");
        var tampered = rig.Restic("backup", "--host", rig.Settings.Stack, "--tag", BackupScript.DumpTag, stage);
        Assert.True(tampered.ExitCode == 0, tampered.Output);

        var drill = rig.Drill();

        Assert.NotEqual(0, drill.ExitCode);
        Assert.Contains("MISMATCH: missing table public.payments (42 rows at backup time)", drill.Stderr);
        Assert.Equal("0", rig.Metric(BackupMetrics.DrillLastStatus));
    }

    [Fact]
    public void AFailedBackupKeepsTheLastSuccessTimeAndReportsFailure()
    {
        using var rig = BackupRig.Start(Staging());
        rig.Seed();
        Assert.Equal(0, rig.Backup().ExitCode);
        var lastSuccess = rig.Metric(BackupMetrics.LastSuccessTimestamp);

        File.WriteAllText(rig.Postgres.BackupPasswordFile, "wrong-password\n");
        var failed = rig.Backup();

        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains("FAILED while counting rows", failed.Stderr);
        Assert.Equal("0", rig.Metric(BackupMetrics.LastStatus));
        Assert.Equal(lastSuccess, rig.Metric(BackupMetrics.LastSuccessTimestamp));
    }

    [Fact]
    public void WithPointInTimeRecoveryTheBackupShipsWalAndABaseBackup()
    {
        using var rig = BackupRig.Start(Staging(pointInTimeRecovery: true));
        rig.Seed();
        Assert.Equal("on", rig.Postgres.Psql("SHOW archive_mode").Stdout.Trim());
        rig.Postgres.Psql("SELECT pg_switch_wal()");

        var backup = rig.Backup();
        var wal = rig.Backup("wal");
        var snapshots = rig.Restic("snapshots", "--json");

        Assert.True(backup.ExitCode == 0, backup.Output + rig.Postgres.Log);
        Assert.True(wal.ExitCode == 0, wal.Output);
        foreach (var tag in new[] { BackupScript.DumpTag, BackupScript.BaseTag, BackupScript.WalTag })
        {
            Assert.Contains($"\"tags\":[\"{tag}\"]", snapshots.Stdout);
        }

        Assert.NotEmpty(Directory.EnumerateFiles(rig.Postgres.WalArchive, "*.backup"));
    }
}
