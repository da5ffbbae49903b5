using System.Globalization;
using System.Text;
using Infra.Blueprint.Backups;
using Infra.Blueprint.Monitoring;
using Infra.Blueprint.Platform;

namespace Infra.Blueprint.Hosts;

/// <summary>
/// What runs a <see cref="ScheduleSpec"/> on the leader: a systemd timer (<c>OnCalendar=</c> the cron schedule in UTC)
/// starts a oneshot service, which systemd never starts twice at once; the service runs the runner, which takes a lock
/// (a manual run and a timed one stay apart), runs the task's <see cref="JobScript"/> (a one-shot Swarm service of the app
/// image) and writes the outcome as a node-exporter text file. <see cref="Install"/> puts every task's files in place.
/// </summary>
public static class ScheduleScripts
{
    /// <summary>The rendered script that installs the scheduled tasks on the leader (run as root).</summary>
    public const string InstallPath = "schedules/install.sh";

    /// <summary>The runner of <paramref name="schedule"/>: lock, run, metrics; exits with the job's status.</summary>
    public static string Runner(ScheduleSpec schedule)
    {
        var file = ScheduleMetrics.FileOf(schedule.Name);
        var label = $"{{{ScheduleMetrics.Label}=\"{schedule.Name}\"}}";
        return $$"""
            #!/usr/bin/env bash
            # Rendered by Infra: the scheduled task '{{schedule.Name}}' (cron '{{schedule.Schedule}}', UTC), started by {{schedule.UnitName}}.timer.
            # One run at a time; the outcome goes to node-exporter's textfile directory ({{ScheduleMetrics.LastStatus}}, {{ScheduleMetrics.LastSuccessTimestamp}}).
            set -uo pipefail
            name={{Shell.Quote(schedule.Name)}}
            job_script=${JOB_SCRIPT:-{{Shell.Quote(schedule.InstalledJobScript)}}}
            lock_file=${LOCK_FILE:-{{Shell.Quote(schedule.LockFile)}}}
            metrics_file={{Shell.Quote(file)}}
            if [[ -z ${METRICS_DIR:-} ]]; then
              # Every node's node-exporter reads this volume; on the leader the runner writes into it.
              if ! METRICS_DIR=$(docker volume create {{BackupMetrics.TextfileVolume}} >/dev/null && docker volume inspect --format '{{"{{"}}.Mountpoint{{"}}"}}' {{BackupMetrics.TextfileVolume}}); then
                echo "scheduled task $name: cannot find the volume {{BackupMetrics.TextfileVolume}} for its metrics; is Docker running?" >&2
                exit 1
              fi
            fi

            exec 9>"$lock_file"
            if ! flock -n 9; then
              echo "scheduled task $name: another run holds $lock_file; this one is skipped" >&2
              exit 0
            fi

            started=$(date +%s)
            status=0
            bash "$job_script" || status=$?
            ended=$(date +%s)
            success=0
            if [[ -f $METRICS_DIR/$metrics_file ]]; then
              success=$(sed -n 's/^{{ScheduleMetrics.LastSuccessTimestamp}}{[^}]*} //p' "$METRICS_DIR/$metrics_file")
            fi
            last_status=0
            if (( status == 0 )); then
              success=$ended
              last_status=1
            fi

            mkdir -p "$METRICS_DIR"
            cat >"$METRICS_DIR/.$metrics_file.tmp" <<METRICS
            # HELP {{ScheduleMetrics.LastSuccessTimestamp}} Unix time of the last run of a scheduled task that completed.
            # TYPE {{ScheduleMetrics.LastSuccessTimestamp}} gauge
            {{ScheduleMetrics.LastSuccessTimestamp}}{{label}} ${success:-0}
            # HELP {{ScheduleMetrics.LastRunTimestamp}} Unix time the last run of a scheduled task ended.
            # TYPE {{ScheduleMetrics.LastRunTimestamp}} gauge
            {{ScheduleMetrics.LastRunTimestamp}}{{label}} $ended
            # HELP {{ScheduleMetrics.LastStatus}} 1 when the last run of a scheduled task completed, 0 when it failed.
            # TYPE {{ScheduleMetrics.LastStatus}} gauge
            {{ScheduleMetrics.LastStatus}}{{label}} $last_status
            # HELP {{ScheduleMetrics.LastDuration}} Seconds the last run of a scheduled task took.
            # TYPE {{ScheduleMetrics.LastDuration}} gauge
            {{ScheduleMetrics.LastDuration}}{{label}} $((ended - started))
            METRICS
            chmod 644 "$METRICS_DIR/.$metrics_file.tmp"
            mv "$METRICS_DIR/.$metrics_file.tmp" "$METRICS_DIR/$metrics_file"
            if (( status != 0 )); then
              echo "scheduled task $name: the run failed (exit $status); ScheduledTaskFailed fires until a run completes" >&2
            fi
            exit "$status"

            """;
    }

    /// <summary>The oneshot service unit of <paramref name="schedule"/>.</summary>
    public static string ServiceUnit(ScheduleSpec schedule) => $"""
        # Rendered by Infra: one run of the scheduled task '{schedule.Name}'. Started by {schedule.UnitName}.timer, or by hand:
        #   sudo systemctl start {schedule.UnitName}.service
        [Unit]
        Description=Infra scheduled task {schedule.Name}
        Requires=docker.service
        After=docker.service

        [Service]
        Type=oneshot
        EnvironmentFile={schedule.EnvironmentFile}
        ExecStart=/bin/bash {schedule.InstalledScript}
        TimeoutStartSec={schedule.Job.TimeoutSeconds + 120}

        """;

