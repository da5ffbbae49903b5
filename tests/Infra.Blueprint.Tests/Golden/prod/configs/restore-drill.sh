#!/usr/bin/env bash
# Rendered by Infra: restore the latest backup into a scratch Postgres and check it (docs/data.md).
# Usage: restore-drill.sh [snapshot-id]     (default: the latest dump snapshot of this stack)
set -Eeuo pipefail
umask 077

: "${RESTIC_BIN:=/opt/infra-tools/restic}" "${RESTIC_REPOSITORY:=s3:https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com/example-prod-backups/prod}"
: "${RESTIC_PASSWORD_FILE:=/run/secrets/restic_password}"
: "${AWS_ACCESS_KEY_ID_FILE:=/run/secrets/backup_s3_access_key_id}" "${AWS_SECRET_ACCESS_KEY_FILE:=/run/secrets/backup_s3_secret_access_key}"
: "${AWS_DEFAULT_REGION:=auto}"
: "${BACKUP_HOST:=prod}" "${BACKUP_WORK_DIR:=/var/lib/backup}"
: "${METRICS_DIR:=/var/lib/node-exporter/textfile}"
# The scratch server runs as this user (Postgres refuses root); su-exec is in the Postgres image.
: "${DRILL_USER:=postgres}" "${DRILL_PORT:=55432}"
: "${DRILL_RUN_AS:=su-exec $DRILL_USER}"
# Share of the repository's data restic reads back and verifies on every drill.
: "${DRILL_READ_DATA_SUBSET:=5%}"
export RESTIC_REPOSITORY RESTIC_PASSWORD_FILE AWS_DEFAULT_REGION

readonly snapshot_arg=${1:-latest}
started=$(date +%s)
readonly started
read -r -a run_as <<<"$DRILL_RUN_AS"
step=starting
scratch=
pgdata=

