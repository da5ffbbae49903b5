#!/usr/bin/env bash
# Rendered by Infra: edge host web-1's withdraw step of an edge update (docs/edge.md), through Cloudflare's DNS API.
# Runs where pulumi up runs; ${CLOUDFLARE_API_TOKEN} comes exported on standard input.
set -euo pipefail
shopt -s inherit_errexit

log() { printf '[edge-withdraw %s] %s\n' 'web-1' "$*" >&2; }
changes=()
changed() { changes+=("$1"); log "changed: $1"; }
finish() { if [[ ${#changes[@]} -eq 0 ]]; then log "nothing changed"; else log "${#changes[@]} change(s)"; fi; }

: "${CLOUDFLARE_API_TOKEN:?the Cloudflare API token is not set (pulumi config set --secret cloudflare:apiToken)}"
readonly api=${CLOUDFLARE_API:-https://api.cloudflare.com/client/v4}
readonly zone='023e105f4ecef8ad9ca31a8372d0c353'

# call METHOD PATH [BODY]: the API's JSON reply; exits unless it reports success. The token goes through a header
# file on a pipe, never on a command line.
call() {
  local reply
  reply=$(curl -sS --max-time 30 -X "$1" -H @<(printf 'Authorization: Bearer %s\n' "$CLOUDFLARE_API_TOKEN") \
    -H 'Content-Type: application/json' ${3:+--data "$3"} "$api/zones/$zone/$2") || { echo "cloudflare: $1 $2: no reply" >&2; exit 1; }
  if ! grep -Eq '"success": ?true' <<<"$reply"; then
    echo "cloudflare: $1 $2 failed: $reply" >&2
    exit 1
  fi
  printf '%s\n' "$reply"
}

# record_ids QUERY: the ids of the zone's records that match (name, type, content), one a line.
record_ids() {
  local reply
  reply=$(call GET "dns_records?$1&per_page=100") || exit 1
  grep -o '"id": \{0,1\}"[0-9a-f]*"' <<<"$reply" | sed 's/.*"\([0-9a-f]*\)"$/\1/' || true
}

parked() { printf 'withdrawn-by-infra.%s' "$1"; }

# body NAME TYPE CONTENT PROXIED TTL: a whole record, as Pulumi declares it, under NAME.
body() { printf '{"name":"%s","type":"%s","content":"%s","proxied":%s,"ttl":%s}' "$@"; }

readonly drain=${EDGE_DRAIN_SECONDS:-30}

# refuse_last NAME TYPE CONTENT: exits if the record is NAME's last address record. An A or an AAAA record of
# another edge host both serve NAME (Cloudflare connects to the origin over either), so they count together.
# Every record is checked before any is withdrawn: a refusal changes nothing.
refuse_last() {
  local id all others
  id=$(record_ids "name=$1&type=$2&content=$3" | sed -n 1p)
  [[ -n "$id" ]] || return 0
  all=$(record_ids "name=$1&type=A"; record_ids "name=$1&type=AAAA")
  others=$(printf '%s\n' "$all" | grep -cvx -e "$id" -e '' || true)
  if [[ "$others" -eq 0 ]]; then
    echo "$1 has no address record (A or AAAA) but $3's: withdrawing it would take $1 offline; put the other edge hosts' records back first (pulumi up --refresh shows them)" >&2
    exit 1
  fi
}

# withdraw NAME TYPE CONTENT PROXIED TTL: the record leaves NAME (parked under another name, same id).
withdraw() {
  local id
  id=$(record_ids "name=$1&type=$2&content=$3" | sed -n 1p)
  if [[ -z "$id" ]]; then
    log "$1 $2 $3 is not in DNS (already withdrawn)"
    return
  fi
  call PATCH "dns_records/$id" "$(body "$(parked "$1")" "$2" "$3" "$4" "$5")" >/dev/null
  changed "$1 $2 $3 withdrawn (now $(parked "$1"))"
}

refuse_last 'app.example.com' A '203.0.113.21' true 1
refuse_last 'grafana.example.com' A '203.0.113.21' true 1
withdraw 'app.example.com' A '203.0.113.21' true 1
withdraw 'grafana.example.com' A '203.0.113.21' true 1

if [[ ${#changes[@]} -gt 0 ]]; then
  log "draining ${drain}s: Cloudflare stops opening connections to web-1, which finishes what it holds"
  sleep "$drain"
fi
finish
