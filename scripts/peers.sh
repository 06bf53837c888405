#!/usr/bin/env bash
# Install the peer engines (DuckDB 1.5.6 as @duckdb/node-api, nodejs-polars) into $PEERS_DIR
# by calling ../shared/bench/peers/setup.sh with SKIP_DATA=1 (no TPC-H data). Idempotent: when
# the pinned DuckDB package is already installed it only prints where the peers are.
#
# usage: scripts/peers.sh [--force]
# env:   PEERS_DIR (default ~/.cache/silt-peers), PEERS_SETUP (default ../shared/bench/peers/setup.sh
#        relative to the repo root)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export PEERS_DIR=${PEERS_DIR:-$HOME/.cache/silt-peers}
SETUP=${PEERS_SETUP:-$ROOT/../shared/bench/peers/setup.sh}
WANT_DUCKDB=1.5.6-r.1   # the version setup.sh pins

installed_version() {
  [ -f "$PEERS_DIR/node_modules/@duckdb/node-api/package.json" ] || return 1
  (cd "$PEERS_DIR" && node -p "require('@duckdb/node-api/package.json').version")
}

if [ "${1:-}" = --force ] || [ "$(installed_version 2>/dev/null || true)" != "$WANT_DUCKDB" ]; then
  [ -x "$SETUP" ] || { echo "peers setup script not found: $SETUP" >&2; exit 1; }
  SKIP_DATA=1 "$SETUP"
fi
v=$(installed_version) || { echo "DuckDB node package missing in $PEERS_DIR after setup" >&2; exit 1; }
echo "peers: PEERS_DIR=$PEERS_DIR"
echo "  @duckdb/node-api $v in $PEERS_DIR/node_modules/@duckdb/node-api"
if [ -f "$PEERS_DIR/node_modules/nodejs-polars/package.json" ]; then
  echo "  nodejs-polars $(cd "$PEERS_DIR" && node -p "require('nodejs-polars/package.json').version") in $PEERS_DIR/node_modules/nodejs-polars"
fi
