namespace Infra.Blueprint.Monitoring;

/// <summary>
/// The metrics the backup and restore-drill jobs publish through node-exporter's textfile collector: each job
/// writes <c>&lt;job&gt;.prom</c> into <see cref="TextfileDirectory"/> on its node (write to a temp file, then rename,
/// so node-exporter never reads half a file). The alert rules and dashboards read these names.
/// </summary>
public static class BackupMetrics
{
    /// <summary>Directory on the node that node-exporter's textfile collector reads.</summary>
    public const string TextfileDirectory = "/var/lib/node_exporter/textfile_collector";

    /// <summary>Gauge: Unix time of the last backup that finished and was uploaded.</summary>
    public const string LastSuccessTimestamp = "infra_backup_last_success_timestamp_seconds";

    /// <summary>Gauge: how long the last backup took, in seconds.</summary>
    public const string LastDuration = "infra_backup_last_duration_seconds";

    /// <summary>Gauge: Unix time of the last restore drill that restored a backup and passed its checks.</summary>
    public const string RestoreDrillLastSuccessTimestamp = "infra_restore_drill_last_success_timestamp_seconds";

    /// <summary>Gauge: result of the last restore drill, 1 ok, 0 failed.</summary>
    public const string RestoreDrillLastStatus = "infra_restore_drill_last_status";

    /// <summary>Hours after which the last successful backup is too old (a daily job plus two hours of slack).</summary>
    public const int MaxAgeHours = 26;
}
