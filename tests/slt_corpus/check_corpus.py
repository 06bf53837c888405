#!/usr/bin/env python3
"""Regression gate over the shared sqllogictest corpus (../shared/testdata/slt).

Runs `silt slt` over each source folder and fails when a folder's passed-record count drops
below its baseline in baseline.txt (`<folder> <passed>`). The corpus holds records for other
engines' extensions, so not every record must pass; the counts may only go up. Run with
--update to rewrite the baseline after an improvement.
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "..", "..", "shared", "testdata", "slt")
BASELINE = os.path.join(HERE, "baseline.txt")
FOLDERS = ["sqlite", "datafusion", "duckdb"]


def run(silt, folder):
    out = subprocess.run([silt, "slt", os.path.join(CORPUS, folder)], capture_output=True, text=True,
                         timeout=1800)
    m = None
    for line in out.stdout.splitlines():
        mm = re.match(r"(\d+) passed, (\d+) failed(?:, (\d+) skipped)?", line)
        if mm:
            m = mm
    if not m:
        raise SystemExit(f"{folder}: no summary line in silt slt output:\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
    return int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)


def main():
    if len(sys.argv) < 2:
        raise SystemExit("usage: check_corpus.py SILT [--update]")
    silt = sys.argv[1]
    if not os.path.isdir(CORPUS):
        print(f"SKIPPED: {CORPUS} not found")
        return 0
    baseline = {}
    if os.path.exists(BASELINE):
        for line in open(BASELINE):
            parts = line.split()
            if len(parts) == 2 and not line.startswith("#"):
                baseline[parts[0]] = int(parts[1])
    results = {}
    failed = False
    total = [0, 0, 0]
    for folder in FOLDERS:
        passed, fail, skipped = run(silt, folder)
        results[folder] = passed
        total = [total[0] + passed, total[1] + fail, total[2] + skipped]
        want = baseline.get(folder, 0)
        status = "ok" if passed >= want else "REGRESSION"
        failed = failed or passed < want
        print(f"{folder:12s} {passed:6d} passed {fail:5d} failed {skipped:6d} skipped  (baseline {want}) {status}")
    print(f"{'total':12s} {total[0]:6d} passed {total[1]:5d} failed {total[2]:6d} skipped")
    if "--update" in sys.argv:
        with open(BASELINE, "w") as f:
            f.write("# passed records per corpus folder; check_corpus.py fails below these\n")
            for folder in FOLDERS:
                f.write(f"{folder} {results[folder]}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
