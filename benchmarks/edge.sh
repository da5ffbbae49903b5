#!/usr/bin/env bash
# The edge benchmark, on loopback only: wrk through nginx (TLS, proxy, 3 replicas) and straight to one replica with
# the same load, their ratio, then the failed requests of a rollout, a SIGKILL and two nginx reloads under load.
# Bounded: every wrk run lasts --seconds (default 10; 5 with --ablate). Needs nginx, wrk, openssl,
# postgresql and redis-server (apt-get install -y nginx-light wrk openssl postgresql redis-server).
#
# The prod config and the minimal proxy alternate --rounds times (default 4) per connection count; the ratios are medians.
# --ablate instead reloads the prod config with one feature removed at a time (access log, add_header, limit_req,
# limit_conn, realip, request_id, proxy_next_upstream), interleaved with the full config at --connections (default 64),
# and prints each variant's median nginx CPU per request (docs/edge.md).
#
#   benchmarks/edge.sh [--replicas N] [--seconds N] [--rounds N]
#   benchmarks/edge.sh --ablate [--connections N] [--seconds N] [--rounds N]
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run -c Release --project tests/Infra.Loopback -- bench "$@"
