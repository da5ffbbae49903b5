#!/usr/bin/env bash
# Rendered by Infra: join this host to the Swarm (idempotent).
set -euo pipefail
: "${JOIN_TOKEN:?set JOIN_TOKEN}" "${LEADER_ADDR:?set LEADER_ADDR}" "${ADVERTISE_ADDR:?set ADVERTISE_ADDR}"
state=$(docker info --format '{{.Swarm.LocalNodeState}}')
if [[ "$state" != "active" ]]; then
  docker swarm join --token "$JOIN_TOKEN" --advertise-addr "$ADVERTISE_ADDR" "$LEADER_ADDR:2377"
fi
