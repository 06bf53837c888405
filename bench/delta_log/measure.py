#!/usr/bin/env python3
"""Runs one command RUNS times after a warm-up run and prints one tab-separated line:

    ok <best wall s> <best CPU s> <peak RSS MiB> <stdout summary>   when every run exits 0
    error <exit code> <first line of stderr>               otherwise

Wall time is measured around fork/exec/wait (time.perf_counter); peak RSS is the largest
ru_maxrss of the child over the timed runs (from wait4, so only that process and not this
wrapper). CPU is user + system time of the child, the steadier number when other
processes share the core. The stdout summary counts lines, or
reads the version and file counts of `silt delta snapshot|files --format json`.

usage: measure.py RUNS COMMAND [ARG...]
"""
import json
import os
import subprocess
import sys
import tempfile
import time


def run_once(cmd, out, err):
    out.seek(0)
    out.truncate()
    err.seek(0)
    err.truncate()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # keeps Popen from waiting again
    return proc.returncode, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


def summarize(text):
    lines = text.count("\n")
    try:
        value = json.loads(text)
    except ValueError:
        return f"{lines} lines"
    if isinstance(value, list):
        return f"{len(value)} entries"
    if isinstance(value, dict) and isinstance(value.get("files"), list):
        total = value.get("metrics", {}).get("files_in_snapshot", "?")
        return f"version {value.get('version')}, {len(value['files'])} of {total} files"
    if isinstance(value, dict) and "num_files" in value:
        return f"version {value.get('version')}, {value['num_files']} files"
    return f"{lines} lines"


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    runs = int(sys.argv[1])
    cmd = sys.argv[2:]
    best, best_cpu, peak = float("inf"), float("inf"), 0.0
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        for i in range(runs + 1):
            code, wall, cpu, rss = run_once(cmd, out, err)
            if code != 0:
                err.seek(0)
                first = (err.readline().strip() or "(no message)")[:160]
                print(f"error\t{code}\t{first}")
                return
            if i > 0:  # run 0 warms the page cache
                best, best_cpu, peak = min(best, wall), min(best_cpu, cpu), max(peak, rss)
        out.seek(0)
        print(f"ok\t{best:.3f}\t{best_cpu:.3f}\t{peak:.1f}\t{summarize(out.read())}")


if __name__ == "__main__":
    main()
