#!/usr/bin/env bash
# Rendered by Infra: the Swarm's members as planned: roles, labels, and no others (idempotent).
set -euo pipefail

log() { printf '[%s %s] %s\n' 'members' "$(hostname)" "$*" >&2; }
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

readonly PLANNED=('node-1')

# The id of the Ready node with host name $1 (a node removed and joined again leaves a Down entry behind).
ready_id() {
  docker node ls --format '{{.ID}} {{.Hostname}} {{.Status}}' | awk -v h="$1" '$2 == h && $3 == "Ready" { print $1; exit }'
}

for name in "${PLANNED[@]}"; do
  for _ in $(seq 60); do
    [[ -n "$(ready_id "$name")" ]] && break
    sleep 1
  done
  [[ -n "$(ready_id "$name")" ]] || { echo "node $name has not joined the Swarm (docker node ls on $(hostname))" >&2; exit 1; }
done

# member NAME ROLE LABEL...: the node's role and exactly these infra.* labels.
member() {
  local name=$1 role=$2 id current wanted key
  shift 2
  id=$(ready_id "$name")
  if [[ $(docker node inspect "$id" --format '{{.Spec.Role}}') != "$role" ]]; then
    if [[ $role == manager ]]; then docker node promote "$id" >/dev/null; else docker node demote "$id" >/dev/null; fi
    changed "$name is a $role"
  fi
  current=$(docker node inspect "$id" --format '{{range $k, $v := .Spec.Labels}}{{$k}}={{$v}} {{end}}' | tr ' ' '\n' | grep '^infra.' | sort || true)
  wanted=$(printf '%s\n' "$@" | sort)
  if [[ "$current" != "$wanted" ]]; then
    for key in $current; do
      docker node update --label-rm "${key%%=*}" "$id" >/dev/null
    done
    for key in "$@"; do
      docker node update --label-add "$key" "$id" >/dev/null
    done
    changed "$name labels $*"
  fi
}

member 'node-1' manager 'infra.app=true' 'infra.db=true' 'infra.edge=true' 'infra.monitoring=true'

# Nodes the plan no longer has, and Down leftovers of planned ones: the raft leader last.
keep=" "
for name in "${PLANNED[@]}"; do keep+="$(ready_id "$name") "; done
stale=$(docker node ls --format '{{.ID}} {{.Hostname}} {{.ManagerStatus}}' | awk -v keep="$keep" 'index(keep, " " $1 " ") == 0 { print ($3 == "Leader" ? 1 : 0), $1, $2 }' | sort -n)
while read -r _ id name; do
  [[ -n "$id" ]] || continue
  if [[ $(docker node inspect "$id" --format '{{.Spec.Availability}}') != drain ]]; then
    docker node update --availability drain "$id" >/dev/null
    for _ in $(seq 60); do
      [[ -z "$(docker node ps "$id" --filter desired-state=running -q 2>/dev/null)" ]] && break
      sleep 2
    done
  fi
  if [[ $(docker node inspect "$id" --format '{{.Spec.Role}}') == manager ]]; then
    docker node demote "$id" >/dev/null
  fi
  docker node rm --force "$id" >/dev/null
  changed "$name drained, demoted if a manager, removed"
done <<<"$stale"

finish
