namespace Infra.Blueprint.Settings;

/// <summary>Offsite backups of Postgres and Redis.</summary>
/// <param name="Enabled">Whether backups run.</param>
/// <param name="Schedule">Cron schedule of the backup job (UTC).</param>
/// <param name="S3Endpoint">S3-compatible endpoint URL of the bucket.</param>
/// <param name="Bucket">Bucket name.</param>
/// <param name="KeepDaily">Daily snapshots kept.</param>
/// <param name="KeepWeekly">Weekly snapshots kept.</param>
/// <param name="KeepMonthly">Monthly snapshots kept.</param>
public sealed record BackupSettings(
    bool Enabled,
    CronSchedule Schedule,
    string S3Endpoint,
    string Bucket,
    int KeepDaily,
    int KeepWeekly,
    int KeepMonthly);
