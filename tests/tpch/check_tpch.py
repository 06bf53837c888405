#!/usr/bin/env python3
"""TPC-H correctness check: the 22 queries in silt against DuckDB's answers.

usage: check_tpch.py SILT_BINARY [--scale 0.01|0.1] [--format parquet|delta] [--query qNN]
                     [--timeout S=120] [--memory-mb MB=4096] [--run-all]
                     [--link symlink|hardlink|copy] [--keep DIR]

Runs ../shared/testdata/tpch/queries/qNN.sql over the Parquet files of
../shared/testdata/tpch/sf<scale>/ (one file per table), registered as
`CREATE EXTERNAL TABLE t STORED AS PARQUET LOCATION '<table dir>'`, and over the same files as
Delta tables (`STORED AS DELTA`): per table, a temp table directory whose
_delta_log/00000000000000000000.json holds protocol 1/2, a metaData whose schemaString is built
from `silt parquet schema`, and one add of the Parquet file (a symlink by default).

Each result (silt --format csv) is compared with sf<scale>/answers/qNN.csv by value, as the
testdata MANIFEST.md says: integers and decimals exactly as numbers (12.50 == 12.5), columns
DuckDB types DOUBLE/FLOAT (tests/tpch/answer_types.tsv) within a relative 1e-9, text and dates
exactly, an empty field is NULL; row order matters (all multi-row queries have ORDER BY).
Where DuckDB's answer is a double but silt's type (DESCRIBE of a view over the query) is
DECIMAL(p, s), silt's value also matches when within half a unit of its s-th decimal place
(docs/decisions/0007: silt keeps decimal scales for AVG and division, as Spark does).
Column names are compared case-insensitively but a difference is only noted, not a failure.

Prints one line per (scale, format, query): status (ok / wrong / error / timeout), seconds
and, when not ok, the first difference or the error message; then `N of M passed`. Exits 1
when any case fails. Prints "SKIPPED: ..." and exits 0 when ../shared/testdata/tpch is absent.
Every option may be repeated (or take a comma list); by default all scales, formats, queries.
Each silt process runs with its address space capped (--memory-mb, default 4096) so that a
runaway cross join fails with an error instead of exhausting the shared machine's memory.
A query that timed out at a smaller scale is not run at larger ones (reported as timeout,
`not run: ...`) unless --run-all is given.
"""
import argparse
import csv
import io
import json
import math
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from decimal import Decimal, InvalidOperation

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TESTDATA = os.path.join(ROOT, '..', 'shared', 'testdata', 'tpch')
TYPES_FILE = os.path.join(ROOT, 'tests', 'tpch', 'answer_types.tsv')
TABLES = ['region', 'nation', 'supplier', 'customer', 'part', 'partsupp', 'orders', 'lineitem']
SCALES = ['0.01', '0.1']
FORMATS = ['parquet', 'delta']
QUERIES = [f'q{n:02d}' for n in range(1, 23)]
DOUBLE_REL = 1e-9
FLOAT_TYPES = {'DOUBLE', 'FLOAT', 'REAL'}
TEXT_TYPES = {'VARCHAR', 'DATE', 'TIMESTAMP', 'BOOLEAN'}


# ---------------------------------------------------------------- comparison

def load_types(path=TYPES_FILE):
    """{query: [duckdb type per column]} from answer_types.tsv; {} when the file is missing."""
    types = {}
    if not os.path.exists(path):
        return types
    with open(path, encoding='utf-8') as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            q, _, t = line.rstrip('\n').split('\t')
            types.setdefault(q, []).append(t.upper())
    return types


