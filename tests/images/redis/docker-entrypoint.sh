#!/bin/bash
# The official image's contract: redis-server runs as redis (999) and owns /data.
set -euo pipefail
if [[ ${1:-} == redis-server && $(id -u) == 0 ]]; then
  find . \! -user redis -exec chown redis '{}' +
  exec setpriv --reuid=redis --regid=redis --init-groups "$@"
fi
exec "$@"
