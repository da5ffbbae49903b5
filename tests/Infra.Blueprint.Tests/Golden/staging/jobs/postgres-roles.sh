#!/usr/bin/env bash
# Rendered by Infra: run the job 'postgres-roles' to completion as a Swarm replicated-job; fail unless it completes.
set -euo pipefail
: "${SECRET_POSTGRES_PASSWORD:?set SECRET_POSTGRES_PASSWORD to the Swarm name of the secret postgres_password}"
: "${SECRET_POSTGRES_APP_PASSWORD:?set SECRET_POSTGRES_APP_PASSWORD to the Swarm name of the secret postgres_app_password}"
: "${SECRET_POSTGRES_MONITOR_PASSWORD:?set SECRET_POSTGRES_MONITOR_PASSWORD to the Swarm name of the secret postgres_monitor_password}"
: "${SECRET_POSTGRES_BACKUP_PASSWORD:?set SECRET_POSTGRES_BACKUP_PASSWORD to the Swarm name of the secret postgres_backup_password}"
name='postgres-roles-5660c2cbfea5'
remove_job() {
  docker service rm "$name" >/dev/null 2>&1 || true
  docker container ls --all --quiet --filter "label=com.docker.swarm.service.name=$name" | xargs -r docker container rm --force >/dev/null 2>&1 || true
}
# A previous run interrupted before its cleanup left its service behind.
remove_job
docker service create --detach --quiet --name "$name" --mode replicated-job --restart-condition none \
  --no-healthcheck \
  --constraint 'node.labels.infra.db==true' \
  --network 'backend' \
  --secret "source=$SECRET_POSTGRES_PASSWORD,target=postgres_password,uid=0,gid=0,mode=0400" \
  --secret "source=$SECRET_POSTGRES_APP_PASSWORD,target=postgres_app_password,uid=0,gid=0,mode=0400" \
  --secret "source=$SECRET_POSTGRES_MONITOR_PASSWORD,target=postgres_monitor_password,uid=0,gid=0,mode=0400" \
  --secret "source=$SECRET_POSTGRES_BACKUP_PASSWORD,target=postgres_backup_password,uid=0,gid=0,mode=0400" \
  --entrypoint 'sh -c' \
  'postgres:16.4-alpine@sha256:5660c2cbfea50c7a9127d17dc4e48543eedd3d7a41a595a2dfa572471e37e64c' 'set -eu
: "${PGHOST:=postgres}" "${PGPORT:=5432}"
: "${PGDATABASE:=app}" "${PGUSER:=app}"
: "${PGPASSWORD_FILE:=/run/secrets/postgres_password}"
: "${APP_PASSWORD_FILE:=/run/secrets/postgres_app_password}"
: "${MONITOR_PASSWORD_FILE:=/run/secrets/postgres_monitor_password}"
: "${BACKUP_PASSWORD_FILE:=/run/secrets/postgres_backup_password}"
PGPASSWORD=$(cat "$PGPASSWORD_FILE")
export PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD
psql -X -q -v ON_ERROR_STOP=1 -v app_password="$(cat "$APP_PASSWORD_FILE")" \
  -v monitor_password="$(cat "$MONITOR_PASSWORD_FILE")" -v backup_password="$(cat "$BACKUP_PASSWORD_FILE")" <<'\''SQL'\''
SELECT format('\''CREATE ROLE %I'\'', r) FROM unnest(ARRAY['\''infra_app'\'', '\''infra_monitor'\'', '\''infra_backup'\'']) AS r
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) \gexec
ALTER ROLE infra_app WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD :'\''app_password'\'';
ALTER ROLE infra_monitor WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT CONNECTION LIMIT 5 PASSWORD :'\''monitor_password'\'';
ALTER ROLE infra_backup WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT CONNECTION LIMIT 5 PASSWORD :'\''backup_password'\'';
GRANT pg_monitor TO infra_monitor;
GRANT pg_read_all_data TO infra_backup;
REVOKE CONNECT, TEMPORARY ON DATABASE postgres, template1 FROM PUBLIC;
REVOKE ALL ON DATABASE "app" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE "app" TO infra_app;
GRANT CONNECT ON DATABASE "app" TO infra_monitor, infra_backup;
ALTER SCHEMA public OWNER TO infra_app;
DO $roles$
DECLARE o record;
BEGIN
  FOR o IN
    SELECT c.oid::regclass AS name,
           CASE c.relkind WHEN '\''S'\'' THEN '\''SEQUENCE'\'' WHEN '\''v'\'' THEN '\''VIEW'\'' WHEN '\''m'\'' THEN '\''MATERIALIZED VIEW'\'' WHEN '\''f'\'' THEN '\''FOREIGN TABLE'\'' ELSE '\''TABLE'\'' END AS kind
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = '\''public'\'' AND c.relkind IN ('\''r'\'', '\''p'\'', '\''v'\'', '\''m'\'', '\''S'\'', '\''f'\'') AND c.relowner <> '\''infra_app'\''::regrole
      -- identity and serial sequences follow their table
      AND NOT (c.relkind = '\''S'\'' AND EXISTS (SELECT FROM pg_depend d WHERE d.classid = '\''pg_class'\''::regclass AND d.objid = c.oid AND d.deptype IN ('\''a'\'', '\''i'\'')))
  LOOP
    EXECUTE format('\''ALTER %s %s OWNER TO infra_app'\'', o.kind, o.name);
  END LOOP;
  FOR o IN
    SELECT p.oid::regprocedure AS name, CASE p.prokind WHEN '\''p'\'' THEN '\''PROCEDURE'\'' ELSE '\''FUNCTION'\'' END AS kind
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = '\''public'\'' AND p.proowner <> '\''infra_app'\''::regrole
      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = '\''pg_proc'\''::regclass AND d.objid = p.oid AND d.deptype = '\''e'\'')
  LOOP
    EXECUTE format('\''ALTER %s %s OWNER TO infra_app'\'', o.kind, o.name);
  END LOOP;
  -- enums, domains, ranges and standalone composites (a table'\''s row type and array types follow their owner)
  FOR o IN
    SELECT t.oid::regtype AS name, CASE t.typtype WHEN '\''d'\'' THEN '\''DOMAIN'\'' ELSE '\''TYPE'\'' END AS kind
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    LEFT JOIN pg_class c ON c.oid = t.typrelid
    WHERE n.nspname = '\''public'\'' AND t.typowner <> '\''infra_app'\''::regrole
      AND (t.typtype IN ('\''e'\'', '\''d'\'', '\''r'\'') OR (t.typtype = '\''c'\'' AND c.relkind = '\''c'\''))
      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = '\''pg_type'\''::regclass AND d.objid = t.oid AND d.deptype = '\''e'\'')
  LOOP
    EXECUTE format('\''ALTER %s %s OWNER TO infra_app'\'', o.kind, o.name);
  END LOOP;
END
$roles$;
SQL
echo "postgres-roles: infra_app, infra_monitor, infra_backup in place"' >/dev/null
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
  echo "job postgres-roles: its task ended as '${state:-never started}' (timeout 300s); nothing it gates was rolled out" >&2
  exit 1
fi
