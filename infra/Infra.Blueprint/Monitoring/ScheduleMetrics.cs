namespace Infra.Blueprint.Monitoring;

/// <summary>
/// What each scheduled task's runner publishes, labelled <c>schedule="{name}"</c>: a Prometheus text file in
/// node-exporter's textfile directory on the leader (the volume <see cref="Backups.BackupMetrics.TextfileVolume"/>,
/// which every node's exporter mounts). A text file, like the backups': the last success stays visible when the
/// timer stops running at all.
/// </summary>
public static class ScheduleMetrics
{
    /// <summary>Unix time of the last run that completed.</summary>
    public const string LastSuccessTimestamp = "infra_schedule_last_success_timestamp_seconds";

    /// <summary>Unix time the last run ended, whatever its outcome.</summary>
    public const string LastRunTimestamp = "infra_schedule_last_run_timestamp_seconds";

    /// <summary>1 when the last run completed, 0 when it failed (the ScheduledTaskFailed alert).</summary>
    public const string LastStatus = "infra_schedule_last_status";

    /// <summary>Seconds the last run took.</summary>
    public const string LastDuration = "infra_schedule_last_duration_seconds";

    /// <summary>The label naming the task.</summary>
    public const string Label = "schedule";

    /// <summary>The text file of the task <paramref name="name"/>.</summary>
    public static string FileOf(string name) => $"infra_schedule_{name.Replace('-', '_')}.prom";
}
