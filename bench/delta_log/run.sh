#!/usr/bin/env bash
# Delta log benchmark (issue 3): snapshot load and `files --where` on the tables of
# generate.sh (json_only is the no-checkpoint baseline), pinned to one core (taskset): best
# wall time and best CPU time (user + sys) of RUNS after a warm-up run, and the peak RSS of
# the silt process (measure.py). Builds nothing.
#
# usage: bench/delta_log/run.sh [SILT_BINARY=build/silt]
# env: CACHE (default ~/.cache/silt-bench/delta_log), RUNS (5), CORE (0), TAIL (5000),
#      TIME_TRAVEL_VERSION (5050)
# goal (issue 3): latest snapshot of the checkpointed table < 0.5 s and < 200 MB on one core
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SILT=$(realpath "${1:-$ROOT/build/silt}")
CACHE=${CACHE:-$HOME/.cache/silt-bench/delta_log}
RUNS=${RUNS:-5}
CORE=${CORE:-0}
TAIL=${TAIL:-5000}
TT=${TIME_TRAVEL_VERSION:-5050}
[[ -x $SILT ]] || { echo "no silt binary at $SILT" >&2; exit 1; }
[[ -f $CACHE/STAMP ]] || { echo "no tables in $CACHE: run bench/delta_log/generate.sh" >&2; exit 1; }

has_files=1
probe=$("$SILT" delta files 2>&1 || true)
[[ $probe == *"unknown subcommand"* ]] && has_files=0

echo "silt: $SILT ($(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo "tables: $CACHE ($(head -1 "$CACHE/STAMP"))"
echo "one core (taskset -c $CORE), best of $RUNS after a warm-up run; load average before: $(cut -d" " -f1-3 /proc/loadavg)"
bench() {  # VARIANT LABEL SILT_ARGS...
  local variant=$1 label=$2 status a b c summary
  shift 2
  IFS=$'\t' read -r status a b c summary < <(python3 "$HERE/measure.py" "$RUNS" taskset -c "$CORE" "$SILT" "$@")
  if [[ $status == ok ]]; then
    printf "%-26s %-28s %7.3f %7.3f %8.1f  %s\n" "$variant" "$label" "$a" "$b" "$c" "$summary"
  else
    printf "%-26s %-28s %7s %7s %8s  exit %s: %s\n" "$variant" "$label" - - - "$a" "$b"
  fi
}

printf "%-26s %-28s %7s %7s %8s  %s\n" table command wall_s cpu_s peak_MB output
for variant in with_checkpoints "tail_${TAIL}_uncheckpointed" json_only; do
  table=$CACHE/$variant
  bench "$variant" "snapshot" delta snapshot "$table" --format json
  bench "$variant" "snapshot --version $TT" delta snapshot "$table" --version "$TT" --format json
  if [[ $has_files == 1 ]]; then
    bench "$variant" "files --where 'id < 1000'" delta files "$table" --where 'id < 1000' --format json
  fi
done
[[ $has_files == 1 ]] || echo "(silt delta files is not there yet: files --where skipped)"
