#!/usr/bin/env bash
# Rendered by Infra: run the job 'migrate' to completion as a one-shot Swarm service; fail unless it completes.
set -euo pipefail
: "${SECRET_POSTGRES_APP_PASSWORD:?set SECRET_POSTGRES_APP_PASSWORD to the Swarm name of the secret postgres_app_password}"
name='migrate-4c2a0b1e5f6d'
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
  --network 'backend' \
  --secret "source=$SECRET_POSTGRES_APP_PASSWORD,target=postgres_password,uid=0,gid=0,mode=0444" \
  --env 'APP_ENVIRONMENT=prod' \
  --env 'APP_INSTANCE=migrate' \
  --env 'APP_VERSION=1.0.0' \
  --env 'POSTGRES_DATABASE=app' \
  --env 'POSTGRES_HOST=postgres' \
  --env 'POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password' \
  --env 'POSTGRES_PORT=5432' \
  --env 'POSTGRES_SSL_MODE=disable' \
  --env 'POSTGRES_SSL_ROOT_CERT_FILE=' \
  --env 'POSTGRES_USER=infra_app' \
  'ghcr.io/example/infra-app:1.0.0@sha256:4c2a0b1e5f6d7c8b9a0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3' 'migrate' >/dev/null
deadline=$((SECONDS + 900))
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
  echo "job migrate: its task ended as '${state:-never started}' (timeout 900s); nothing it gates was rolled out" >&2
  exit 1
fi