    /// <summary>The timer unit of <paramref name="schedule"/>: its cron schedule as a systemd calendar event.</summary>
    public static string TimerUnit(ScheduleSpec schedule) => $"""
        # Rendered by Infra from infra:app.schedules: '{schedule.Schedule}' (cron, UTC).
        [Unit]
        Description=Starts the Infra scheduled task {schedule.Name} on '{schedule.Schedule}' (UTC)

        [Timer]
        OnCalendar={schedule.Schedule.OnCalendar}
        AccuracySec=1s
        Persistent=false

        [Install]
        WantedBy=timers.target

        """;

    /// <summary>
    /// The script that installs every scheduled task on the leader, as root: the scripts and units (written only when
    /// changed), each task's environment file from the <c>SECRET_*</c> exports, the timers enabled; timers of tasks no
    /// longer declared are stopped and removed. Idempotent.
    /// </summary>
    public static string Install(IReadOnlyList<ScheduleSpec> schedules)
    {
        var s = new StringBuilder();
        s.Append("#!/usr/bin/env bash\n");
        s.Append("# Rendered by Infra: installs the scheduled tasks (infra:app.schedules) on the leader as systemd timers.\n");
        s.Append("set -euo pipefail\n");
        s.Append(Shell.Preamble(InstallPath)).Append('\n');
        var secrets = schedules.SelectMany(x => x.Job.Secrets).Select(m => JobScript.SecretVariable(m.Secret)).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var variable in secrets)
        {
            s.Append(CultureInfo.InvariantCulture, $": \"${{{variable}:?set {variable} to the Swarm name of its secret}}\"\n");
        }

        // A task of a private image logs in before each run (JobScript): the token is kept for the timer in the
        // task's root-only environment file, as the Swarm secret names are.
        var token = RegistryLogin.TokenVariable;
        if (schedules.FirstOrDefault(x => x.Job.Registry is not null)?.Job.Registry is { } registry)
        {
            s.Append(CultureInfo.InvariantCulture, $": \"${{{token}:?set {token} to the token of {registry.TokenKey}}}\"\n");
        }

        s.Append(CultureInfo.InvariantCulture, $"mkdir -p {ScheduleSpec.InstallDirectory} {ScheduleSpec.EnvironmentDirectory}\n");
        s.Append("chmod 0700 ").Append(ScheduleSpec.EnvironmentDirectory).Append('\n');
        s.Append("reload=0\n");
        foreach (var schedule in schedules)
        {
            s.Append(CultureInfo.InvariantCulture, $"\nlog \"scheduled task {schedule.Name}\"\n");
            File(s, schedule.InstalledScript, "0755", Runner(schedule), reload: false);
            File(s, schedule.InstalledJobScript, "0755", JobScript.Render(schedule.Job), reload: false);
            var variables = schedule.Job.Secrets.Select(m => JobScript.SecretVariable(m.Secret)).Distinct()
                .Concat(schedule.Job.Registry is null ? [] : [token]);
            var environment = string.Concat(variables.Select(v => $"{v}=${v}\n"));
            s.Append(CultureInfo.InvariantCulture, $"put_file {schedule.EnvironmentFile} 0600 <<ENV || true\n{environment}ENV\n");
            File(s, $"/etc/systemd/system/{schedule.UnitName}.service", "0644", ServiceUnit(schedule), reload: true);
            File(s, $"/etc/systemd/system/{schedule.UnitName}.timer", "0644", TimerUnit(schedule), reload: true);
        }

        var keep = string.Join(' ', schedules.Select(x => Shell.Quote(x.UnitName + ".timer")));
        s.Append(CultureInfo.InvariantCulture, $$"""

            log "timers of tasks no longer declared"
            keep=({{keep}})
            for unit in /etc/systemd/system/infra-schedule-*.timer; do
              [[ -e $unit ]] || continue
              timer=${unit##*/}
              if [[ " ${keep[*]} " != *" $timer "* ]]; then
                systemctl disable --now "$timer" >/dev/null 2>&1 || true
                task=${timer#infra-schedule-}
                task=${task%.timer}
                rm -f "$unit" "/etc/systemd/system/infra-schedule-$task.service" "{{ScheduleSpec.InstallDirectory}}/$task.sh" "{{ScheduleSpec.InstallDirectory}}/$task.job.sh" "{{ScheduleSpec.EnvironmentDirectory}}/$task.env"
                changed "removed $timer"
                reload=1
              fi
            done
            if (( reload )); then
              systemctl daemon-reload
            fi

            """);
        foreach (var schedule in schedules)
        {
            s.Append(CultureInfo.InvariantCulture, $"systemctl enable --now {schedule.UnitName}.timer >/dev/null 2>&1 || {{ echo \"cannot enable {schedule.UnitName}.timer\" >&2; exit 1; }}\n");
        }

        s.Append("finish\n");
        return s.ToString();
    }

    // A file written by put_file from a quoted heredoc, so nothing in it expands here.
    private static void File(StringBuilder s, string path, string mode, string content, bool reload)
    {
        var marker = "INFRA_" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(path)))[..8];
        s.Append(reload
            ? $"if put_file {path} {mode} <<'{marker}'; then reload=1; fi\n"
            : $"put_file {path} {mode} <<'{marker}' || true\n");
        s.Append(content);
        if (!content.EndsWith('\n'))
        {
            s.Append('\n');
        }

        s.Append(marker).Append('\n');
    }
}
