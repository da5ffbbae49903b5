#!/usr/bin/env bash
# Rendered by Infra: create the deploy user that every later command logs in as (idempotent).
set -euo pipefail
: "${DEPLOY_USER:?set DEPLOY_USER}" "${DEPLOY_PUBLIC_KEY:?set DEPLOY_PUBLIC_KEY to the public half of the deploy key}"

log() { printf '[%s %s] %s\n' 'access' "$(hostname)" "$*" >&2; }
changes=()
changed() { changes+=("$1"); log "changed: $1"; }
skipped() { log "skipped: $1 ($2)"; }
# put_file PATH MODE: writes standard input to PATH unless it already holds exactly that; returns 1 when unchanged.
put_file() {
  local path=$1 mode=$2 tmp
  tmp=$(mktemp "${path}.XXXXXX")
  cat >"$tmp"
  chmod "$mode" "$tmp"
  if [[ -f "$path" ]] && cmp -s "$tmp" "$path" && [[ $(stat -c %a "$path") == "${mode#0}" ]]; then
    rm -f "$tmp"
    return 1
  fi
  mv "$tmp" "$path"
  changed "$path"
}
finish() {
  if [[ ${#changes[@]} -eq 0 ]]; then
    log "nothing changed"
  else
    log "${#changes[@]} change(s): ${changes[*]}"
  fi
}

if [[ $(id -u) -ne 0 ]]; then
  echo "access must run as root (the provisioner runs it as root or through sudo -n bash -s)" >&2
  exit 1
fi

if ! id -u "$DEPLOY_USER" >/dev/null 2>&1; then
  useradd --create-home --shell /bin/bash "$DEPLOY_USER"
  changed "user $DEPLOY_USER"
fi
# The group Docker's socket belongs to; created ahead of Docker, so it holds whichever way Docker arrives.
if ! getent group docker >/dev/null; then
  groupadd --system docker
  changed "group docker"
fi
if ! id -nG "$DEPLOY_USER" | tr ' ' '\n' | grep -qx docker; then
  usermod -aG docker "$DEPLOY_USER"
  changed "$DEPLOY_USER in group docker"
fi

home=$(getent passwd "$DEPLOY_USER" | cut -d: -f6)
install -d -m 0700 -o "$DEPLOY_USER" -g "$DEPLOY_USER" "$home/.ssh"
put_file "$home/.ssh/authorized_keys" 0600 <<<"$DEPLOY_PUBLIC_KEY" || true
chown "$DEPLOY_USER:$DEPLOY_USER" "$home/.ssh/authorized_keys"

sudoers=$(mktemp)
printf '%s\n' "$DEPLOY_USER ALL=(root) NOPASSWD: /usr/bin/bash -s, /bin/bash -s" >"$sudoers"
visudo -c -q -f "$sudoers"
put_file /etc/sudoers.d/90-infra-deploy 0440 <"$sudoers" || true
rm -f "$sudoers"

finish
