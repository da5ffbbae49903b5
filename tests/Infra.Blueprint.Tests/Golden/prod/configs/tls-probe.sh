#!/bin/sh
# Rendered by Infra: the TLS probe. Every 300 s it reads the certificate each target serves, as the
# target's clients meet it, and writes its expiry and whether it verifies against the internal CA into
# node-exporter's textfile directory. Do not edit on the server.
set -u
dir='/var/lib/node-exporter/textfile'
ca='/etc/ssl/infra/internal-ca.crt'

# probe ADDRESS NAME [STARTTLS]: appends this target's lines to $success, $expiry and $last_run.
probe() {
  address=$1 name=$2 starttls=${3:-}
  if [ -n "$starttls" ]; then set -- -starttls "$starttls"; else set --; fi
  out=$(timeout 10 openssl s_client -connect "$address" -servername "$name" "$@" \
    -CAfile "$ca" -verify_hostname "$name" </dev/null 2>&1)
  label="target=\"$address\""
  ok=0
  if end=$(printf '%s\n' "$out" | openssl x509 -noout -enddate 2>/dev/null) && at=$(date -u -d "${end#notAfter=}" +%s); then
    expiry="${expiry}infra_tls_certificate_expiry_timestamp_seconds{$label} $at
"
    if printf '%s\n' "$out" | grep -q 'Verify return code: 0 (ok)'; then ok=1; fi
  fi
  if [ "$ok" = 0 ]; then
    echo "tls-probe: $address ($name): $(printf '%s\n' "$out" | grep -E -m 3 -i 'error|verify return|connect' | tr '\n' ' ')" >&2
  fi
  success="${success}infra_tls_probe_success{$label} $ok
"
  last_run="${last_run}infra_tls_probe_last_run_timestamp_seconds{$label} $(date +%s)
"
}

run() {
  success='' expiry='' last_run=''
  probe 'pgbouncer:6432' 'pgbouncer' 'postgres'
  {
    echo '# HELP infra_tls_probe_success 1 when the served certificate was read and verified against the internal CA for its name.'
    echo '# TYPE infra_tls_probe_success gauge'
    printf '%s' "$success"
    echo '# HELP infra_tls_certificate_expiry_timestamp_seconds notAfter of the served certificate (Unix time).'
    echo '# TYPE infra_tls_certificate_expiry_timestamp_seconds gauge'
    printf '%s' "$expiry"
    echo '# HELP infra_tls_probe_last_run_timestamp_seconds When the probe last ran (Unix time).'
    echo '# TYPE infra_tls_probe_last_run_timestamp_seconds gauge'
    printf '%s' "$last_run"
  } >"$dir/.infra_tls_probe.prom.tmp" && mv "$dir/.infra_tls_probe.prom.tmp" "$dir/infra_tls_probe.prom"
}

trap 'exit 0' TERM INT
while :; do
  run
  sleep 300 &
  wait $!
done
