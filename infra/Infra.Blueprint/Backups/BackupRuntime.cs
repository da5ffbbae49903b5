using Infra.Blueprint.Data;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;
using Infra.Contract;

namespace Infra.Blueprint.Backups;

/// <summary>
/// Defaults the backup and restore-drill scripts are rendered with: the layout in the backup service's
/// container on the Swarm. Every value is also an environment variable of the scripts, which the tests and the
/// runbook override.
/// </summary>
/// <param name="PostgresHost">Postgres host (direct, not through PgBouncer: pg_dump needs a session).</param>
/// <param name="PostgresPort">Postgres port.</param>
/// <param name="PostgresPasswordFile">File holding the backup role's password (<see cref="PostgresRoles.Backup"/>).</param>
/// <param name="RedisHost">Redis host.</param>
/// <param name="RedisPort">Redis port.</param>
/// <param name="RedisPasswordFile">File holding the Redis password.</param>
/// <param name="RedisDataDirectory">Redis's data volume, mounted read-only: where <c>BGSAVE</c> writes <c>dump.rdb</c>.</param>
/// <param name="Restic">The restic binary.</param>
/// <param name="Repository">The restic repository.</param>
/// <param name="ResticPasswordFile">File holding the repository password (the encryption key's passphrase).</param>
/// <param name="S3AccessKeyIdFile">File holding the bucket's access key id.</param>
/// <param name="S3SecretAccessKeyFile">File holding the bucket's secret access key.</param>
/// <param name="WorkDirectory">Scratch space for the staged dump and the drill's scratch Postgres.</param>
/// <param name="MetricsDirectory">node-exporter's textfile directory.</param>
/// <param name="WalArchiveDirectory">Postgres's WAL archive (point-in-time recovery).</param>
public sealed record BackupRuntime(
    string PostgresHost,
    int PostgresPort,
    string PostgresPasswordFile,
    string RedisHost,
    int RedisPort,
    string RedisPasswordFile,
    string RedisDataDirectory,
    string Restic,
    string Repository,
    string ResticPasswordFile,
    string S3AccessKeyIdFile,
    string S3SecretAccessKeyFile,
    string WorkDirectory,
    string MetricsDirectory,
    string WalArchiveDirectory)
{
    /// <summary>Where the backup-tools job copies the restic binary (restic is one static Go binary).</summary>
    public const string ToolsDirectory = "/opt/infra-tools";

    /// <summary>The layout in the backup service's container on the Swarm.</summary>
    public static BackupRuntime Swarm(StackSettings settings) => new(
        PostgresHost: Platform.Layout.PostgresService,
        PostgresPort: PostgresRuntime.DefaultPort,
        PostgresPasswordFile: AppContract.Secrets.PathOf(PostgresRoles.BackupSecret),
        RedisHost: Platform.Layout.RedisService,
        RedisPort: RedisConfig.DefaultPort,
        RedisPasswordFile: AppContract.Secrets.PathOf(AppContract.Secrets.RedisPassword),
        RedisDataDirectory: "/redis-data",
        Restic: $"{ToolsDirectory}/restic",
        Repository: settings.Backups.ResticRepository(settings.Stack),
        ResticPasswordFile: AppContract.Secrets.PathOf(Platform.Layout.ResticPasswordSecret),
        S3AccessKeyIdFile: AppContract.Secrets.PathOf(Platform.Layout.S3AccessKeyIdSecret),
        S3SecretAccessKeyFile: AppContract.Secrets.PathOf(Platform.Layout.S3SecretAccessKeySecret),
        WorkDirectory: "/var/lib/backup",
        MetricsDirectory: BackupMetrics.TextfileDirectory,
        WalArchiveDirectory: PostgresRuntime.Swarm.WalArchiveDirectory);
}
