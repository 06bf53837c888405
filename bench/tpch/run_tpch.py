#!/usr/bin/env python3
"""silt vs DuckDB on the 22 TPC-H queries, one thread each, same Parquet files, same run.

usage: run_tpch.py --silt BIN --data DIR [--runs 3] [--timeout S] [--query qNN ...]
                   [--memory-mb MB] [--cpu N] [--results DIR]

For each query in turn, DuckDB (bench/tpch/duckdb_tpch.mjs, `SET threads = 1`, one node
process per query) runs it RUNS times over views on read_parquet and writes the result with its
CSV writer, then silt runs it: both meet about the same load on a shared machine. silt runs one process per query
under `taskset -c CPU` with `SET execution.target_partitions = 1`, the eight tables registered
with CREATE EXTERNAL TABLE ... STORED AS PARQUET, and the query RUNS times; each run is timed
inside the process by `SELECT now()` statements between runs (so process start-up and table
registration are not counted, as on DuckDB's side). Both sides report the best run.

Every silt answer is compared with DuckDB's by value (tests/tpch/check_tpch.py: decimals and
integers exactly, doubles within 1e-9 relative or half a unit of silt's decimal scale where silt
returns a decimal, order matters; silt's types come from an untimed DESCRIBE). Prints a table with query, silt
seconds, DuckDB seconds, ratio and whether the answers are equal, then totals over the queries
both engines finished. Exits 1 when a silt answer differs or silt fails.
"""
import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'tpch'))
import check_tpch  # noqa: E402

CLOCK = 'bench_clock'


def parse_clocked(stdout):
    """(results, times): the CSV text of each query run and its seconds, from output where
    `bench_clock` one-row results surround every run."""
    stamps, results, current = [], [], None
    lines = stdout.split('\n')
    i = 0
    while i < len(lines):
        line = lines[i]
        if line == CLOCK and i + 1 < len(lines):
            stamps.append(datetime.datetime.strptime(lines[i + 1].rstrip('Z'), '%Y-%m-%d %H:%M:%S.%f'))
            if current is not None:
                results.append('\n'.join(current) + '\n')
            current = []
            i += 2
            continue
        if current is not None:
            current.append(line)
        i += 1
    times = [(b - a).total_seconds() for a, b in zip(stamps, stamps[1:])]
    return results[:len(times)], times


def run_silt(silt, data, query_file, runs, timeout, memory_mb, cpu, describe=True):
    cmd = ['taskset', '-c', str(cpu), silt, '-c', 'SET execution.target_partitions = 1']
    for t in check_tpch.TABLES:
        cmd += ['-c', f"CREATE EXTERNAL TABLE {t} STORED AS PARQUET LOCATION "
                      f"{check_tpch.sql_literal(os.path.join(data, t))}"]
    for stmt in check_tpch.describe_statements(query_file) if describe else []:   # result types, untimed
        cmd += ['-c', stmt]
    clock = f'SELECT now() AS {CLOCK}'
    cmd += ['-c', clock]
    for _ in range(runs):
        cmd += ['-f', query_file, '-c', clock]
    cmd += ['--format', 'csv']
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                           preexec_fn=check_tpch.memory_limiter(memory_mb))
    except subprocess.TimeoutExpired:
        return 'timeout', None, f'no result after {timeout:g} s', None
    if r.returncode != 0:
        if describe and check_tpch.MARKER not in r.stdout:   # the view or DESCRIBE failed: without
            return run_silt(silt, data, query_file, runs, timeout, memory_mb, cpu, describe=False)
        return 'error', None, check_tpch.error_message(r.returncode, r.stderr, memory_mb), None
    silt_types, rest = check_tpch.split_described(r.stdout) if describe else (None, r.stdout)
    results, times = parse_clocked(rest)
    if not times:
        return 'error', None, 'no timed run in the output', None
    return 'ran', min(times), results[0], silt_types


