#!/usr/bin/env python3
"""Round-trips every readable parquet-testing file through `silt parquet rewrite`.

For each file `silt parquet cat` can read, rewrites it with silt's writer under a few option
sets (default snappy; zstd with 4 KiB pages and 1000-row row groups; uncompressed with
100-row row groups) and checks that `silt parquet cat` prints exactly the same NDJSON for the
rewritten file. Files whose NDJSON exceeds 64 MiB are skipped (too slow for a unit test).
Usage: check_rewrite.py SILT_BINARY [--only SUBSTRING]
"""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "..", "shared", "testdata", "parquet", "parquet-testing", "data")
MAX_NDJSON = 64 << 20
OPTION_SETS = [
    [],
    ["--compression", "zstd", "--zstd-level", "5", "--page-bytes", "4096", "--row-group-rows", "1000"],
    ["--compression", "none", "--row-group-rows", "100"],
]


def cat(silt, path, out):
    with open(out, "wb") as f:
        return subprocess.run([silt, "parquet", "cat", path, "--format", "ndjson"], stdout=f,
                              stderr=subprocess.PIPE).returncode


def main():
    silt = os.path.abspath(sys.argv[1])
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    if not os.path.isdir(DATA):
        print("SKIPPED: ../shared/testdata/parquet is absent")
        return 0
    failures = []
    checked = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name in sorted(os.listdir(DATA)):
            if not name.endswith(".parquet") or (only and only not in name):
                continue
            src = os.path.join(DATA, name)
            expected = os.path.join(tmp, "expected.ndjson")
            if cat(silt, src, expected) != 0:
                continue  # unreadable inputs are check_outcomes.py's business
            if os.path.getsize(expected) > MAX_NDJSON:
                continue
            for opts in OPTION_SETS:
                out = os.path.join(tmp, "out.parquet")
                proc = subprocess.run([silt, "parquet", "rewrite", src, out] + opts,
                                      stderr=subprocess.PIPE, text=True)
                label = f"{name} {' '.join(opts) or '(defaults)'}"
                if proc.returncode != 0:
                    failures.append(f"{label}: rewrite failed: {proc.stderr.strip()}")
                    continue
                actual = os.path.join(tmp, "actual.ndjson")
                if cat(silt, out, actual) != 0:
                    failures.append(f"{label}: rewritten file unreadable")
                elif open(expected, "rb").read() != open(actual, "rb").read():
                    failures.append(f"{label}: rows differ after rewrite")
                checked += 1
    for f in failures:
        print("FAIL", f)
    print(f"{checked} rewrites checked, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
