#!/usr/bin/env bash
# Benchmarks the reference app on loopback: a cached GET and a DB write (POST), each driven by wrk at 64 connections,
# against real Postgres and Redis started in a temp dir. Prints requests/s and p50/p99 latency for both.
#
#   app/bench.sh                      # this working tree: 10 s per scenario, 64 connections, 2 wrk threads
#   app/bench.sh main                 # also a git ref's app, interleaved (ref, tree, ref, tree, …), with ratios
#   BENCH_ROUNDS=5 app/bench.sh main  # rounds per build (default 1 alone, 3 with a ref)
#   BENCH_DURATION=30s app/bench.sh   # longer runs
#
# With a ref, both builds share the same Postgres, Redis and machine, one app at a time, so the ratios hold up on a
# busy machine better than the absolute numbers do.
#
# Needs: dotnet, wrk, curl, redis-server and the postgresql server packages (apt-get install wrk curl redis-server postgresql).
# Everything it starts listens on 127.0.0.1 only and is stopped, and its temp dir removed, when the script exits.
set -euo pipefail

duration=${BENCH_DURATION:-10s}
connections=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}
ref=${1:-}
rounds=${BENCH_ROUNDS:-$([[ -n "$ref" ]] && echo 3 || echo 1)}
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

# publish LABEL SOURCE_ROOT: a Release build of the app under $work/builds/LABEL.
publish() {
  echo "== building $1 (Release)"
  dotnet publish "$2/app/Infra.App/Infra.App.csproj" --configuration Release --output "$work/builds/$1" --nologo -v quiet \
    >"$work/build-$1.log" 2>&1 || { cat "$work/build-$1.log"; die "build of $1 failed"; }
}

builds=()
if [[ -n "$ref" ]]; then
  git -C "$root" rev-parse --verify --quiet "$ref^{commit}" >/dev/null || die "$ref is not a commit in $root"
  # Only what the app compiles, exported from the ref: the working tree stays as it is.
  mkdir -p "$work/ref-src"
  git -C "$root" archive "$ref" Directory.Build.props Directory.Packages.props app infra/Infra.Contract | tar -x -C "$work/ref-src"
  publish "$ref" "$work/ref-src"
  builds+=("$ref")
fi
publish tree "$root"
builds+=(tree)

pg_port=$(free_port)
redis_port=$(free_port)
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

export APP_BIND_ADDRESS=127.0.0.1 APP_ENVIRONMENT=bench APP_VERSION=bench APP_INSTANCE=app-1
export APP_SIGNING_KEY_FILE=$work/secrets/app_signing_key APP_RATE_LIMIT_PER_MINUTE=10000000
export POSTGRES_HOST=127.0.0.1 POSTGRES_PORT=$pg_port POSTGRES_DATABASE=app POSTGRES_USER=app
export POSTGRES_PASSWORD_FILE=$work/secrets/postgres_password POSTGRES_MAX_POOL_SIZE=64
export REDIS_HOST=127.0.0.1 REDIS_PORT=$redis_port REDIS_PASSWORD_FILE=$work/secrets/redis_password

echo "== migrating"
dotnet "$work/builds/tree/Infra.App.dll" migrate >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log"; die "migrate failed"; }

cat >"$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"title":"written by wrk"}'
wrk.headers["Content-Type"] = "application/json"
LUA

# wrk prints latencies as 812.00us, 1.23ms or 1.05s; results are kept in ms.
to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.3f", n }'
}

# run BUILD ROUND SCENARIO URL [wrk args…]: wrk --latency prints "Requests/sec: N" and "50% X" / "99% Y" lines.
run() {
  local build=$1 round=$2 scenario=$3 url=$4; shift 4
  local out="$work/wrk-$build-$round-$scenario.txt"
  wrk -t"$threads" -c"$connections" -d"$duration" --latency "$@" "$url" >"$out"
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
  # Non-2xx answers plus socket errors ("Socket errors: connect 0, read 0, write 0, timeout 3").
  errors=$(awk '/Non-2xx or 3xx responses:/ {n += $NF} /Socket errors:/ {for (i = 3; i <= NF; i++) n += $i + 0} END {print n + 0}' "$out")
  printf '%s %s %s %s %s %s %s\n' "$build" "$round" "$scenario" "$rps" "$p50" "$p99" "$errors" >>"$work/results"
  printf '%-8s %-12s %-6s %12s %10s %10s %8s\n' "$round" "$build" "$scenario" "$rps" "$p50" "$p99" "$errors"
}

# bench BUILD ROUND: one app process from that build, both scenarios, then stopped.
bench() {
  local build=$1 round=$2 port pid base task id
  port=$(free_port)
  APP_PORT=$port dotnet "$work/builds/$build/Infra.App.dll" >"$work/app-$build-$round.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  base="http://127.0.0.1:$port"
  wait_for "the app ($build)" curl -fsS "$base/health/ready"
  task=$(curl -fsS -X POST -H 'Content-Type: application/json' -d '{"title":"benchmark"}' "$base/api/tasks")
  id=${task#*\"id\":}
  id=${id%%,*}
  run "$build" "$round" get "$base/api/tasks/$id"
  run "$build" "$round" post "$base/api/tasks" -s "$work/post.lua"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

echo "== wrk -t$threads -c$connections -d$duration; get = cached GET /api/tasks/{id}, post = POST /api/tasks (one INSERT)"
echo
printf '%-8s %-12s %-6s %12s %10s %10s %8s\n' round build scenario requests/s p50-ms p99-ms errors
for round in $(seq 1 "$rounds"); do
  for build in "${builds[@]}"; do
    bench "$build" "$round"
  done
done

# Medians per build and scenario, and the tree's ratio to the ref: >1 is faster for requests/s, slower for latency.
echo
awk -v ref="$ref" '
  function median(list,   a, n, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  { key = $1 " " $3; rps[key] = rps[key] " " $4; p50[key] = p50[key] " " $5; p99[key] = p99[key] " " $6 }
  END {
    printf "%-12s %-6s %12s %10s %10s   (medians of %s)\n", "build", "scenario", "requests/s", "p50-ms", "p99-ms", "rounds"
    split("get post", scenarios, " ")
    n = ref == "" ? 1 : 2
    split(ref == "" ? "tree" : ref " tree", names, " ")
    for (s = 1; s <= 2; s++) for (b = 1; b <= n; b++) {
      key = names[b] " " scenarios[s]
      printf "%-12s %-6s %12.0f %10.3f %10.3f\n", names[b], scenarios[s], median(rps[key]), median(p50[key]), median(p99[key])
    }
    if (ref == "") exit
    print ""
    for (s = 1; s <= 2; s++) {
      a = ref " " scenarios[s]; t = "tree " scenarios[s]
      printf "tree/%s %-6s %12.2f %10.2f %10.2f\n", ref, scenarios[s], median(rps[t]) / median(rps[a]), median(p50[t]) / median(p50[a]), median(p99[t]) / median(p99[a])
    }
  }' "$work/results"
