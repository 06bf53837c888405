#!/usr/bin/env bash
# Regenerate the expectations of the Delta table check (tests/data/delta_expected/) from the
# real tables in ../shared/testdata/delta. Nothing here runs silt: rows come from the
# Spark/DAT-written expected Parquet files (read by DuckDB) and from the transcribed upstream
# assertions; versions, protocols and file lists from log_judge.py, an independent log replay.
#
# usage: scripts/delta_expected/generate.sh [--only SUBSTR]
# env:   TESTDATA=../shared/testdata/delta (relative to the repo root)
#        OUT=tests/data/delta_expected   MAX_BYTES=2000000   PEERS_DIR (see scripts/peers.sh)
# Details: generate.py's header and tests/data/delta_expected/README.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TESTDATA=$(cd "${TESTDATA:-$ROOT/../shared/testdata/delta}" && pwd)
OUT=${OUT:-$ROOT/tests/data/delta_expected}
export PEERS_DIR=${PEERS_DIR:-$HOME/.cache/silt-peers}
[ -f "$PEERS_DIR/node_modules/@duckdb/node-api/package.json" ] || {
  echo "DuckDB peer missing in $PEERS_DIR: run scripts/peers.sh" >&2; exit 1; }
exec python3 "$ROOT/scripts/delta_expected/generate.py" --testdata "$TESTDATA" --out "$OUT" \
  --max-bytes "${MAX_BYTES:-2000000}" "$@"
