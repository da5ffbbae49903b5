#!/usr/bin/env bash
# Rendered by Infra: verify a host's SSH host key before connecting (runs where the provisioner runs).
set -euo pipefail
: "${HOST_NAME:?}" "${ADDRESS:?}" "${SSH_PORT:?}" "${KNOWN_HOSTS_NAME:?}" "${KNOWN_HOSTS:?}"
pinned=${PINNED_KEY:-}
known_hosts=${KNOWN_HOSTS/#\~/$HOME}
type=${pinned%% *}
type=${type:-ssh-ed25519}

fingerprint() { ssh-keygen -l -f - <<<"$KNOWN_HOSTS_NAME $1" | awk '{ print $2 }'; }

# A server that is still booting refuses connections for a while: try for about a minute.
offered=""
for _ in $(seq 30); do
  offered=$(ssh-keyscan -T 5 -p "$SSH_PORT" -t "$type" "$ADDRESS" 2>/dev/null | awk -v t="$type" '$2 == t { print $2 " " $3; exit }') || true
  [[ -n "$offered" ]] && break
  sleep 2
done
if [[ -z "$offered" ]]; then
  echo "host $HOST_NAME ($KNOWN_HOSTS_NAME): no $type host key offered on port $SSH_PORT; check the address and port in infra:hosts and that sshd runs" >&2
  exit 1
fi

mkdir -p "$(dirname "$known_hosts")"
touch "$known_hosts"
recorded=$(ssh-keygen -F "$KNOWN_HOSTS_NAME" -f "$known_hosts" 2>/dev/null | awk -v t="$type" '$2 == t { print $2 " " $3; exit }') || true

if [[ -n "$pinned" ]]; then
  if [[ "$offered" != "$pinned" ]]; then
    echo "host $HOST_NAME ($KNOWN_HOSTS_NAME) offers SSH host key $(fingerprint "$offered"), but infra:ssh.hostKeys pins $(fingerprint "$pinned"): refusing to connect. If the server was rebuilt, compare the new key with the provider's console (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on the server) and replace the host's line in infra:ssh.hostKeys with the output of: ssh-keyscan -p $SSH_PORT -t $type $ADDRESS. Otherwise do not connect: someone may be intercepting the connection." >&2
    exit 1
  fi
  if [[ "$recorded" != "$pinned" ]]; then
    ssh-keygen -R "$KNOWN_HOSTS_NAME" -f "$known_hosts" >/dev/null 2>&1 || true
    printf '%s %s\n' "$KNOWN_HOSTS_NAME" "$pinned" >>"$known_hosts"
    echo "host $HOST_NAME: pinned key $(fingerprint "$pinned") written to $known_hosts" >&2
  fi
elif [[ -z "$recorded" ]]; then
  printf '%s %s\n' "$KNOWN_HOSTS_NAME" "$offered" >>"$known_hosts"
  echo "host $HOST_NAME: first contact, recorded host key $(fingerprint "$offered") in $known_hosts; pin it in infra:ssh.hostKeys for CI" >&2
elif [[ "$recorded" != "$offered" ]]; then
  echo "host $HOST_NAME ($KNOWN_HOSTS_NAME) offers SSH host key $(fingerprint "$offered"), but $known_hosts recorded $(fingerprint "$recorded") on first contact: refusing to connect. If the server was rebuilt, compare the new key with the provider's console, then forget the old one with: ssh-keygen -R '$KNOWN_HOSTS_NAME' -f $known_hosts (or pin the new key in infra:ssh.hostKeys). Otherwise do not connect: someone may be intercepting the connection." >&2
  exit 1
fi
printf '%s\n' "$offered"
