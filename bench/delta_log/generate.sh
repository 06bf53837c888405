#!/usr/bin/env bash
# Generates the synthetic Delta tables of the log benchmark (issue 3) under a cache directory,
# never inside the repo. Only `_delta_log/` exists: the data files the adds name are fake.
#
#   $CACHE/with_checkpoints/           COMMITS commits (versions 0..COMMITS-1), FILES per commit
#                                      (+ a MERGE rewrite every 50 versions), a DuckDB-written
#                                      checkpoint every INTERVAL versions, _last_checkpoint
#   $CACHE/tail_5000_uncheckpointed/   the same log (hard links) without the checkpoints after
#                                      version COMMITS-TAIL; _last_checkpoint points there
#   $CACHE/json_only/                  the same log (hard links) with no checkpoint at all: the
#                                      baseline of replaying every JSON commit
#   $CACHE/manifest.json               expected adds/removes per checkpoint (Python replay)
#   $CACHE/STAMP                       parameters; a matching stamp skips regeneration
#
# usage: bench/delta_log/generate.sh [--force] [--checkpoints all|needed]
#   --checkpoints needed   write only the two checkpoints the benchmark reads (the newest, and
#                          the variant's at COMMITS-TAIL) instead of one per INTERVAL versions
# env: CACHE (default ~/.cache/silt-bench/delta_log), COMMITS (10000), FILES (10),
#      INTERVAL (100), TAIL (5000), PEERS_DIR, DUCKDB_THREADS, ROW_GROUP_SIZE (see
#      checkpoints.mjs)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CACHE=${CACHE:-$HOME/.cache/silt-bench/delta_log}
COMMITS=${COMMITS:-10000}
FILES=${FILES:-10}
INTERVAL=${INTERVAL:-100}
TAIL=${TAIL:-5000}
force=0
which=all
while [[ $# -gt 0 ]]; do
  case $1 in
    --force) force=1 ;;
    --checkpoints) which=${2:?--checkpoints needs all or needed}; shift ;;
    *) echo "usage: $0 [--force] [--checkpoints all|needed]" >&2; exit 2 ;;
  esac
  shift
done
[[ $which == all || $which == needed ]] || { echo "--checkpoints: all or needed" >&2; exit 2; }
case $(realpath -m "$CACHE")/ in
  "$ROOT"/*) echo "CACHE=$CACHE is inside the repo; choose a directory outside it" >&2; exit 2 ;;
esac
(( TAIL < COMMITS && TAIL % INTERVAL == 0 )) || {
  echo "TAIL must be below COMMITS and a multiple of INTERVAL" >&2; exit 2; }

stamp="commits=$COMMITS files=$FILES interval=$INTERVAL tail=$TAIL checkpoints=$which row_group=${ROW_GROUP_SIZE:-default} generator=$(cat "$0" "$HERE/generate_log.py" "$HERE/checkpoints.mjs" | sha1sum | cut -c1-12)"
if [[ $force == 0 && -f $CACHE/STAMP && $(head -1 "$CACHE/STAMP") == "$stamp" ]]; then
  echo "up to date: $CACHE ($stamp)"
  exit 0
fi

"$ROOT/scripts/peers.sh" >/dev/null  # DuckDB (@duckdb/node-api) in PEERS_DIR
full=$CACHE/with_checkpoints
tail_dir=$CACHE/tail_${TAIL}_uncheckpointed
json_dir=$CACHE/json_only
rm -rf "$full" "$tail_dir" "$json_dir" "$CACHE/STAMP"
mkdir -p "$CACHE"
start=$(date +%s.%N)

echo "JSON commits: $COMMITS versions, $FILES adds each -> $full"
python3 "$HERE/generate_log.py" "$full" "$CACHE/manifest.json" --commits "$COMMITS" \
  --files-per-commit "$FILES" --checkpoint-interval "$INTERVAL"
t_json=$(date +%s.%N)

base=$((COMMITS - TAIL))
newest=$(( (COMMITS - 1) / INTERVAL * INTERVAL ))
if [[ $which == all ]]; then
  versions=$(seq -s, "$INTERVAL" "$INTERVAL" "$newest")
else
  versions=$base$([[ $newest != "$base" ]] && echo ",$newest")
fi
echo "checkpoints by DuckDB ($which): $(tr , '\n' <<<"$versions" | wc -l) files"
node "$HERE/checkpoints.mjs" "$full" "$CACHE/manifest.json" write "$versions"
t_ckpt=$(date +%s.%N)

echo "variant without checkpoints after $base -> $tail_dir"
cp -al "$full" "$tail_dir"
for f in "$tail_dir"/_delta_log/*.checkpoint.parquet; do
  v=$(basename "$f" .checkpoint.parquet)
  if (( 10#$v > base )); then rm "$f"; fi
done
node "$HERE/checkpoints.mjs" "$tail_dir" "$CACHE/manifest.json" last "$base"
echo "variant without checkpoints -> $json_dir"
cp -al "$full" "$json_dir"
rm "$json_dir"/_delta_log/*.checkpoint.parquet "$json_dir/_delta_log/_last_checkpoint"
end=$(date +%s.%N)

{
  echo "$stamp"
  printf 'seconds: json %.1f, checkpoints %.1f, variants %.1f, total %.1f\n' \
    "$(bc -l <<<"$t_json - $start")" "$(bc -l <<<"$t_ckpt - $t_json")" \
    "$(bc -l <<<"$end - $t_ckpt")" "$(bc -l <<<"$end - $start")"
  du -sh "$full/_delta_log" | awk '{print "log size: " $1}'
} >"$CACHE/STAMP.tmp"
mv "$CACHE/STAMP.tmp" "$CACHE/STAMP"
tail -n +2 "$CACHE/STAMP"
