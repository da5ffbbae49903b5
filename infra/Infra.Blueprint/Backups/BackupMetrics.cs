namespace Infra.Blueprint.Backups;

/// <summary>
/// What the backup and the restore drill publish for monitoring, in one place: alert rules are written on
/// these names. Both scripts write Prometheus text files into <see cref="TextfileVolume"/>, which node-exporter
/// on the db host reads with its textfile collector (<c>--collector.textfile.directory</c>). A text file, not a
/// Pushgateway: it survives restarts of both sides, needs no extra service, and the last value stays visible
/// when the job stops running at all — which is exactly when the backup-age alert must fire.
/// </summary>
public static class BackupMetrics
{
    /// <summary>Unix time of the last backup that completed and was uploaded. Alert when <c>time() - this</c> exceeds a day and a bit.</summary>
    public const string LastSuccessTimestamp = "infra_backup_last_success_timestamp_seconds";

    /// <summary>Wall-clock seconds the last successful backup took.</summary>
    public const string LastDuration = "infra_backup_last_duration_seconds";

    /// <summary>1 when the last backup run succeeded, 0 when it failed.</summary>
    public const string LastStatus = "infra_backup_last_status";

    /// <summary>Unix time of the last restore drill that restored and verified a backup.</summary>
    public const string DrillLastSuccessTimestamp = "infra_restore_drill_last_success_timestamp_seconds";

    /// <summary>1 when the last restore drill passed, 0 when it failed (the drill-failed alert).</summary>
    public const string DrillLastStatus = "infra_restore_drill_last_status";

    /// <summary>Seconds the last restore drill took (restic check, restore, pg_restore and the counts).</summary>
    public const string DrillLastDuration = "infra_restore_drill_last_duration_seconds";

    /// <summary>Named volume on the db host holding the text files; node-exporter mounts it read-only.</summary>
    public const string TextfileVolume = "backup-metrics";

    /// <summary>Where the backup service mounts <see cref="TextfileVolume"/>.</summary>
    public const string TextfileDirectory = "/var/lib/node-exporter/textfile";

    /// <summary>File the backup writes.</summary>
    public const string BackupFile = "infra_backup.prom";

    /// <summary>File the restore drill writes.</summary>
    public const string DrillFile = "infra_restore_drill.prom";

    /// <summary>Every metric name, for the monitoring engineer's tests.</summary>
    public static IReadOnlyList<string> All { get; } =
        [LastSuccessTimestamp, LastDuration, LastStatus, DrillLastSuccessTimestamp, DrillLastStatus, DrillLastDuration];
}
