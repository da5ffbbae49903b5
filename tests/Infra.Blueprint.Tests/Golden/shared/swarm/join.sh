#!/usr/bin/env bash
# Rendered by Infra: join this host to the Swarm (idempotent).
set -euo pipefail
: "${JOIN_TOKEN:?set JOIN_TOKEN}" "${LEADER_ADDR:?set LEADER_ADDR}" "${ADVERTISE_ADDR:?set ADVERTISE_ADDR}"
state=$(docker info --format '{{.Swarm.LocalNodeState}}')
case "$state" in
  active) echo "[join $(hostname)] already in the Swarm: nothing changed" >&2 ;;
  inactive)
    docker swarm join --token "$JOIN_TOKEN" --advertise-addr "$ADVERTISE_ADDR" "$LEADER_ADDR:2377" >&2
    ;;
  *)
    # pending, error or locked: a node removed by the managers, or a failed join; start over.
    docker swarm leave --force >/dev/null 2>&1 || true
    docker swarm join --token "$JOIN_TOKEN" --advertise-addr "$ADVERTISE_ADDR" "$LEADER_ADDR:2377" >&2
    ;;
esac
