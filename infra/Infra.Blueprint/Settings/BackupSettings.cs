namespace Infra.Blueprint.Settings;

/// <summary>Offsite backups of Postgres and Redis, and the restore drill that proves they work.</summary>
/// <param name="Enabled">Whether backups run.</param>
/// <param name="Schedule">Cron schedule of the backup job (UTC).</param>
/// <param name="S3Endpoint">S3-compatible endpoint URL of the bucket (derived from <paramref name="R2AccountId"/> when that is set and this is empty).</param>
/// <param name="Bucket">Bucket name.</param>
/// <param name="KeepDaily">Daily snapshots kept.</param>
/// <param name="KeepWeekly">Weekly snapshots kept.</param>
/// <param name="KeepMonthly">Monthly snapshots kept.</param>
/// <param name="R2AccountId">Cloudflare account id (32 hex digits) whose R2 bucket the stack declares; empty when the bucket exists elsewhere.</param>
/// <param name="PointInTimeRecovery">Archive WAL and take base backups too, so the database can be restored to any moment, not only to a backup.</param>
/// <param name="DrillSchedule">Cron schedule (UTC) of the restore drill that restores the latest backup into a scratch Postgres and checks it.</param>
public sealed record BackupSettings(
    bool Enabled,
    CronSchedule Schedule,
    string S3Endpoint,
    string Bucket,
    int KeepDaily,
    int KeepWeekly,
    int KeepMonthly,
    string R2AccountId,
    bool PointInTimeRecovery,
    CronSchedule DrillSchedule)
{
    /// <summary>Whether the stack declares the bucket itself (a Cloudflare R2 bucket in <see cref="R2AccountId"/>).</summary>
    public bool DeclaresBucket => R2AccountId.Length > 0;

    /// <summary>The restic repository: the bucket on the endpoint, one prefix per stack.</summary>
    public string ResticRepository(string stack) => $"s3:{S3Endpoint.TrimEnd('/')}/{Bucket}/{stack}";

    /// <summary>The S3 region restic signs requests for: R2 takes <c>auto</c>.</summary>
    public string S3Region => S3Endpoint.Contains(".r2.cloudflarestorage.com", StringComparison.Ordinal) ? "auto" : "us-east-1";
}