log() { printf '%s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "restore-drill" "$*" >&2; }

restic_() { "$RESTIC_BIN" --quiet "$@"; }

# The value of a metric in the last text file, so a failure keeps the last success visible.
previous() {
  local value=
  [[ -f $METRICS_DIR/infra_restore_drill.prom ]] && value=$(sed -n "s/^$1 //p" "$METRICS_DIR/infra_restore_drill.prom")
  printf '%s' "${value:-0}"
}

write_metrics() {
  local status=$1 success=$2 duration=$3
  mkdir -p "$METRICS_DIR"
  cat >"$METRICS_DIR/.infra_restore_drill.prom.tmp" <<METRICS
# HELP infra_restore_drill_last_success_timestamp_seconds Unix time of the last restore drill that passed.
# TYPE infra_restore_drill_last_success_timestamp_seconds gauge
infra_restore_drill_last_success_timestamp_seconds $success
# HELP infra_restore_drill_last_duration_seconds Seconds the last restore drill took.
# TYPE infra_restore_drill_last_duration_seconds gauge
infra_restore_drill_last_duration_seconds $duration
# HELP infra_restore_drill_last_status 1 if the last restore drill passed, 0 if it failed.
# TYPE infra_restore_drill_last_status gauge
infra_restore_drill_last_status $status
METRICS
  chmod 644 "$METRICS_DIR/.infra_restore_drill.prom.tmp"
  mv "$METRICS_DIR/.infra_restore_drill.prom.tmp" "$METRICS_DIR/infra_restore_drill.prom"
}

finish() {
  local code=$? now
  now=$(date +%s)
  if [[ -n $pgdata && -f $pgdata/postmaster.pid ]]; then
    "${run_as[@]}" pg_ctl --pgdata="$pgdata" --mode=immediate --silent stop >/dev/null 2>&1 || true
  fi
  [[ -z $scratch ]] || rm -rf "$scratch"
  if [[ $code -eq 0 ]]; then
    write_metrics 1 "$now" "$((now - started))"
    log "PASSED in $((now - started))s"
  else
    write_metrics 0 "$(previous infra_restore_drill_last_success_timestamp_seconds)" "$((now - started))"
    log "FAILED while $step (exit $code): the backup cannot be trusted until this is fixed"
  fi
}
trap finish EXIT

# Credentials come from Swarm secret files; only restic's own environment carries them.
read_secret() { tr -d '\r\n' <"$1"; }
if [[ -f $AWS_ACCESS_KEY_ID_FILE ]]; then
  AWS_ACCESS_KEY_ID="$(read_secret "$AWS_ACCESS_KEY_ID_FILE")"
  AWS_SECRET_ACCESS_KEY="$(read_secret "$AWS_SECRET_ACCESS_KEY_FILE")"
  export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
fi

step="checking the repository (restic check)"
restic_ check --read-data-subset="$DRILL_READ_DATA_SUBSET"

step="finding the snapshot"
if [[ $snapshot_arg == latest ]]; then
  snapshot=$(restic_ snapshots --host "$BACKUP_HOST" --tag dump --latest 1 --json | grep -o '"id":"[0-9a-f]*"' | tail -n 1 | cut -d'"' -f4)
else
  snapshot=$snapshot_arg
fi
[[ -n $snapshot ]] || { log "no dump snapshot of host $BACKUP_HOST in $RESTIC_REPOSITORY"; exit 1; }
log "restoring snapshot ${snapshot:0:8}"

mkdir -p "$BACKUP_WORK_DIR"
scratch=$(mktemp -d "$BACKUP_WORK_DIR/drill.XXXXXX")
step="restoring snapshot ${snapshot:0:8}"
restic_ restore "$snapshot" --target "$scratch/restore"
manifest=$(find "$scratch/restore" -name manifest.env -print -quit)
[[ -n $manifest ]] || { log "the snapshot has no manifest.env: not a dump made by backup.sh"; exit 1; }
stage=$(dirname "$manifest")
database=$(sed -n 's/^database=//p' "$manifest")
log "backup of '$database' taken at $(sed -n 's/^created_at=//p' "$manifest")"

step="starting a scratch Postgres"
pgdata=$scratch/pgdata
mkdir -p "$pgdata" "$scratch/socket"
chown "$DRILL_USER" "$pgdata" "$scratch/socket"
# The scratch server's user must reach its directories (search permission only, no listing).
chmod go+x "$BACKUP_WORK_DIR" "$scratch"
"${run_as[@]}" initdb --pgdata="$pgdata" --username=postgres --auth=trust --encoding=UTF8 --locale=C >/dev/null
"${run_as[@]}" pg_ctl --pgdata="$pgdata" --wait --timeout=300 --silent --log="$pgdata/drill.log" \
  -o "-c listen_addresses='' -c unix_socket_directories='$scratch/socket' -p $DRILL_PORT -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_wal_size=4GB -c maintenance_work_mem=256MB" start
scratch_psql() { psql -X -q -A -t -v ON_ERROR_STOP=1 --host="$scratch/socket" --port="$DRILL_PORT" --username=postgres "$@"; }
scratch_psql --dbname=postgres -c "CREATE DATABASE \"$database\""

step="restoring the dump (pg_restore)"
pg_restore --exit-on-error --no-owner --no-privileges --jobs=2 --host="$scratch/socket" --port="$DRILL_PORT" --username=postgres --dbname="$database" "$stage/db.dump"

step="comparing row counts"
scratch_psql --dbname="$database" >"$scratch/restored.tsv" <<<"SELECT format('SELECT %L || chr(9) || count(*) FROM %I.%I;', n.nspname || '.' || c.relname, n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%' ORDER BY 1 \gexec"
problems=$(awk -F '\t' '
  NR == FNR { expected[$1] = $2; next }
  { restored[$1] = $2 }
  END {
    for (t in expected) {
      if (!(t in restored)) print "missing table " t " (" expected[t] " rows at backup time)"
      else if (restored[t] != expected[t]) print "table " t ": " restored[t] " rows restored, " expected[t] " at backup time"
    }
    for (t in restored) if (!(t in expected)) print "unexpected table " t " (not counted at backup time)"
  }' "$stage/counts.tsv" "$scratch/restored.tsv" | sort)
if [[ -n $problems ]]; then
  printf '%s\n' "$problems" | while IFS= read -r problem; do log "MISMATCH: $problem"; done
  exit 1
fi
tables=$(wc -l <"$stage/counts.tsv")
[[ $tables -gt 0 ]] || log "warning: the database had no tables at backup time"
log "row counts match in all $tables tables"

step="checking the Redis snapshot"
[[ -f $stage/redis.rdb && $(head -c 5 "$stage/redis.rdb") == REDIS ]] || { log "the Redis snapshot is missing or not an RDB file"; exit 1; }