def run_duckdb(data, queries_dir, out, runs, queries, cpu):
    cmd = ['taskset', '-c', str(cpu), 'node', os.path.join(HERE, 'duckdb_tpch.mjs'), data, queries_dir, out,
           str(runs), '1', ','.join(queries)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f'DuckDB driver failed: {r.stderr.strip()}')
    times = {}
    for line in r.stdout.splitlines():
        q, secs, _ = line.split(',', 2)
        times[q] = None if secs == 'ERROR' else float(secs)
    return times


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--silt', required=True)
    p.add_argument('--data', required=True, help='one <table>/<table>.parquet per table')
    p.add_argument('--queries', default=os.path.join(ROOT, '..', 'shared', 'testdata', 'tpch', 'queries'))
    p.add_argument('--runs', type=int, default=3)
    p.add_argument('--timeout', type=float, default=600, help='seconds per silt query, all runs (default 600)')
    p.add_argument('--memory-mb', type=int, default=8192, help='cap on silt\'s address space (default 8192)')
    p.add_argument('--cpu', type=int, default=0, help='the core both engines are pinned to (default 0)')
    p.add_argument('--query', action='append')
    p.add_argument('--results', help='keep DuckDB\'s and silt\'s answers in this directory')
    a = p.parse_args(argv)
    queries = check_tpch.split_list(a.query, check_tpch.QUERIES, 'query')
    types = check_tpch.load_types()
    out = a.results or tempfile.mkdtemp(prefix='silt-tpch-bench-')
    duck_dir, silt_dir = os.path.join(out, 'duckdb'), os.path.join(out, 'silt')
    os.makedirs(silt_dir, exist_ok=True)
    print(f'# TPC-H data {a.data}; 1 thread each (taskset -c {a.cpu}); best of {a.runs}', flush=True)
    print(f'{"query":<6} {"silt s":>9} {"duckdb s":>9} {"ratio":>7}  answer', flush=True)
    total_silt = total_duck = 0.0
    both = bad = 0
    for q in queries:
        # DuckDB then silt for each query, so both meet the same machine load.
        duck = run_duckdb(os.path.abspath(a.data), os.path.abspath(a.queries), duck_dir, a.runs, [q], a.cpu)
        status, secs, out_text, silt_types = run_silt(os.path.abspath(a.silt), os.path.abspath(a.data),
                                          os.path.join(a.queries, f'{q}.sql'), a.runs, a.timeout, a.memory_mb, a.cpu)
        d = duck[q]
        if status == 'ran':
            with open(os.path.join(silt_dir, f'{q}.csv'), 'w', encoding='utf-8') as f:
                f.write(out_text)
            if d is None:
                answer = 'DuckDB failed'
            else:
                with open(os.path.join(duck_dir, f'{q}.csv'), encoding='utf-8') as f:
                    ok, msg = check_tpch.compare(f.read(), out_text, types.get(q), silt_types)
                answer = 'equal' if ok else f'DIFFERENT: {msg}'
                bad += not ok
        else:
            answer = f'{status}: {out_text}'
            bad += 1
        s_txt = f'{secs:9.3f}' if secs is not None else f'{"-":>9}'
        d_txt = f'{d:9.3f}' if d is not None else f'{"-":>9}'
        ratio = f'{secs / d:7.2f}' if secs is not None and d else f'{"-":>7}'
        if secs is not None and d is not None:
            total_silt += secs
            total_duck += d
            both += 1
        print(f'{q:<6} {s_txt} {d_txt} {ratio}  {answer}', flush=True)
    total_ratio = f'{total_silt / total_duck:7.2f}' if total_duck else f'{"-":>7}'
    print(f'{"total":<6} {total_silt:9.3f} {total_duck:9.3f} {total_ratio}  '
          f'({both} of {len(queries)} queries timed in both; {len(queries) - bad} silt answers equal DuckDB\'s)')
    with open('/proc/loadavg') as f:
        print(f'# load average at the end: {" ".join(f.read().split()[:3])}')
    if not a.results:
        shutil.rmtree(out, ignore_errors=True)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
