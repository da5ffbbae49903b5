#!/usr/bin/env bash
# Rendered by Infra: run the job 'schedule-cleanup' to completion as a one-shot Swarm service; fail unless it completes.
set -euo pipefail
: "${SECRET_APP_SIGNING_KEY:?set SECRET_APP_SIGNING_KEY to the Swarm name of the secret app_signing_key}"
: "${SECRET_POSTGRES_APP_PASSWORD:?set SECRET_POSTGRES_APP_PASSWORD to the Swarm name of the secret postgres_app_password}"
: "${SECRET_REDIS_PASSWORD:?set SECRET_REDIS_PASSWORD to the Swarm name of the secret redis_password}"
name='schedule-cleanup-4c2a0b1e5f6d'
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
  --constraint 'node.labels.infra.app==true' \
  --network 'backend' \
  --secret "source=$SECRET_APP_SIGNING_KEY,target=app_signing_key,uid=0,gid=0,mode=0444" \
  --secret "source=$SECRET_POSTGRES_APP_PASSWORD,target=postgres_password,uid=0,gid=0,mode=0444" \
  --secret "source=$SECRET_REDIS_PASSWORD,target=redis_password,uid=0,gid=0,mode=0444" \
  --env 'APP_CORS_ORIGINS=https://staging.example.com' \
  --env 'APP_DRAIN_SECONDS=10' \
  --env 'APP_ENVIRONMENT=staging' \
  --env 'APP_INSTANCE=schedule-cleanup' \
  --env 'APP_MAX_REQUEST_BODY_BYTES=1048576' \
  --env 'APP_MAX_WEBSOCKETS=1000' \
  --env 'APP_METRICS_PORT=9464' \
  --env 'APP_PORT=8080' \
  --env 'APP_RATE_LIMIT_PER_MINUTE=1240' \
  --env 'APP_SIGNING_KEY_FILE=/run/secrets/app_signing_key' \
  --env 'APP_VERSION=1.0.0' \
  --env 'POSTGRES_DATABASE=app' \
  --env 'POSTGRES_HOST=pgbouncer' \
  --env 'POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password' \
  --env 'POSTGRES_PORT=6432' \
  --env 'POSTGRES_SSL_MODE=disable' \
  --env 'POSTGRES_SSL_ROOT_CERT_FILE=' \
  --env 'POSTGRES_USER=infra_app' \
  --env 'REDIS_HOST=redis' \
  --env 'REDIS_PASSWORD_FILE=/run/secrets/redis_password' \
  --env 'REDIS_PORT=6379' \
  'ghcr.io/example/infra-app:1.0.0@sha256:4c2a0b1e5f6d7c8b9a0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3' 'cleanup' >/dev/null
deadline=$((SECONDS + 600))
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
  echo "job schedule-cleanup: its task ended as '${state:-never started}' (timeout 600s)" >&2
  exit 1
fi
