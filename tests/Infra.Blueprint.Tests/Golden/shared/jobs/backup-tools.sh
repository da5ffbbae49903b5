#!/usr/bin/env bash
# Rendered by Infra: run the job 'backup-tools' to completion as a one-shot Swarm service; fail unless it completes.
set -euo pipefail
name='backup-tools-8f5a62b422a2'
remove_job() {
  local tasks task left until=$((SECONDS + 60))
  mapfile -t tasks < <(docker service ps --quiet --no-trunc "$name" 2>/dev/null || true)
  docker service rm "$name" >/dev/null 2>&1 || true
  while (( ${#tasks[@]} > 0 && SECONDS < until )); do
    left=0
    for task in "${tasks[@]}"; do
      if docker inspect --type task "$task" >/dev/null 2>&1; then left=1; fi
    done
    (( left )) || break
    sleep 1
  done
}
# A previous run interrupted before its cleanup left its service behind.
remove_job
docker service create --detach --quiet --name "$name" --mode replicated --replicas 1 --restart-condition none \
  --no-healthcheck \
  --constraint 'node.labels.infra.db==true' \
  --mount 'type=volume,source=backup-tools,target=/opt/infra-tools' \
  --entrypoint '/bin/sh -c' \
  'restic/restic:0.17.3@sha256:8f5a62b422a2cb1277ea0dd6e826fe1acf649e5b9f02d60e5268d5fd1976255a' 'cp /usr/bin/restic /opt/infra-tools/restic.new && mv /opt/infra-tools/restic.new /opt/infra-tools/restic' >/dev/null
deadline=$((SECONDS + 300))
state=
while (( SECONDS < deadline )); do
  state=$(docker service ps "$name" --format '{{.CurrentState}}' 2>/dev/null | head -n 1 | cut -d ' ' -f 1 || true)
  case "$state" in
    Complete|Failed|Rejected|Shutdown|Orphaned) break ;;
  esac
  sleep 2
done
docker service logs --raw "$name" 2>&1 | tail -n 200 || true
remove_job
if [[ "$state" != "Complete" ]]; then
  echo "job backup-tools: its task ended as '${state:-never started}' (timeout 300s); nothing it gates was rolled out" >&2
  exit 1
fi
