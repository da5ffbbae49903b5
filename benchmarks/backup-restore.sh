#!/usr/bin/env bash
# Backup and restore-drill timings for a generated ~1 GB database, with the rendered scripts, on loopback.
#
#   sudo benchmarks/backup-restore.sh            # ~1 GB (pgbench scale 70)
#   SCALE=10 sudo benchmarks/backup-restore.sh   # smaller
#
# Starts a throwaway Postgres and Redis (Debian's packages) in a temp dir, fills the database with pgbench,
# runs the staging stack's rendered backup.sh into a local restic repository, then restore-drill.sh, and prints
# the times. Everything it started is stopped and removed on exit. Not part of test.sh.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

readonly SCALE=${SCALE:-70}
readonly STACK=${STACK:-staging}
[[ $(id -u) -eq 0 ]] || { echo "run as root: Postgres runs as the postgres user through runuser" >&2; exit 1; }
pg_bin=$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
[[ -n $pg_bin ]] || { echo "install postgresql (apt-get install -y postgresql)" >&2; exit 1; }
for tool in restic redis-server redis-cli psql pgbench dotnet; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y restic redis-server redis-tools postgresql-client postgresql-contrib)" >&2; exit 1; }
done

work=$(mktemp -d /tmp/infra-bench.XXXXXX)
chmod 755 "$work"
redis_pid=
cleanup() {
  [[ ! -f $work/pg/data/postmaster.pid ]] || runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
  [[ -z $redis_pid ]] || kill "$redis_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
elapsed() { local start=$1; echo $(($(date +%s) - start)); }

echo "rendering the $STACK stack's scripts"
dotnet run --project infra/Infra.Cli -v q -- plan --stack "$STACK" --out "$work/plan" >/dev/null

pg_port=$(free_port)
redis_port=$(free_port)
drill_port=$(free_port)
password=bench-$RANDOM$RANDOM
mkdir -p "$work/pg" "$work/redis" "$work/metrics"
printf '%s\n' "$password" >"$work/pg/password"
printf '%s\n' "$password" >"$work/redis/password"
printf 'requirepass %s\n' "$password" >"$work/redis/auth"
printf 'restic-%s\n' "$password" >"$work/restic-password"
chown -R postgres:postgres "$work/pg"

echo "starting Postgres on 127.0.0.1:$pg_port and Redis on 127.0.0.1:$redis_port"
runuser -u postgres -- "$pg_bin/initdb" -D "$work/pg/data" -U app --pwfile="$work/pg/password" --auth=scram-sha-256 -E UTF8 --locale=C >/dev/null
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg/data" -w -l "$work/pg/log" \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -c unix_socket_directories=$work/pg -c shared_buffers=512MB -c max_wal_size=4GB" start >/dev/null
sed -e "s#^bind .*#bind 127.0.0.1#" -e "s#^port .*#port $redis_port#" -e "s#^include .*#include $work/redis/auth#" -e "s#^dir .*#dir $work/redis#" \
  "$work/plan/configs/redis.conf" >"$work/redis/redis.conf"
redis-server "$work/redis/redis.conf" >"$work/redis/log" 2>&1 &
redis_pid=$!

export PGPASSWORD=$password
psql -X -q -h 127.0.0.1 -p "$pg_port" -U app -d postgres -c 'CREATE DATABASE app'
echo "generating the database: pgbench scale $SCALE"
start=$(date +%s)
pgbench -q -i -s "$SCALE" -h 127.0.0.1 -p "$pg_port" -U app app 2>&1 | tail -n 1
generate_time=$(elapsed "$start")
db_size=$(psql -X -A -t -h 127.0.0.1 -p "$pg_port" -U app -d app -c "SELECT pg_size_pretty(pg_database_size('app'))")
REDISCLI_AUTH=$password redis-cli -p "$redis_port" SET bench:key value >/dev/null

restic_bin=$(command -v restic)
export PATH="$pg_bin:$PATH" PGHOST=127.0.0.1 PGPORT=$pg_port PGPASSWORD_FILE=$work/pg/password \
  REDIS_HOST=127.0.0.1 REDIS_PORT=$redis_port REDIS_PASSWORD_FILE=$work/redis/password REDIS_DATA_DIR=$work/redis \
  RESTIC_BIN=$restic_bin RESTIC_REPOSITORY=$work/repo RESTIC_PASSWORD_FILE=$work/restic-password RESTIC_CACHE_DIR=$work/cache \
  AWS_ACCESS_KEY_ID_FILE=$work/none AWS_SECRET_ACCESS_KEY_FILE=$work/none BACKUP_WORK_DIR=$work/backup METRICS_DIR=$work/metrics \
  DRILL_RUN_AS="runuser -u postgres --" DRILL_PORT=$drill_port
unset PGPASSWORD

echo "backup (pg_dump with row counts, Redis BGSAVE, restic upload, retention)"
start=$(date +%s)
bash "$work/plan/configs/backup.sh"
backup_time=$(elapsed "$start")
repo_size=$(du -sh "$work/repo" | cut -f1)

echo "restore drill (restic check 5%, restore, scratch Postgres, pg_restore, row counts)"
start=$(date +%s)
bash "$work/plan/configs/restore-drill.sh"
drill_time=$(elapsed "$start")

cat <<REPORT

backup-restore benchmark ($(nproc) CPUs, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM)
  database           $db_size (pgbench scale $SCALE, generated in ${generate_time}s)
  backup             ${backup_time}s   repository $repo_size (compressed dump, encrypted)
  restore drill      ${drill_time}s
$(cat "$work/metrics/"*.prom | grep -v '^#' | sed 's/^/  /')
REPORT
