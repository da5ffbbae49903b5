using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Backups;

/// <summary>
/// Renders the backup service's crontab (busybox <c>crond</c> in the Postgres image). Every job takes one lock,
/// so a WAL shipment never races the nightly prune and the drill never restores a half-written snapshot.
/// Output goes to the container's stdout/stderr, i.e. to the service's logs.
/// </summary>
public static class BackupCrontab
{
    /// <summary>Where the crontab is mounted (busybox reads <c>/etc/crontabs/&lt;user&gt;</c>).</summary>
    public const string Path = "/etc/crontabs/root";

    /// <summary>Where the backup script is mounted.</summary>
    public const string BackupScriptPath = "/etc/infra/backup.sh";

    /// <summary>Where the restore drill is mounted.</summary>
    public const string DrillScriptPath = "/etc/infra/restore-drill.sh";

    /// <summary>How often WAL is shipped with point-in-time recovery (Postgres switches segments at least as often).</summary>
    public const string WalShipSchedule = "*/5 * * * *";

    /// <summary>The lock every job takes: one backup, drill or WAL shipment at a time.</summary>
    public static string LockFile(BackupRuntime runtime) => $"{runtime.WorkDirectory}/.lock";

    /// <summary>
    /// The backup service's PID 1: runs crond in the foreground as its child; on SIGTERM (or SIGINT) stops crond, then
    /// waits for the lock, i.e. for a running job to finish (Swarm's stop grace bounds the wait), and exits 0.
    /// </summary>
    public static string Supervisor(BackupRuntime runtime) =>
        $"crond -f -l 6 -L /dev/stderr & crond=$!; trap 'kill -TERM $crond; wait $crond; flock {LockFile(runtime)} true; exit 0' TERM INT; wait $crond";

    /// <summary>The backup's command line, as cron runs it and as <c>backup-now</c> runs it: under the lock, waiting for it.</summary>
    public static string BackupCommand(BackupRuntime runtime) => $"flock {LockFile(runtime)} bash {BackupScriptPath}";

    /// <summary>The restore drill's command line, as cron runs it and as <c>restore-drill-now</c> runs it.</summary>
    public static string DrillCommand(BackupRuntime runtime) => $"flock {LockFile(runtime)} bash {DrillScriptPath}";

    /// <summary>Renders the crontab.</summary>
    public static string Render(BackupSettings backups, BackupRuntime runtime)
    {
        var lockFile = LockFile(runtime);
        var output = ">/proc/1/fd/1 2>/proc/1/fd/2";
        var wal = backups.PointInTimeRecovery ? $"{WalShipSchedule} flock -n {lockFile} bash {BackupScriptPath} wal {output}\n" : "";
        return $"""
            # Rendered by Infra from infra:backups.* settings (times are UTC). Do not edit on the server.
            {backups.Schedule} {BackupCommand(runtime)} {output}
            {backups.DrillSchedule} {DrillCommand(runtime)} {output}
            {wal}
            """;
    }
}
