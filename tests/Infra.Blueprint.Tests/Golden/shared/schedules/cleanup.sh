#!/usr/bin/env bash
# Rendered by Infra: the scheduled task 'cleanup' (cron '30 3 * * *', UTC), started by infra-schedule-cleanup.timer.
# One run at a time; the outcome goes to node-exporter's textfile directory (infra_schedule_last_status, infra_schedule_last_success_timestamp_seconds).
set -uo pipefail
name='cleanup'
job_script=${JOB_SCRIPT:-'/usr/local/lib/infra/schedules/cleanup.job.sh'}
lock_file=${LOCK_FILE:-'/run/lock/infra-schedule-cleanup.lock'}
metrics_file='infra_schedule_cleanup.prom'
if [[ -z ${METRICS_DIR:-} ]]; then
  # Every node's node-exporter reads this volume; on the leader the runner writes into it.
  if ! METRICS_DIR=$(docker volume create backup-metrics >/dev/null && docker volume inspect --format '{{.Mountpoint}}' backup-metrics); then
    echo "scheduled task $name: cannot find the volume backup-metrics for its metrics; is Docker running?" >&2
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
  success=$(sed -n 's/^infra_schedule_last_success_timestamp_seconds{[^}]*} //p' "$METRICS_DIR/$metrics_file")
fi
last_status=0
if (( status == 0 )); then
  success=$ended
  last_status=1
fi

mkdir -p "$METRICS_DIR"
cat >"$METRICS_DIR/.$metrics_file.tmp" <<METRICS
# HELP infra_schedule_last_success_timestamp_seconds Unix time of the last run of a scheduled task that completed.
# TYPE infra_schedule_last_success_timestamp_seconds gauge
infra_schedule_last_success_timestamp_seconds{schedule="cleanup"} ${success:-0}
# HELP infra_schedule_last_run_timestamp_seconds Unix time the last run of a scheduled task ended.
# TYPE infra_schedule_last_run_timestamp_seconds gauge
infra_schedule_last_run_timestamp_seconds{schedule="cleanup"} $ended
# HELP infra_schedule_last_status 1 when the last run of a scheduled task completed, 0 when it failed.
# TYPE infra_schedule_last_status gauge
infra_schedule_last_status{schedule="cleanup"} $last_status
# HELP infra_schedule_last_duration_seconds Seconds the last run of a scheduled task took.
# TYPE infra_schedule_last_duration_seconds gauge
infra_schedule_last_duration_seconds{schedule="cleanup"} $((ended - started))
METRICS
chmod 644 "$METRICS_DIR/.$metrics_file.tmp"
mv "$METRICS_DIR/.$metrics_file.tmp" "$METRICS_DIR/$metrics_file"
if (( status != 0 )); then
  echo "scheduled task $name: the run failed (exit $status); ScheduledTaskFailed fires until a run completes" >&2
fi
exit "$status"
