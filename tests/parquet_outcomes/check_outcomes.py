#!/usr/bin/env python3
"""Holds `silt parquet cat` to tests/data/parquet_outcomes.tsv.

Each row names a file under ../shared/testdata/parquet/, the outcome silt must produce and
where the expected values come from:
  values   <expected>   rows must equal the expected NDJSON (compared by value with
                        scripts/golden/compare_ndjson.py). <expected> is `golden` (DuckDB's
                        rendering in tests/data/parquet_golden/), `golden-of:<file>` (another
                        file's golden, for files DuckDB cannot read but which hold the same
                        data), or `file:<path>` (a hand-verified expectation in the repo).
  Corrupt / NotSupported   silt must exit non-zero with `Error: <outcome>:` on stderr.
Usage: check_outcomes.py SILT_BINARY [--only SUBSTRING]
"""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TESTDATA = os.path.join(ROOT, "..", "shared", "testdata", "parquet")
GOLDEN = os.path.join(ROOT, "tests", "data", "parquet_golden")
COMPARE = os.path.join(ROOT, "scripts", "golden", "compare_ndjson.py")


def golden_path(rel):
    base = os.path.join(GOLDEN, rel.replace("/", "__"))
    for suffix in (".ndjson", ".summary.json"):
        if os.path.exists(base + suffix):
            return base + suffix
    return None


def main():
    silt = os.path.abspath(sys.argv[1])
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    if not os.path.isdir(TESTDATA):
        print("SKIPPED: ../shared/testdata/parquet is absent")
        return 0
    rows = []
    with open(os.path.join(ROOT, "tests", "data", "parquet_outcomes.tsv")) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            rows.append(line.rstrip("\n").split("\t"))
    listed = {r[0] for r in rows}
    failures = []
    tally = {}
    # Every Parquet file in the corpus must have an outcome.
    for dirpath, _, files in os.walk(os.path.join(TESTDATA, "parquet-testing")):
        for name in files:
            if ".parquet" in name:
                rel = os.path.relpath(os.path.join(dirpath, name), TESTDATA)
                if rel not in listed:
                    failures.append(f"{rel}: no outcome listed in parquet_outcomes.tsv")
    for rel, outcome, expected, reason in rows:
        if only and only not in rel:
            continue
        path = os.path.join(TESTDATA, rel)
        with tempfile.NamedTemporaryFile(suffix=".ndjson") as out:
            proc = subprocess.run([silt, "parquet", "cat", path, "--format", "ndjson"],
                                  stdout=out, stderr=subprocess.PIPE, timeout=600)
            err = proc.stderr.decode(errors="replace").strip()
            tally[outcome] = tally.get(outcome, 0) + 1
            if outcome in ("Corrupt", "NotSupported", "IO"):
                if proc.returncode == 0:
                    failures.append(f"{rel}: expected {outcome}, silt read it")
                elif not err.startswith(f"Error: {outcome}:"):
                    failures.append(f"{rel}: expected {outcome}, got: {err.splitlines()[0] if err else '(nothing)'}")
                continue
            if proc.returncode != 0:
                failures.append(f"{rel}: expected values, got: {err.splitlines()[0] if err else proc.returncode}")
                continue
            if expected == "golden":
                exp = golden_path(rel)
            elif expected.startswith("golden-of:"):
                exp = golden_path(expected[len("golden-of:"):])
            elif expected.startswith("file:"):
                exp = os.path.join(ROOT, expected[len("file:"):])
            else:
                exp = None
            if exp is None or not os.path.exists(exp):
                failures.append(f"{rel}: expected values file missing ({expected})")
                continue
            cmp = subprocess.run([sys.executable, COMPARE, exp, out.name, "--max-diffs", "3"],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            if cmp.returncode != 0:
                failures.append(f"{rel}: values differ from {os.path.relpath(exp, ROOT)}:\n"
                                + cmp.stdout.decode(errors="replace")[:2000])
    for f in failures:
        print("FAIL", f)
    summary = ", ".join(f"{k}: {v}" for k, v in sorted(tally.items()))
    print(f"parquet outcomes: {sum(tally.values())} files ({summary}); {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
