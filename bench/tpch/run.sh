#!/usr/bin/env bash
# TPC-H, silt vs DuckDB, one thread each, same Parquet files, same run (bench/README.md).
# usage: bench/tpch/run.sh [SF=1]
# env:   SILT=build/silt  RUNS=3  TIMEOUT=600 (s per silt query)  MEMORY_MB=8192 (silt's address
#        space)  CPU=0  QUERIES=q01,q05  RESULTS=dir (keep both engines' answers)
#        PEERS_DIR=~/.cache/silt-peers  DATA=$PEERS_DIR/tpch/sf$SF
# Builds nothing: build silt first (cmake --build build --target silt).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SF=${1:-1}
export PEERS_DIR=${PEERS_DIR:-$HOME/.cache/silt-peers}
DATA=${DATA:-$PEERS_DIR/tpch/sf$SF}
SILT=${SILT:-$ROOT/build/silt}
[[ -f $DATA/lineitem/lineitem.parquet ]] || {
  echo "no TPC-H data at $DATA: run DBGEN_SRC=<tpch-dbgen checkout> ../shared/bench/peers/setup.sh $SF" >&2; exit 1; }
[[ -d $PEERS_DIR/node_modules/@duckdb/node-api ]] || { echo "no DuckDB in $PEERS_DIR: run scripts/peers.sh" >&2; exit 1; }
[[ -x $SILT ]] || { echo "no silt binary at $SILT (set SILT=)" >&2; exit 1; }
args=(--silt "$SILT" --data "$DATA" --runs "${RUNS:-3}" --timeout "${TIMEOUT:-600}"
      --memory-mb "${MEMORY_MB:-8192}" --cpu "${CPU:-0}")
[[ -n ${QUERIES:-} ]] && args+=(--query "$QUERIES")
[[ -n ${RESULTS:-} ]] && args+=(--results "$RESULTS")
echo "# $SILT (repo at $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')), SF$SF, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
exec python3 "$ROOT/bench/tpch/run_tpch.py" "${args[@]}"