def parse_csv(text):
    """(header, rows) of a CSV result. A value is a str, or None for NULL (an empty field, or
    an empty line when the result has one column)."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return [], []
    header, body = rows[0], rows[1:]
    out = []
    for r in body:
        if not r:
            r = [''] * max(1, len(header))
        out.append([v if v != '' else None for v in r])
    return header, out


def to_decimal(v):
    try:
        d = Decimal(v.strip())
    except (InvalidOperation, AttributeError):
        return None
    return d if d.is_finite() else None


def to_float(v):
    s = v.strip().lower()
    if s in ('nan', '-nan'):
        return math.nan
    if s in ('inf', 'infinity', '+inf'):
        return math.inf
    if s in ('-inf', '-infinity'):
        return -math.inf
    try:
        return float(s)
    except ValueError:
        return None


def values_equal(expected, actual, kind, silt_scale=None):
    """Whether one cell matches. kind: 'float' (relative DOUBLE_REL), 'text' (exact string),
    'exact' (numbers compared exactly as decimals, falling back to the string). silt_scale:
    for a 'float' column silt types DECIMAL(p, s), s: silt's decimal also matches when it is
    the expected double rounded to s places (within half a unit of its last place;
    docs/decisions/0007: silt keeps decimal scales where DuckDB divides in doubles)."""
    if expected is None or actual is None:
        return expected is None and actual is None
    if kind == 'text':
        return expected == actual
    if kind == 'float':
        e, a = to_float(expected), to_float(actual)
        if e is None or a is None:
            return expected == actual
        if math.isnan(e) or math.isnan(a):
            return math.isnan(e) and math.isnan(a)
        if math.isinf(e) or math.isinf(a):
            return e == a
        if abs(e - a) <= DOUBLE_REL * max(abs(e), abs(a)):
            return True
        if silt_scale is not None:
            ed, ad = to_decimal(expected), to_decimal(actual)
            return ed is not None and ad is not None and abs(ed - ad) <= Decimal(5).scaleb(-silt_scale - 1)
        return False
    e, a = to_decimal(expected), to_decimal(actual)
    if e is None or a is None:
        return expected == actual
    return e == a


def column_kinds(types, ncols):
    kinds = []
    for i in range(ncols):
        t = types[i] if types and i < len(types) else ''
        base = t.split('(')[0]
        kinds.append('float' if base in FLOAT_TYPES else 'text' if base in TEXT_TYPES else 'exact')
    return kinds


def show(v):
    return 'NULL' if v is None else repr(v)


def decimal_scale(type_name):
    m = re.fullmatch(r'\s*decimal(?:128)?\(\s*\d+\s*,\s*(\d+)\s*\)\s*', type_name or '', re.I)
    return int(m.group(1)) if m else None


def compare(expected_text, actual_text, types=None, silt_types=None):
    """(ok, message) comparing two CSV results; message names the first difference (or, when
    ok, notes differing column names). types: DuckDB's column types for the query or None;
    silt_types: silt's (from DESCRIBE) or None."""
    eh, erows = parse_csv(expected_text)
    ah, arows = parse_csv(actual_text)
    if len(eh) != len(ah):
        return False, f'{len(ah)} columns {ah}, expected {len(eh)} {eh}'
    kinds = column_kinds(types, len(eh))
    scales = [decimal_scale(silt_types[j]) if silt_types and j < len(silt_types) and kinds[j] == 'float' else None
              for j in range(len(eh))]
    note = ''
    if [c.lower() for c in eh] != [c.lower() for c in ah]:
        note = f'column names {ah}, expected {eh}'

    def row_equal(er, ar):
        return len(er) == len(ar) and all(values_equal(e, a, k, sc) for e, a, k, sc in zip(er, ar, kinds, scales))

    if len(erows) != len(arows):
        first = next((i for i, (er, ar) in enumerate(zip(erows, arows)) if not row_equal(er, ar)), None)
        where = f'; first differing row {first + 1}: got {arows[first]}, expected {erows[first]}' \
            if first is not None else ''
        return False, f'{len(arows)} rows, expected {len(erows)}{where}'
    for i, (er, ar) in enumerate(zip(erows, arows)):
        if len(er) != len(ar):
            return False, f'row {i + 1}: {len(ar)} fields, expected {len(er)}'
        for j, (e, a) in enumerate(zip(er, ar)):
            if not values_equal(e, a, kinds[j], scales[j]):
                msg = f'row {i + 1} column {eh[j]}: got {show(a)}, expected {show(e)}'
                if kinds[j] == 'float':
                    msg += ' (double, rel 1e-9' + (f', or half a unit of silt\'s {silt_types[j]}' if scales[j] is not None else '') + ')'
                elif silt_types and j < len(silt_types) and types and j < len(types):
                    msg += f' (silt type {silt_types[j]}, DuckDB {types[j]})'
                if same_multiset(erows, arows, row_equal):
                    msg += ' [same rows, different order]'
                return False, msg
    return True, note


