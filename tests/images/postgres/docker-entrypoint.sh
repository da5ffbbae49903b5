#!/bin/bash
# The official image's entrypoint contract, reduced to what the platform uses: initialise an empty $PGDATA once,
# then exec the server as postgres (uid 70). Anything but "postgres" (or a flag) runs as given.
set -euo pipefail
if [[ ${1:-} == -* ]]; then set -- postgres "$@"; fi
if [[ ${1:-} != postgres ]]; then exec "$@"; fi
if [[ $(id -u) == 0 ]]; then
  install -d -o postgres -g postgres -m 700 "$PGDATA"
  install -d -o postgres -g postgres -m 2775 /var/run/postgresql
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi
if [[ ! -s $PGDATA/PG_VERSION ]]; then
  password=${POSTGRES_PASSWORD:-}
  if [[ -n ${POSTGRES_PASSWORD_FILE:-} ]]; then password=$(<"$POSTGRES_PASSWORD_FILE"); fi
  : "${password:?POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE must be set}"
  user=${POSTGRES_USER:-postgres}
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of flags, as in the official image
  initdb --username="$user" --pwfile=<(printf '%s\n' "$password") ${POSTGRES_INITDB_ARGS:-} >/dev/null
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=/var/run/postgresql" -w start >/dev/null
  db=${POSTGRES_DB:-$user}
  if [[ $db != postgres ]]; then
    PGPASSWORD=$password psql -v ON_ERROR_STOP=1 -h /var/run/postgresql -U "$user" -d postgres -qc "CREATE DATABASE \"$db\""
  fi
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "docker-entrypoint.sh: initialised $PGDATA" >&2
fi
exec "$@"
