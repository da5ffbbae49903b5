#!/usr/bin/env bash
# Rendered by Infra from infra:backups.* settings: back up Postgres and Redis to the restic repository.
# Usage: backup.sh        full backup (dump + row counts, Redis snapshot), retention, metrics
#        backup.sh wal    ship the WAL archive only (point-in-time recovery)
# Restore: docs/runbooks/restore.md.
set -Eeuo pipefail
umask 077

: "${PGHOST:=postgres}" "${PGPORT:=5432}"
: "${PGDATABASE:=app}" "${PGUSER:=infra_backup}"
: "${PGPASSWORD_FILE:=/run/secrets/postgres_backup_password}"
: "${REDIS_HOST:=redis}" "${REDIS_PORT:=6379}"
: "${REDIS_PASSWORD_FILE:=/run/secrets/redis_password}" "${REDIS_DATA_DIR:=/redis-data}"
: "${RESTIC_BIN:=/opt/infra-tools/restic}" "${RESTIC_REPOSITORY:=s3:https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com/example-staging-backups/staging}"
: "${RESTIC_PASSWORD_FILE:=/run/secrets/restic_password}"
: "${AWS_ACCESS_KEY_ID_FILE:=/run/secrets/backup_s3_access_key_id}" "${AWS_SECRET_ACCESS_KEY_FILE:=/run/secrets/backup_s3_secret_access_key}"
: "${AWS_DEFAULT_REGION:=auto}"
: "${BACKUP_HOST:=staging}" "${BACKUP_WORK_DIR:=/var/lib/backup}"
: "${METRICS_DIR:=/var/lib/node-exporter/textfile}"
: "${POINT_IN_TIME_RECOVERY:=false}" "${WAL_ARCHIVE_DIR:=/var/lib/postgresql/wal-archive}"
: "${KEEP_DAILY:=3}" "${KEEP_WEEKLY:=2}" "${KEEP_MONTHLY:=1}"
export PGHOST PGPORT PGDATABASE PGUSER RESTIC_REPOSITORY RESTIC_PASSWORD_FILE AWS_DEFAULT_REGION

readonly mode=${1:-full}
started=$(date +%s)
readonly started
step=starting

