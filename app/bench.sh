#!/usr/bin/env bash
# Benchmarks the reference app on loopback: a cached GET and a DB write (POST), each driven by wrk at 64 connections,
# against real Postgres and Redis started in a temp dir. Prints requests/s and p50/p99 latency for both.
#
#   app/bench.sh                      # 10 s per scenario, 64 connections, 2 wrk threads
#   BENCH_DURATION=30s app/bench.sh   # longer runs
#
# Needs: dotnet, wrk, curl, redis-server and the postgresql server packages (apt-get install wrk curl redis-server postgresql).
# Everything it starts listens on 127.0.0.1 only and is stopped, and its temp dir removed, when the script exits.
set -euo pipefail

duration=${BENCH_DURATION:-10s}
connections=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")

die() { echo "bench: $*" >&2; exit 1; }

for tool in dotnet wrk curl redis-server; do
  command -v "$tool" >/dev/null || die "$tool not found; install it first (see the header of this script)"
done
pg_bin=$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
[[ -n "$pg_bin" && -x "$pg_bin/postgres" ]] || die "Postgres server binaries not found under /usr/lib/postgresql; apt-get install postgresql"

work=$(mktemp -d /tmp/infra-app-bench.XXXXXX)
# The postgres user must be able to reach its data directory inside.
chmod 711 "$work"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A port nothing answers on; /dev/tcp connects fail fast on loopback.
free_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

wait_for() {
  local what=$1; shift
  for _ in $(seq 1 150); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  die "$what did not come up; logs are in $work"
}

# Postgres refuses to run as root: run it as the postgres user when we are root.
as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then
    setpriv --reuid=postgres --regid=postgres --clear-groups -- "$@"
  else
    "$@"
  fi
}

echo "== building the app (Release)"
dotnet publish "$root/app/Infra.App/Infra.App.csproj" --configuration Release --output "$work/app" --nologo -v quiet >"$work/build.log" 2>&1 \
  || { cat "$work/build.log"; die "build failed"; }

pg_port=$(free_port)
redis_port=$(free_port)
app_port=$(free_port)
mkdir -p "$work/pg" "$work/secrets"
printf 'bench-admin' >"$work/pg/pwfile"
printf 'bench-app-password\n' >"$work/secrets/postgres_password"
printf 'bench-redis-password\n' >"$work/secrets/redis_password"
head -c 48 /dev/urandom | base64 >"$work/secrets/app_signing_key"
if [[ $(id -u) -eq 0 ]]; then chown -R postgres:postgres "$work/pg"; fi

echo "== starting Postgres on 127.0.0.1:$pg_port and Redis on 127.0.0.1:$redis_port"
as_postgres "$pg_bin/initdb" -D "$work/pg/data" -U postgres --pwfile "$work/pg/pwfile" \
  --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --no-sync >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log"; die "initdb failed"; }
# synchronous_commit=off: measure the app and its queries, not this machine's fsync latency.
as_postgres "$pg_bin/postgres" -D "$work/pg/data" -p "$pg_port" -k "$work/pg" -c listen_addresses=127.0.0.1 \
  -c synchronous_commit=off -c max_connections=200 >"$work/postgres.log" 2>&1 &
pids+=($!)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --requirepass bench-redis-password \
  --dir "$work" --daemonize no --loglevel warning >"$work/redis.log" 2>&1 &
pids+=($!)
export PGPASSWORD=bench-admin
wait_for Postgres "$pg_bin/pg_isready" -h 127.0.0.1 -p "$pg_port" -U postgres
"$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -q -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE app LOGIN PASSWORD 'bench-app-password'" -c "CREATE DATABASE app OWNER app" >/dev/null

export APP_PORT=$app_port APP_BIND_ADDRESS=127.0.0.1 APP_ENVIRONMENT=bench APP_VERSION=bench APP_INSTANCE=app-1
export APP_SIGNING_KEY_FILE=$work/secrets/app_signing_key APP_RATE_LIMIT_PER_MINUTE=10000000
export POSTGRES_HOST=127.0.0.1 POSTGRES_PORT=$pg_port POSTGRES_DATABASE=app POSTGRES_USER=app
export POSTGRES_PASSWORD_FILE=$work/secrets/postgres_password POSTGRES_MAX_POOL_SIZE=64
export REDIS_HOST=127.0.0.1 REDIS_PORT=$redis_port REDIS_PASSWORD_FILE=$work/secrets/redis_password

echo "== migrating and starting the app on 127.0.0.1:$app_port"
dotnet "$work/app/Infra.App.dll" migrate >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log"; die "migrate failed"; }
dotnet "$work/app/Infra.App.dll" >"$work/app.log" 2>&1 &
pids+=($!)
base="http://127.0.0.1:$app_port"
wait_for "the app" curl -fsS "$base/health/ready"
task=$(curl -fsS -X POST -H 'Content-Type: application/json' -d '{"title":"benchmark"}' "$base/api/tasks")
id=${task#*\"id\":}
id=${id%%,*}

cat >"$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"title":"written by wrk"}'
wrk.headers["Content-Type"] = "application/json"
LUA

# wrk --latency prints "Requests/sec: N" and a distribution with "50% Xms" and "99% Yms" lines.
run() {
  local name=$1 file=$2; shift 2
  echo "== $name: wrk -t$threads -c$connections -d$duration" >&2
  wrk -t"$threads" -c"$connections" -d"$duration" --latency "$@" >"$work/$file.txt"
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$work/$file.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$work/$file.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/$file.txt")
  errors=$(awk '/Non-2xx or 3xx responses:/ {print $NF} /Socket errors:/ {print $0}' "$work/$file.txt" | paste -sd' ')
  printf '%-22s %12s %10s %10s   %s\n' "$name" "$rps" "$p50" "$p99" "${errors:-0}"
}

echo
printf '%-22s %12s %10s %10s   %s\n' scenario requests/s p50 p99 "non-2xx"
run "GET /api/tasks/$id" cached-get "$base/api/tasks/$id"
run "POST /api/tasks" db-write -s "$work/post.lua" "$base/api/tasks"
echo
echo "cache: $(curl -fsS "$base/metrics" | awk '/^app_cache_lookups_total/ {printf "%s=%s ", $1, $2}')"
