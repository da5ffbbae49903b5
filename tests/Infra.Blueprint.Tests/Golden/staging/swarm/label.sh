#!/usr/bin/env bash
# Rendered by Infra: set the Swarm node labels placement relies on (idempotent).
set -euo pipefail

label() {
  local node=$1
  shift
  local current
  current=$(docker node inspect "$node" --format '{{range $k, $v := .Spec.Labels}}{{$k}} {{end}}')
  for key in $current; do
    case "$key" in
      infra.*) docker node update --label-rm "$key" "$node" >/dev/null ;;
    esac
  done
  for pair in "$@"; do
    docker node update --label-add "$pair" "$node" >/dev/null
  done
}
label node-1 infra.app=true infra.db=true infra.edge=true infra.monitoring=true
