using Infra.Blueprint.Data;
using Infra.Blueprint.Platform;
using Infra.Contract;

namespace Infra.Blueprint.Backups;

/// <summary>
/// Backups: one long-running service on the db host, from the same pinned Postgres image as the database (so
/// pg_dump, pg_basebackup and the drill's scratch server match its major version exactly), running busybox crond
/// with the rendered crontab. restic is one static binary, copied out of its pinned image by the backup-tools job
/// into a volume the service mounts. No Docker socket anywhere: no scheduler service holds root on the host.
/// </summary>
public static class Backups
{
    /// <summary>The backups' part of the plan; nothing when backups are off.</summary>
    public static PlanPart Plan(Layout layout)
    {
        var settings = layout.Settings;
        var backups = settings.Backups;
        if (!backups.Enabled)
        {
            return PlanPart.None;
        }

        var db = layout.DbHost.Name;
        var runtime = BackupRuntime.Swarm(settings);
        var backupScript = new ConfigFileSpec("backup.sh", BackupScript.Render(settings, runtime));
        var drillScript = new ConfigFileSpec("restore-drill.sh", RestoreDrillScript.Render(settings, runtime));
        var crontab = new ConfigFileSpec("backup.crontab", BackupCrontab.Render(backups, runtime));
        var mounts = new List<VolumeMount>
        {
            new(Layout.BackupToolsVolume, BackupRuntime.ToolsDirectory, ReadOnly: true),
            new(Layout.BackupWorkVolume, runtime.WorkDirectory),
            new(BackupMetrics.TextfileVolume, runtime.MetricsDirectory),
            new(Layout.RedisVolume, runtime.RedisDataDirectory, ReadOnly: true),
        };
        if (backups.PointInTimeRecovery)
        {
            mounts.Add(new VolumeMount(Layout.WalArchiveVolume, runtime.WalArchiveDirectory));
        }

        return new PlanPart
        {
            Buckets = backups.DeclaresBucket ? [new BucketSpec(backups.Bucket, backups.R2AccountId, Protected: settings.Production)] : [],
            Networks = [new NetworkSpec(Layout.EgressNetwork, Internal: false, Encrypted: layout.EncryptedOverlays)],
            Secrets =
            [
                new SecretSpec(Layout.ResticPasswordSecret, SecretKind.Password, Length: 48),
                new SecretSpec(Layout.S3AccessKeyIdSecret, SecretKind.StackConfig, From: Settings.ConfigKeys.BackupsS3AccessKeyId.FullName),
                new SecretSpec(Layout.S3SecretAccessKeySecret, SecretKind.StackConfig, From: Settings.ConfigKeys.BackupsS3SecretAccessKey.FullName),
            ],
            Volumes =
            [
                new VolumeSpec(Layout.BackupToolsVolume, db, Stateful: false, Protected: false),
                new VolumeSpec(Layout.BackupWorkVolume, db, Stateful: false, Protected: false),
                new VolumeSpec(BackupMetrics.TextfileVolume, db, Stateful: false, Protected: false),
            ],
            Configs = [backupScript, drillScript, crontab],
            Jobs =
            [
                new JobSpec(
                    Name: Layout.BackupToolsJob,
                    Image: Images.Restic.ToString(),
                    Entrypoint: ["/bin/sh", "-c"],
                    Command: [$"cp /usr/bin/restic {BackupRuntime.ToolsDirectory}/restic.new && mv {BackupRuntime.ToolsDirectory}/restic.new {BackupRuntime.ToolsDirectory}/restic"],
                    Environment: new SortedDictionary<string, string>(StringComparer.Ordinal),
                    Networks: [],
                    Secrets: [],
                    Volumes: [new VolumeMount(Layout.BackupToolsVolume, BackupRuntime.ToolsDirectory)],
                    Placement: [Layout.Constraint("db")],
                    TimeoutSeconds: 300,
                    Gates: [Layout.BackupService]),
            ],
            Services =
            [
                new ServiceSpec
                {
                    Name = Layout.BackupService,
                    Image = Images.Postgres[settings.Postgres.Version].ToString(),
                    // busybox crond as PID 1 ignores SIGTERM (PID 1 has no default signal actions): every stop waited out
                    // the grace and ended in SIGKILL mid-upload. A shell is PID 1 instead: on the stop signal it stops
                    // crond, waits for a running backup or drill to release the lock, and exits.
                    Command = ["sh", "-c", BackupCrontab.Supervisor(runtime)],
                    Environment = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["TZ"] = "UTC" },
                    Networks = [Layout.BackendNetwork, Layout.EgressNetwork],
                    Secrets =
                    [
                        new SecretMount(PostgresRoles.BackupSecret, PostgresRoles.BackupSecret),
                        new SecretMount(AppContract.Secrets.RedisPassword, AppContract.Secrets.RedisPassword),
                        new SecretMount(Layout.ResticPasswordSecret, Layout.ResticPasswordSecret),
                        new SecretMount(Layout.S3AccessKeyIdSecret, Layout.S3AccessKeyIdSecret),
                        new SecretMount(Layout.S3SecretAccessKeySecret, Layout.S3SecretAccessKeySecret),
                    ],
                    Configs =
                    [
                        new ConfigMount(backupScript.Key, BackupCrontab.BackupScriptPath),
                        new ConfigMount(drillScript.Key, BackupCrontab.DrillScriptPath),
                        new ConfigMount(crontab.Key, BackupCrontab.Path),
                    ],
                    Volumes = mounts,
                    Healthcheck = new Healthcheck(["CMD-SHELL", $"pidof crond >/dev/null && test -x {runtime.Restic}"], 30, 5, 3, 10),
                    // Stop-first: never two backup tasks on the same staging directory, WAL archive and repository lock.
                    Update = new UpdatePolicy(UpdateOrder.StopFirst, Parallelism: 1, DelaySeconds: 0, MonitorSeconds: 20, RollbackOnFailure: true, ConvergeTimeoutSeconds: 300),
                    // The drill's scratch Postgres and pg_restore run in this task.
                    Resources = new Resources(1, 1024, 256),
                    Placement = [Layout.Constraint("db")],
                    // A backup interrupted by an update is retried at the next schedule; give an upload time to finish.
                    StopGraceSeconds = 300,
                    Stateful = true,
                    After = [Layout.PostgresService, Layout.RedisService],
                },
            ],
        };
    }
}
