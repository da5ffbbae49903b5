#!/usr/bin/env bash
# The edge benchmark, on loopback only: wrk through nginx (TLS, proxy, 3 replicas) and straight to one replica with
# the same load, their ratio, then the failed requests of a rollout, a SIGKILL and two nginx reloads under load.
# Bounded: every wrk run lasts --seconds (default 10) at --connections (default 16). Needs nginx, wrk, openssl,
# postgresql and redis-server (apt-get install -y nginx-light wrk openssl postgresql redis-server).
#
#   benchmarks/edge.sh [--replicas N] [--connections N] [--seconds N]
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run -c Release --project tests/Infra.Loopback -- bench "$@"
