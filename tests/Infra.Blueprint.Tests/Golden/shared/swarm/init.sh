#!/usr/bin/env bash
# Rendered by Infra: initialise the Swarm on the leader (idempotent) and print the join tokens.
set -euo pipefail
: "${ADVERTISE_ADDR:?set ADVERTISE_ADDR to the leader address}"
state=$(docker info --format '{{.Swarm.LocalNodeState}}')
if [[ "$state" != "active" ]]; then
  docker swarm init --advertise-addr "$ADVERTISE_ADDR" >/dev/null
fi
docker swarm join-token -q worker
docker swarm join-token -q manager
