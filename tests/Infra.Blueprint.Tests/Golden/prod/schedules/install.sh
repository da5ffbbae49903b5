#!/usr/bin/env bash
# Rendered by Infra: installs the scheduled tasks (infra:app.schedules) on the leader as systemd timers.
set -euo pipefail
log() { printf '[%s %s] %s\n' 'schedules/install.sh' "$(hostname)" "$*" >&2; }
changes=()
changed() { changes+=("$1"); log "changed: $1"; }
skipped() { log "skipped: $1 ($2)"; }
# put_file PATH MODE: writes standard input to PATH unless it already holds exactly that; returns 1 when unchanged.
put_file() {
  local path=$1 mode=$2 tmp
  tmp=$(mktemp "${path}.XXXXXX")
  cat >"$tmp"
  chmod "$mode" "$tmp"
  if [[ -f "$path" ]] && cmp -s "$tmp" "$path" && [[ $(stat -c %a "$path") == "${mode#0}" ]]; then
    rm -f "$tmp"
    return 1
  fi
  mv "$tmp" "$path"
  changed "$path"
}
finish() {
  if [[ ${#changes[@]} -eq 0 ]]; then
    log "nothing changed"
  else
    log "${#changes[@]} change(s): ${changes[*]}"
  fi
}
: "${SECRET_APP_SIGNING_KEY:?set SECRET_APP_SIGNING_KEY to the Swarm name of its secret}"
: "${SECRET_POSTGRES_APP_PASSWORD:?set SECRET_POSTGRES_APP_PASSWORD to the Swarm name of its secret}"
: "${SECRET_REDIS_PASSWORD:?set SECRET_REDIS_PASSWORD to the Swarm name of its secret}"
mkdir -p /usr/local/lib/infra/schedules /etc/infra/schedules
chmod 0700 /etc/infra/schedules
reload=0

log "scheduled task cleanup"
put_file /usr/local/lib/infra/schedules/cleanup.sh 0755 <<'INFRA_28638E28' || true
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
INFRA_28638E28
put_file /usr/local/lib/infra/schedules/cleanup.job.sh 0755 <<'INFRA_6DBD08E3' || true
#!/usr/bin/env bash
# Rendered by Infra: run the job 'schedule-cleanup' to completion as a one-shot Swarm service; fail unless it completes.
set -euo pipefail
: "${SECRET_APP_SIGNING_KEY:?set SECRET_APP_SIGNING_KEY to the Swarm name of the secret app_signing_key}"
: "${SECRET_POSTGRES_APP_PASSWORD:?set SECRET_POSTGRES_APP_PASSWORD to the Swarm name of the secret postgres_app_password}"
: "${SECRET_REDIS_PASSWORD:?set SECRET_REDIS_PASSWORD to the Swarm name of the secret redis_password}"
name='schedule-cleanup-4c2a0b1e5f6d'
remove_job() {
  local tasks task left until=$((SECONDS + 60))
  mapfile -t tasks < <(docker service ps --quiet --no-trunc "$name" 2>/dev/null || true)
  docker service rm "$name" >/dev/null 2>&1 || true
  while (( ${#tasks[@]} > 0 && SECONDS < until )); do
    left=0
    for task in "${tasks[@]}"; do
      if docker inspect --type task "$task" >/dev/null 2>&1; then left=1; fi
    done
    (( left )) || break
    sleep 1
  done
}
# A previous run interrupted before its cleanup left its service behind.
remove_job
docker service create --detach --quiet --name "$name" --mode replicated --replicas 1 --restart-condition none \
  --no-healthcheck \
  --constraint 'node.labels.infra.app==true' \
  --network 'backend' \
  --secret "source=$SECRET_APP_SIGNING_KEY,target=app_signing_key,uid=0,gid=0,mode=0444" \
  --secret "source=$SECRET_POSTGRES_APP_PASSWORD,target=postgres_password,uid=0,gid=0,mode=0444" \
  --secret "source=$SECRET_REDIS_PASSWORD,target=redis_password,uid=0,gid=0,mode=0444" \
  --env 'APP_CORS_ORIGINS=https://app.example.com' \
  --env 'APP_DRAIN_SECONDS=10' \
  --env 'APP_ENVIRONMENT=prod' \
  --env 'APP_INSTANCE=schedule-cleanup' \
  --env 'APP_MAX_REQUEST_BODY_BYTES=1048576' \
  --env 'APP_MAX_WEBSOCKETS=1000' \
  --env 'APP_METRICS_PORT=9464' \
  --env 'APP_PORT=8080' \
  --env 'APP_RATE_LIMIT_PER_MINUTE=1240' \
  --env 'APP_SIGNING_KEY_FILE=/run/secrets/app_signing_key' \
  --env 'APP_VERSION=1.0.0' \
  --env 'POSTGRES_DATABASE=app' \
  --env 'POSTGRES_HOST=pgbouncer' \
  --env 'POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password' \
  --env 'POSTGRES_PORT=6432' \
  --env 'POSTGRES_SSL_MODE=verify-full' \
  --env 'POSTGRES_SSL_ROOT_CERT_FILE=/etc/ssl/infra/internal-ca.crt' \
  --env 'POSTGRES_USER=infra_app' \
  --env 'REDIS_HOST=redis' \
  --env 'REDIS_PASSWORD_FILE=/run/secrets/redis_password' \
  --env 'REDIS_PORT=6379' \
  'ghcr.io/example/infra-app:1.0.0@sha256:4c2a0b1e5f6d7c8b9a0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3' 'cleanup' >/dev/null
deadline=$((SECONDS + 600))
state=
while (( SECONDS < deadline )); do
  state=$(docker service ps "$name" --format '{{.CurrentState}}' 2>/dev/null | head -n 1 | cut -d ' ' -f 1 || true)
  case "$state" in
    Complete|Failed|Rejected|Shutdown|Orphaned) break ;;
  esac
  sleep 2
done
docker service logs --raw "$name" 2>&1 | tail -n 200 || true
remove_job
if [[ "$state" != "Complete" ]]; then
  echo "job schedule-cleanup: its task ended as '${state:-never started}' (timeout 600s)" >&2
  exit 1
fi
INFRA_6DBD08E3
put_file /etc/infra/schedules/cleanup.env 0600 <<ENV || true
SECRET_APP_SIGNING_KEY=$SECRET_APP_SIGNING_KEY
SECRET_POSTGRES_APP_PASSWORD=$SECRET_POSTGRES_APP_PASSWORD
SECRET_REDIS_PASSWORD=$SECRET_REDIS_PASSWORD
ENV
if put_file /etc/systemd/system/infra-schedule-cleanup.service 0644 <<'INFRA_7805647C'; then reload=1; fi
# Rendered by Infra: one run of the scheduled task 'cleanup'. Started by infra-schedule-cleanup.timer, or by hand:
#   sudo systemctl start infra-schedule-cleanup.service
[Unit]
Description=Infra scheduled task cleanup
Requires=docker.service
After=docker.service

[Service]
Type=oneshot
EnvironmentFile=/etc/infra/schedules/cleanup.env
ExecStart=/bin/bash /usr/local/lib/infra/schedules/cleanup.sh
TimeoutStartSec=720
INFRA_7805647C
if put_file /etc/systemd/system/infra-schedule-cleanup.timer 0644 <<'INFRA_4126E2AE'; then reload=1; fi
# Rendered by Infra from infra:app.schedules: '30 3 * * *' (cron, UTC).
[Unit]
Description=Starts the Infra scheduled task cleanup on '30 3 * * *' (UTC)

[Timer]
OnCalendar=*-*-* 03:30:00 UTC
AccuracySec=1s
Persistent=false

[Install]
WantedBy=timers.target
INFRA_4126E2AE

log "timers of tasks no longer declared"
keep=('infra-schedule-cleanup.timer')
for unit in /etc/systemd/system/infra-schedule-*.timer; do
  [[ -e $unit ]] || continue
  timer=${unit##*/}
  if [[ " ${keep[*]} " != *" $timer "* ]]; then
    systemctl disable --now "$timer" >/dev/null 2>&1 || true
    task=${timer#infra-schedule-}
    task=${task%.timer}
    rm -f "$unit" "/etc/systemd/system/infra-schedule-$task.service" "/usr/local/lib/infra/schedules/$task.sh" "/usr/local/lib/infra/schedules/$task.job.sh" "/etc/infra/schedules/$task.env"
    changed "removed $timer"
    reload=1
  fi
done
if (( reload )); then
  systemctl daemon-reload
fi
systemctl enable --now infra-schedule-cleanup.timer >/dev/null 2>&1 || { echo "cannot enable infra-schedule-cleanup.timer" >&2; exit 1; }
finish