def same_multiset(erows, arows, row_equal):
    left = list(arows)
    for er in erows:
        k = next((k for k, ar in enumerate(left) if row_equal(er, ar)), None)
        if k is None:
            return False
        left.pop(k)
    return True


# ---------------------------------------------------------------- Delta tables

DELTA_TYPES = {'int8': 'byte', 'int16': 'short', 'int32': 'integer', 'int64': 'long',
               'float32': 'float', 'float': 'float', 'float64': 'double', 'double': 'double',
               'bool': 'boolean', 'boolean': 'boolean', 'utf8': 'string', 'string': 'string',
               'large_utf8': 'string', 'binary': 'binary', 'date32': 'date'}


def delta_type(silt_type):
    t = silt_type.strip()
    if t in DELTA_TYPES:
        return DELTA_TYPES[t]
    m = re.fullmatch(r'decimal(?:128)?\((\d+),\s*(\d+)\)', t)
    if m:
        return f'decimal({m.group(1)},{m.group(2)})'
    if t.startswith('timestamp'):
        return 'timestamp' if ('utc' in t.lower() or ',' in t) else 'timestamp_ntz'
    raise ValueError(f'no Delta type for silt type {silt_type!r}')


def parse_silt_schema(text):
    """[(name, delta type, nullable)] from `silt parquet schema` output: names and types from
    its `silt schema:` section, nullability from the Parquet section's optional/required."""
    nullable, fields, section = {}, [], None
    for line in text.splitlines():
        if line.startswith('parquet schema'):
            section = 'parquet'
            continue
        if line.startswith('silt schema'):
            section = 'silt'
            continue
        if section == 'parquet':
            m = re.match(r'^  (optional|required|repeated) \S+ (\S+)', line)
            if m:
                nullable[m.group(2)] = m.group(1) != 'required'
        elif section == 'silt':
            m = re.match(r'^  (\S+): (.+)$', line)
            if m:
                name, t = m.group(1), m.group(2)
                fields.append((name, delta_type(t), nullable.get(name, True)))
    if not fields:
        raise ValueError('no columns in `silt parquet schema` output:\n' + text)
    return fields


def schema_string(fields):
    return json.dumps({'type': 'struct', 'fields': [
        {'name': n, 'type': t, 'nullable': nl, 'metadata': {}} for n, t, nl in fields]},
        separators=(',', ':'))


def delta_log_lines(fields, data_name, size, mtime_ms, num_records=None, table_id=None):
    """The three actions of version 0 of a one-file Delta table, as JSON lines."""
    add = {'path': data_name, 'partitionValues': {}, 'size': size, 'modificationTime': mtime_ms,
           'dataChange': True}
    if num_records is not None:
        add['stats'] = json.dumps({'numRecords': num_records}, separators=(',', ':'))
    actions = [
        {'protocol': {'minReaderVersion': 1, 'minWriterVersion': 2}},
        {'metaData': {'id': table_id or str(uuid.uuid4()), 'format': {'provider': 'parquet', 'options': {}},
                      'schemaString': schema_string(fields), 'partitionColumns': [],
                      'configuration': {}, 'createdTime': mtime_ms}},
        {'add': add},
    ]
    return [json.dumps(a, separators=(',', ':')) for a in actions]


def num_rows(silt, parquet):
    r = subprocess.run([silt, 'parquet', 'meta', parquet], capture_output=True, text=True, timeout=60)
    m = re.search(r'^num_rows: (\d+)$', r.stdout, re.M)
    return int(m.group(1)) if m else None


