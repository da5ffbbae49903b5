using Infra.Blueprint.Data;
using Infra.Blueprint.Settings;
using Infra.Contract;

namespace Infra.Blueprint.Platform;

// Backups: one long-running service on the db host, from the same pinned Postgres image as the database (so
// pg_dump, pg_basebackup and the drill's scratch server match its major version exactly), running busybox crond
// with the rendered crontab. restic is one static binary, copied out of its pinned image by the backup-tools job
// into a volume the service mounts. No Docker socket anywhere: no scheduler service holds root on the host.
public static partial class Planner
{
    /// <summary>Service name of the backup service (backups, WAL shipping and restore drills).</summary>
    public const string BackupService = "backup";

    /// <summary>Name of the job that copies the restic binary into <see cref="BackupToolsVolume"/>.</summary>
    public const string BackupToolsJob = "backup-tools";

    /// <summary>Overlay network with a route out: the backup service reaches the bucket through it, and nothing else joins it.</summary>
    public const string EgressNetwork = "egress";

    /// <summary>Generated passphrase of the restic repository's key: losing it makes every backup unreadable.</summary>
    public const string ResticPasswordSecret = "restic_password";

    /// <summary>The bucket's access key id (from <c>infra:backups.s3AccessKeyId</c>).</summary>
    public const string S3AccessKeyIdSecret = "backup_s3_access_key_id";

    /// <summary>The bucket's secret access key (from <c>infra:backups.s3SecretAccessKey</c>).</summary>
    public const string S3SecretAccessKeySecret = "backup_s3_secret_access_key";

    /// <summary>Volume holding the restic binary.</summary>
    public const string BackupToolsVolume = "backup-tools";

    /// <summary>Volume of the staged dump and the drill's scratch Postgres.</summary>
    public const string BackupWorkVolume = "backup-work";

    private static void AddBackups(StackSettings settings, List<NetworkSpec> networks, List<SecretSpec> secrets, List<ConfigFileSpec> configs, List<VolumeSpec> volumes, List<ServiceSpec> services, List<JobSpec> jobs, List<BucketSpec> buckets)
    {
        var backups = settings.Backups;
        if (!backups.Enabled)
        {
            return;
        }

        var db = settings.HostsWith(HostRole.Db).Single();
        if (backups.DeclaresBucket)
        {
            buckets.Add(new BucketSpec(backups.Bucket, backups.R2AccountId, Protected: settings.Production));
        }

        networks.Add(new NetworkSpec(EgressNetwork, Internal: false, Encrypted: settings.Hosts.Count > 1));
        secrets.Add(new SecretSpec(ResticPasswordSecret, SecretKind.Password, Length: 48));
        secrets.Add(new SecretSpec(S3AccessKeyIdSecret, SecretKind.StackConfig, From: ConfigKeys.BackupsS3AccessKeyId.FullName));
        secrets.Add(new SecretSpec(S3SecretAccessKeySecret, SecretKind.StackConfig, From: ConfigKeys.BackupsS3SecretAccessKey.FullName));
        volumes.Add(new VolumeSpec(BackupToolsVolume, db.Name, Stateful: false, Protected: false));
        volumes.Add(new VolumeSpec(BackupWorkVolume, db.Name, Stateful: false, Protected: false));
        volumes.Add(new VolumeSpec(BackupMetrics.TextfileVolume, db.Name, Stateful: false, Protected: false));

        var runtime = BackupRuntime.Swarm(settings);
        var backupScript = new ConfigFileSpec("backup.sh", BackupScript.Render(settings, runtime));
        var drillScript = new ConfigFileSpec("restore-drill.sh", RestoreDrillScript.Render(settings, runtime));
        var crontab = new ConfigFileSpec("backup.crontab", BackupCrontab.Render(backups, runtime));
        configs.AddRange([backupScript, drillScript, crontab]);

        jobs.Add(new JobSpec(
            Name: BackupToolsJob,
            Image: Images.Restic.ToString(),
            Entrypoint: ["/bin/sh", "-c"],
            Command: [$"cp /usr/bin/restic {BackupRuntime.ToolsDirectory}/restic.new && mv {BackupRuntime.ToolsDirectory}/restic.new {BackupRuntime.ToolsDirectory}/restic"],
            Environment: new SortedDictionary<string, string>(StringComparer.Ordinal),
            Networks: [],
            Secrets: [],
            Volumes: [new VolumeMount(BackupToolsVolume, BackupRuntime.ToolsDirectory)],
            Placement: [Constraint("db")],
            TimeoutSeconds: 300,
            Gates: [BackupService]));

        var volumeMounts = new List<VolumeMount>
        {
            new(BackupToolsVolume, BackupRuntime.ToolsDirectory, ReadOnly: true),
            new(BackupWorkVolume, runtime.WorkDirectory),
            new(BackupMetrics.TextfileVolume, runtime.MetricsDirectory),
            new(RedisVolume, runtime.RedisDataDirectory, ReadOnly: true),
        };
        if (backups.PointInTimeRecovery)
        {
            volumeMounts.Add(new VolumeMount(WalArchiveVolume, runtime.WalArchiveDirectory));
        }

        services.Add(new ServiceSpec(
            Name: BackupService,
            Image: Images.Postgres[settings.Postgres.Version].ToString(),
            Command: ["crond", "-f", "-l", "6", "-L", "/dev/stderr"],
            Environment: new SortedDictionary<string, string>(StringComparer.Ordinal) { ["TZ"] = "UTC" },
            Networks: [BackendNetwork, EgressNetwork],
            Secrets:
            [
                new SecretMount(AppContract.Secrets.PostgresPassword, AppContract.Secrets.PostgresPassword),
                new SecretMount(AppContract.Secrets.RedisPassword, AppContract.Secrets.RedisPassword),
                new SecretMount(ResticPasswordSecret, ResticPasswordSecret),
                new SecretMount(S3AccessKeyIdSecret, S3AccessKeyIdSecret),
                new SecretMount(S3SecretAccessKeySecret, S3SecretAccessKeySecret),
            ],
            Configs:
            [
                new ConfigMount(backupScript.Key, BackupCrontab.BackupScriptPath),
                new ConfigMount(drillScript.Key, BackupCrontab.DrillScriptPath),
                new ConfigMount(crontab.Key, BackupCrontab.Path),
            ],
            Volumes: volumeMounts,
            Ports: [],
            Healthcheck: new Healthcheck(["CMD-SHELL", $"pidof crond >/dev/null && test -x {runtime.Restic}"], 30, 5, 3, 10),
            // Stop-first: never two backup tasks on the same staging directory, WAL archive and repository lock.
            Update: new UpdatePolicy(UpdateOrder.StopFirst, Parallelism: 1, DelaySeconds: 0, MonitorSeconds: 20, RollbackOnFailure: true, ConvergeTimeoutSeconds: 300),
            // The drill's scratch Postgres and pg_restore run in this task.
            Resources: new Resources(1, 1024, 256),
            Placement: [Constraint("db")],
            Global: false,
            Replicas: 1,
            // A backup interrupted by an update is retried at the next schedule; give an upload time to finish.
            StopGraceSeconds: 300,
            Stateful: true,
            After: [PostgresService, RedisService]));
    }
}