log() { printf '%s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "backup[$mode]" "$*" >&2; }

restic_() { "$RESTIC_BIN" --quiet "$@"; }

# The value of a metric in the last text file, so a failure keeps the last success visible.
previous() {
  local value=
  [[ -f $METRICS_DIR/infra_backup.prom ]] && value=$(sed -n "s/^$1 //p" "$METRICS_DIR/infra_backup.prom")
  printf '%s' "${value:-0}"
}

write_metrics() {
  local status=$1 success=$2 duration=$3
  mkdir -p "$METRICS_DIR"
  cat >"$METRICS_DIR/.infra_backup.prom.tmp" <<METRICS
# HELP infra_backup_last_success_timestamp_seconds Unix time of the last successful backup.
# TYPE infra_backup_last_success_timestamp_seconds gauge
infra_backup_last_success_timestamp_seconds $success
# HELP infra_backup_last_duration_seconds Seconds the last successful backup took.
# TYPE infra_backup_last_duration_seconds gauge
infra_backup_last_duration_seconds $duration
# HELP infra_backup_last_status 1 if the last backup succeeded, 0 if it failed.
# TYPE infra_backup_last_status gauge
infra_backup_last_status $status
METRICS
  chmod 644 "$METRICS_DIR/.infra_backup.prom.tmp"
  mv "$METRICS_DIR/.infra_backup.prom.tmp" "$METRICS_DIR/infra_backup.prom"
}

finish() {
  local code=$?
  [[ $mode == full ]] || { [[ $code -eq 0 ]] || log "FAILED while $step (exit $code)"; return; }
  if [[ $code -eq 0 ]]; then
    write_metrics 1 "$(date +%s)" "$(($(date +%s) - started))"
    log "done in $(($(date +%s) - started))s"
  else
    write_metrics 0 "$(previous infra_backup_last_success_timestamp_seconds)" "$(previous infra_backup_last_duration_seconds)"
    log "FAILED while $step (exit $code); the last good backup is still the latest in the repository"
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
PGPASSWORD="$(read_secret "$PGPASSWORD_FILE")"
export PGPASSWORD

ensure_repository() {
  step="opening the repository"
  if ! restic_ cat config >/dev/null 2>&1; then
    log "initialising the repository $RESTIC_REPOSITORY"
    restic_ init
  fi
}

ship_wal() {
  step="shipping the WAL archive"
  restic_ backup --host "$BACKUP_HOST" --tag wal --exclude '*.tmp' "$WAL_ARCHIVE_DIR"
}

# Sends one command to Redis in its wire protocol over bash's /dev/tcp and prints the reply line;
# the backup image needs no redis-cli.
redis_call() {
  local arg reply
  printf '*%d\r\n' "$#" >&3
  for arg in "$@"; do printf '$%d\r\n%s\r\n' "${#arg}" "$arg" >&3; done
  IFS= read -r -t 30 reply <&3
  printf '%s' "${reply%$'\r'}"
}

snapshot_redis() {
  step="snapshotting Redis"
  local reply before now
  exec 3<>"/dev/tcp/$REDIS_HOST/$REDIS_PORT"
  reply=$(redis_call AUTH "$(read_secret "$REDIS_PASSWORD_FILE")")
  [[ $reply == +OK ]] || { log "Redis refused AUTH: $reply"; return 1; }
  before=$(redis_call LASTSAVE)
  before=${before#:}
  # LASTSAVE has one-second resolution: start the save in a later second than the last one.
  while [[ $(date +%s) -le $before ]]; do sleep 0.2; done
  reply=$(redis_call BGSAVE)
  [[ $reply == +* || $reply == *"already in progress"* ]] || { log "BGSAVE failed: $reply"; return 1; }
  for _ in $(seq 1 600); do
    now=$(redis_call LASTSAVE)
    now=${now#:}
    [[ $now -gt $before ]] && break
    sleep 1
  done
  [[ $now -gt $before ]] || { log "Redis did not finish BGSAVE within 10 minutes"; return 1; }
  exec 3>&-
  cp "$REDIS_DATA_DIR/dump.rdb" "$stage/redis.rdb"
}

# Counts every table's rows in an exported snapshot, then dumps that same snapshot: the drill compares
# what it restores against counts that describe exactly this dump.
dump_postgres() {
  step="counting rows"
  local snapshot line
  coproc PSQL { psql -X -q -A -t -v ON_ERROR_STOP=1 2>&1; }
  printf '%s\n' 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;' 'SELECT pg_export_snapshot();' >&"${PSQL[1]}"
  IFS= read -r -t 60 snapshot <&"${PSQL[0]}" || true
  [[ $snapshot =~ ^[0-9A-F]+-[0-9A-F]+(-[0-9]+)?$ ]] || { log "could not export a snapshot: $snapshot"; return 1; }
  printf '%s\n' "$COUNT_TABLES" "SELECT 'end-of-counts';" >&"${PSQL[1]}"
  : >"$stage/counts.tsv"
  while IFS= read -r -t 3600 line <&"${PSQL[0]}"; do
    [[ $line == end-of-counts ]] && break
    [[ $line == *$'\t'* ]] || { log "counting rows failed: $line"; return 1; }
    printf '%s\n' "$line" >>"$stage/counts.tsv"
  done
  [[ $line == end-of-counts ]] || { log "counting rows did not finish"; return 1; }
  step="dumping Postgres"
  pg_dump --snapshot="$snapshot" --format=custom --compress=6 --file="$stage/db.dump"
  printf '%s\n' 'COMMIT;' '\q' >&"${PSQL[1]}"
  wait "$PSQL_PID" 2>/dev/null || true
  {
    printf 'created_at=%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    printf 'database=%s\n' "$PGDATABASE"
    printf 'server_version=%s\n' "$(psql -X -A -t -c 'SHOW server_version_num')"
    printf 'snapshot=%s\n' "$snapshot"
    printf 'tables=%s\n' "$(wc -l <"$stage/counts.tsv")"
  } >"$stage/manifest.env"
  log "dumped $PGDATABASE: $(wc -l <"$stage/counts.tsv") tables, $(du -h "$stage/db.dump" | cut -f1)"
}

base_backup() {
  step="taking a base backup"
  local base=$BACKUP_WORK_DIR/base
  rm -rf "$base"
  pg_basebackup --pgdata="$base" --format=tar --gzip --wal-method=stream --checkpoint=fast --label="infra-$started" --no-password
  restic_ backup --host "$BACKUP_HOST" --tag base "$base"
  rm -rf "$base"
  # Segments older than this base backup are offsite in earlier WAL snapshots; the archive keeps the rest.
  step="cleaning the WAL archive"
  local label
  label=$(find "$WAL_ARCHIVE_DIR" -maxdepth 1 -name '*.backup' -newer "$stage/manifest.env" -printf '%f\n' | sort | tail -n 1)
  [[ -z $label ]] || pg_archivecleanup "$WAL_ARCHIVE_DIR" "$label"
}

forget() {
  step="applying the retention"
  restic_ forget --host "$BACKUP_HOST" --tag dump --group-by host,tags --keep-daily "$KEEP_DAILY" --keep-weekly "$KEEP_WEEKLY" --keep-monthly "$KEEP_MONTHLY"
  if [[ $POINT_IN_TIME_RECOVERY == true ]]; then
    restic_ forget --host "$BACKUP_HOST" --tag base --group-by host,tags --keep-daily "$KEEP_DAILY" --keep-weekly "$KEEP_WEEKLY" --keep-monthly "$KEEP_MONTHLY"
    restic_ forget --host "$BACKUP_HOST" --tag wal --group-by host,tags --keep-within "${KEEP_DAILY}d"
  fi
  restic_ prune
}

readonly COUNT_TABLES="SELECT format('SELECT %L || chr(9) || count(*) FROM %I.%I;', n.nspname || '.' || c.relname, n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%' ORDER BY 1 \gexec"

ensure_repository
if [[ $mode == wal ]]; then
  [[ $POINT_IN_TIME_RECOVERY == true ]] || { log "point-in-time recovery is off; nothing to ship"; exit 0; }
  ship_wal
  exit 0
fi
[[ $mode == full ]] || { log "unknown mode '$mode'; use: backup.sh [wal]"; exit 2; }

stage=$BACKUP_WORK_DIR/stage
rm -rf "$stage"
mkdir -p "$stage"
dump_postgres
snapshot_redis
step="uploading the dump"
restic_ backup --host "$BACKUP_HOST" --tag dump "$stage"
if [[ $POINT_IN_TIME_RECOVERY == true ]]; then
  ship_wal
  base_backup
fi
forget
rm -rf "$stage"