def make_delta_table(silt, parquet, table_dir, link):
    r = subprocess.run([silt, 'parquet', 'schema', parquet], capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError(f'silt parquet schema {parquet}: {r.stderr.strip()}')
    fields = parse_silt_schema(r.stdout)
    os.makedirs(os.path.join(table_dir, '_delta_log'))
    name = 'part-00000-' + str(uuid.uuid4()) + '-c000.snappy.parquet'
    dest = os.path.join(table_dir, name)
    if link == 'symlink':
        os.symlink(os.path.abspath(parquet), dest)
    elif link == 'hardlink':
        os.link(parquet, dest)
    else:
        shutil.copyfile(parquet, dest)
    st = os.stat(parquet)
    lines = delta_log_lines(fields, name, st.st_size, int(st.st_mtime * 1000), num_rows(silt, parquet))
    with open(os.path.join(table_dir, '_delta_log', '00000000000000000000.json'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')


# ---------------------------------------------------------------- running silt

def sql_literal(path):
    return "'" + path.replace("'", "''") + "'"


def memory_limiter(memory_mb):
    """A preexec_fn capping the child's address space (a cross join must not take the machine
    down: other builds and tests share it)."""
    if not memory_mb:
        return None

    def limit():
        cap = int(memory_mb) << 20
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    return limit


def error_message(returncode, stderr, memory_mb=None):
    """The first `Error:` line of stderr (else its first line) and how the process ended."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    first = next((line for line in lines if line.startswith('Error:')), lines[0] if lines else '')
    how = f' (killed by signal {-returncode})' if returncode < 0 else f' (exit {returncode})'
    if memory_mb and ('bad_alloc' in stderr or 'ResourcesExhausted' in stderr or 'memory' in first.lower()):
        how += f' [address space capped at {memory_mb} MB]'
    return (first or 'no message')[:300] + how


MARKER = 'tpch_check_marker'


def query_text(query_file):
    """The query without comment lines and the trailing `;` (to wrap it in a view)."""
    with open(query_file, encoding='utf-8') as f:
        lines = [line for line in f.read().split('\n') if not line.strip().startswith('--')]
    return '\n'.join(lines).strip().rstrip(';').strip()


def describe_statements(query_file):
    """Statements printing silt's result types (DESCRIBE of a view over the query), then a
    marker row; split_described separates that part from what follows. Nothing runs the query."""
    return [f'CREATE VIEW tpch_check_result AS {query_text(query_file)}', 'DESCRIBE tpch_check_result',
            f"SELECT 'end' AS {MARKER}"]


def split_described(stdout):
    """(silt column types or None, the rest of the output) for output of describe_statements
    followed by other statements."""
    lines = stdout.split('\n')
    for i in range(len(lines) - 1):
        if lines[i] == MARKER and lines[i + 1] == 'end':
            header, rows = parse_csv('\n'.join(lines[:i]) + '\n')
            col = header.index('data_type') if 'data_type' in header else 1
            return [r[col] if r[col] is not None else '' for r in rows], '\n'.join(lines[i + 2:])
    return None, stdout


def run_query(silt, ddl, query_file, timeout, memory_mb=None, describe=True):
    """(status, seconds, stdout or error message, silt's column types or None). With describe,
    silt first prints its result types; when that fails the query is run again without."""
    cmd = [silt]
    for stmt in ddl + (describe_statements(query_file) if describe else []):
        cmd += ['-c', stmt]
    cmd += ['-f', query_file, '--format', 'csv']
    t0 = time.monotonic()
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                           preexec_fn=memory_limiter(memory_mb))
    except subprocess.TimeoutExpired:
        return 'timeout', time.monotonic() - t0, f'no result after {timeout:g} s', None
    secs = time.monotonic() - t0
    if r.returncode != 0:
        if describe and MARKER not in r.stdout:
            return run_query(silt, ddl, query_file, timeout, memory_mb, describe=False)
        return 'error', secs, error_message(r.returncode, r.stderr, memory_mb), None
    silt_types, out = split_described(r.stdout) if describe else (None, r.stdout)
    return 'ran', secs, out, silt_types


def split_list(values, allowed, what):
    out = []
    for v in values or []:
        for item in v.split(','):
            item = item.strip()
            if what == 'query' and re.fullmatch(r'q?\d{1,2}', item):
                item = f'q{int(item.lstrip("q")):02d}'
            if item not in allowed:
                raise SystemExit(f'unknown {what} {item!r} (one of {", ".join(allowed)})')
            out.append(item)
    return out or list(allowed)


def register_tables(silt, data, fmt, work, link):
    """The CREATE EXTERNAL TABLE statements of the eight tables at one scale and format (for
    Delta, making the tables under `work` first); raises on a table it cannot make."""
    ddl = []
    for t in TABLES:
        parquet = os.path.join(data, t, f'{t}.parquet')
        location = os.path.join(data, t)
        if fmt == 'delta':
            location = os.path.join(work, os.path.basename(data), t)
            if not os.path.exists(os.path.join(location, '_delta_log')):
                try:
                    make_delta_table(silt, parquet, location, link)
                except (OSError, RuntimeError, ValueError, subprocess.SubprocessError) as e:
                    raise RuntimeError(f'creating Delta table {t}: {e}') from e
        ddl.append(f'CREATE EXTERNAL TABLE {t} STORED AS {fmt.upper()} '
                   f'LOCATION {sql_literal(os.path.abspath(location))}')
    return ddl


def check_query(silt, ddl, data, q, types, a):
    """(status, seconds, detail, silt types) of one query: ok / wrong / error / timeout."""
    status, secs, out, silt_types = run_query(silt, ddl, os.path.join(TESTDATA, 'queries', f'{q}.sql'),
                                              a.timeout, a.memory_mb)
    if status != 'ran':
        return status, secs, out
    with open(os.path.join(data, 'answers', f'{q}.csv'), encoding='utf-8') as f:
        ok, detail = compare(f.read(), out, types.get(q), silt_types)
    return ('ok' if ok else 'wrong'), secs, detail


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('silt')
    p.add_argument('--scale', action='append', help='0.01 or 0.1 (default both)')
    p.add_argument('--format', action='append', help='parquet or delta (default both)')
    p.add_argument('--query', action='append', help='qNN (default all 22)')
    p.add_argument('--timeout', type=float, default=120, help='seconds per query (default 120)')
    p.add_argument('--link', choices=['symlink', 'hardlink', 'copy'], default='symlink',
                   help='how Delta tables hold the Parquet file (default symlink)')
    p.add_argument('--keep', help='build the Delta tables in this directory and keep them')
    p.add_argument('--memory-mb', type=int, default=4096,
                   help='cap on each silt process\'s address space, MB (default 4096; 0: none)')
    p.add_argument('--run-all', action='store_true',
                   help='also run queries at a larger scale that timed out at a smaller one')
    return p.parse_args(argv)


def main(argv=None):
    a = parse_args(argv)
    if not os.path.isdir(TESTDATA):
        print(f'SKIPPED: no TPC-H test data at {os.path.normpath(TESTDATA)}')
        return 0
    silt = os.path.abspath(a.silt)
    scales = split_list(a.scale, SCALES, 'scale')
    formats = split_list(a.format, FORMATS, 'format')
    queries = split_list(a.query, QUERIES, 'query')
    types = load_types()
    work = a.keep or tempfile.mkdtemp(prefix='silt-tpch-')
    failures, total = [], 0
    timed_out = {}   # (format, query) -> the scale it timed out at
    try:
        for scale in scales:
            data = os.path.join(TESTDATA, f'sf{scale}')
            for fmt in formats:
                try:
                    ddl, setup_error = register_tables(silt, data, fmt, work, a.link), None
                except RuntimeError as e:
                    ddl, setup_error = None, str(e)
                for q in queries:
                    total += 1
                    if setup_error:
                        status, secs, detail = 'error', 0.0, setup_error
                    elif (fmt, q) in timed_out and not a.run_all:
                        status, secs, detail = 'timeout', 0.0, f'not run: timed out at sf{timed_out[(fmt, q)]}'
                    else:
                        status, secs, detail = check_query(silt, ddl, data, q, types, a)
                        if status == 'timeout':
                            timed_out[(fmt, q)] = scale
                    if status != 'ok':
                        failures.append(f'sf{scale}/{fmt}/{q}')
                    print(f'sf{scale:<4} {fmt:<7} {q} {status:<7} {secs:7.2f} s' + (f'  {detail}' if detail else ''),
                          flush=True)
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    passed = total - len(failures)
    print(f'{passed} of {total} passed' + (f'; failed: {", ".join(failures)}' if failures else ''))
    return 0 if passed == total else 1


if __name__ == '__main__':
    sys.exit(main())
