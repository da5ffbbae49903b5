#!/usr/bin/env bash
# Rendered by Infra: initialise the Swarm on the leader (idempotent) and print the join tokens.
set -euo pipefail
: "${ADVERTISE_ADDR:?set ADVERTISE_ADDR to the leader address}"
state=$(docker info --format '{{.Swarm.LocalNodeState}}')
if [[ "$state" != "active" ]]; then
  docker swarm init --advertise-addr "$ADVERTISE_ADDR" >/dev/null
  echo "[init $(hostname)] initialised the Swarm" >&2
else
  echo "[init $(hostname)] already in the Swarm: nothing changed" >&2
fi
docker swarm join-token -q worker
docker swarm join-token -q manager
