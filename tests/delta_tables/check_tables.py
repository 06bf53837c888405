#!/usr/bin/env python3
"""The table-by-table Delta compatibility check: holds silt to tests/delta_tables/outcomes.tsv.

usage: check_tables.py SILT_BINARY [--filter SUBSTR] [--jobs N] [--verbose]

Each line of outcomes.tsv names a table of ../shared/testdata/delta (<source>/<table>, read at
<source>/<table>/delta), a case, the outcome silt must produce, the expectation and a note.
Cases and the command each runs:
  latest       silt delta cat PATH --format ndjson
  vN           silt delta cat PATH --version N --format ndjson
  cdf_A_B      silt delta changes PATH --from A [--to B] --format ndjson   (B = latest: no --to)
  ts_vN        silt delta snapshot PATH --timestamp T --format json  (T: the in-commit timestamp of
               version N from the log judge; silt must answer version N)
  log          silt delta snapshot PATH --format json
  files        silt delta files PATH --format json
Outcomes:
  rows         the rows equal the expectation, a file in tests/data/delta_expected/ (NDJSON,
               multiset summary or row count) or `count:N`: compared as multisets, by value
               (scripts/golden/compare_ndjson.py: numbers exactly or as the same float32,
               doubles within 1e-12 relative, timestamps as instants), columns matched by name,
               nullability ignored; for projections and change data feeds (the .meta.json of a
               transcribed expectation says "projection") only the expectation's columns count;
               where a transcription cannot tell "" from NULL ("null_matches_empty") either passes.
  log          snapshot: version, reader/writer versions and features, file count, total bytes and
               partition columns equal the log judge's (<table>.log.json); files: the live files
               (path as in the log, size, partition values, record count) equal the judge's.
  error:<Category>   silt exits non-zero and stderr starts with `Error: <Category>:`.
Prints one PASS/FAIL line per case, then `delta tables: N passed, M failed (of K cases over T
tables)`; exits 1 when a case fails (or a corpus table has no line), 0 otherwise. Prints
"SKIPPED: ..." and exits 0 when ../shared/testdata/delta is absent.
"""
import argparse
import concurrent.futures
import datetime
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from decimal import Decimal, InvalidOperation

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TESTDATA = os.path.join(ROOT, '..', 'shared', 'testdata', 'delta')
EXPECTED = os.path.join(ROOT, 'tests', 'data', 'delta_expected')
OUTCOMES = os.path.join(ROOT, 'tests', 'delta_tables', 'outcomes.tsv')
sys.path.insert(0, os.path.join(ROOT, 'scripts', 'golden'))
import compare_ndjson  # noqa: E402

TIMEOUT = 300
FLOAT_REL = 1e-6     # float32 values printed with more digits by one side
DOUBLE_REL = 1e-12   # doubles: a tight tolerance
# The DV of this table is stored by absolute path; the log holds a template (see MANIFEST.md).
TEMPLATED = {'delta/table-with-dv-special-char': ('{{FOLDER_WITH_SPECIAL_CHAR}}', 'folder&with%special char')}


class Case:
    def __init__(self, table, case, outcome, expected, note):
        self.table, self.case, self.outcome, self.expected, self.note = table, case, outcome, expected, note

    @property
    def label(self):
        extra = f' [{self.expected}]' if self.outcome == 'rows' and not self.expected.startswith('count:') else ''
        return f'{self.table} {self.case}{extra}'


def read_outcomes():
    cases = []
    with open(OUTCOMES, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            if line.startswith('#') or not line.strip():
                continue
            parts = line.rstrip('\n').split('\t')
            if len(parts) != 5:
                raise SystemExit(f'{OUTCOMES}:{n}: expected 5 tab-separated fields, got {len(parts)}')
            cases.append(Case(*parts))
    return cases


def load_log_json(table):
    with open(os.path.join(EXPECTED, table.replace('/', '__') + '.log.json'), encoding='utf-8') as f:
        return json.load(f)


# ---------------------------------------------------------------- running silt

def prepare_templated(table, workdir):
    """A copy of a templated table with its placeholder replaced by the URL-encoded absolute
    path of the folder it names (the spec-conforming spelling of the URI)."""
    placeholder, folder = TEMPLATED[table]
    dest = os.path.join(workdir, table.replace('/', '__'))
    shutil.copytree(os.path.join(TESTDATA, table, 'delta'), dest)
    target = urllib.parse.quote(os.path.join(os.path.abspath(dest), folder), safe='/&')
    log_dir = os.path.join(dest, '_delta_log')
    for name in os.listdir(log_dir):
        if name.endswith('.json'):
            path = os.path.join(log_dir, name)
            with open(path, encoding='utf-8') as f:
                text = f.read()
            with open(path, 'w', encoding='utf-8') as f:
                f.write(text.replace(placeholder, target))
    return dest


def iso_millis(ms):
    t = datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.timezone.utc)
    return t.strftime('%Y-%m-%dT%H:%M:%S.') + f'{ms % 1000:03d}Z'


def command(silt, case, path):
    c = case.case
    if c == 'latest':
        return [silt, 'delta', 'cat', path, '--format', 'ndjson']
    if c.startswith('v') and c[1:].isdigit():
        return [silt, 'delta', 'cat', path, '--version', c[1:], '--format', 'ndjson']
    if c.startswith('cdf_'):
        _, start, end = c.split('_')
        return [silt, 'delta', 'changes', path, '--from', start] + ([] if end == 'latest' else ['--to', end]) \
            + ['--format', 'ndjson']
    if c.startswith('ts_v'):
        ms = load_log_json(case.table)['in_commit_timestamps'][c[len('ts_v'):]]
        return [silt, 'delta', 'snapshot', path, '--timestamp', iso_millis(ms), '--format', 'json']
    if c == 'log':
        return [silt, 'delta', 'snapshot', path, '--format', 'json']
    if c == 'files':
        return [silt, 'delta', 'files', path, '--format', 'json']
    raise ValueError(f'unknown case {c!r}')


# ---------------------------------------------------------------- judging the output

def first_line(text):
    text = text.strip()
    return text.splitlines()[0] if text else '(no message)'


def read_ndjson_text(text):
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                rows.append(compare_ndjson.load_json(line))
            except ValueError as e:
                raise ValueError(f'line {n} of silt output is not JSON: {e}')
    return rows


def count_rows(stdout):
    return sum(1 for line in stdout.splitlines() if line.strip())


def check_rows(case, stdout):
    """None when silt's NDJSON matches the expectation, else a short difference text."""
    exp = case.expected
    if exp.startswith('count:') or exp.endswith('.count.json'):
        if exp.startswith('count:'):
            want = int(exp[len('count:'):])
        else:
            with open(os.path.join(EXPECTED, exp), encoding='utf-8') as f:
                want = json.load(f)['count']
        got = count_rows(stdout)
        return None if got == want else f'expected {want} rows, got {got}'
    path = os.path.join(EXPECTED, exp)
    meta = {}
    meta_path = path[:-len('.ndjson')] + '.meta.json' if path.endswith('.ndjson') else None
    if meta_path and os.path.exists(meta_path):
        with open(meta_path, encoding='utf-8') as f:
            meta = json.load(f)
    project = bool(meta.get('projection'))
    null_empty = bool(meta.get('null_matches_empty'))
    if path.endswith('.summary.json'):
        with open(path, encoding='utf-8') as f:
            summary = json.load(f)
        # streamed: a million rows parsed at once would hold ~0.5 GB
        stream = lambda: (compare_ndjson.load_json(line) for line in stdout.splitlines() if line.strip())  # noqa: E731
        diffs = compare_ndjson.compare_multiset_summary(summary, stream, project, null_empty)
    else:
        actual = read_ndjson_text(stdout)
        expected = compare_ndjson.read_rows(path)
        if expected:
            want = [k for k, _ in expected[0]]
            for n, row in enumerate(actual, 1):
                keys = [k for k, _ in row]
                missing = [k for k in want if k not in keys]
                extra = [k for k in keys if k not in want]
                if missing or (extra and not project):
                    return f'columns differ: expected {want}, got {keys}'
        diffs = compare_ndjson.compare_rows(expected, actual, True, FLOAT_REL, DOUBLE_REL,
                                            any_column_order=True, project=project,
                                            null_matches_empty=null_empty)
    if not diffs:
        return None
    shown = '; '.join(f'{w}: {m}' if w else m for w, m in diffs[:3])
    return shown + (f' (+{len(diffs) - 3} more)' if len(diffs) > 3 else '')


def features(v):
    return sorted(v or [])


def check_snapshot(case, out):
    judge = load_log_json(case.table)
    p = judge['protocol']
    want = {'version': judge['version'],
            'min_reader_version': p['min_reader_version'], 'min_writer_version': p['min_writer_version'],
            'reader_features': features(p['reader_features']), 'writer_features': features(p['writer_features']),
            'num_files': judge['num_files'], 'total_bytes': judge['total_bytes'],
            'partition_columns': judge['partition_columns']}
    got = dict(out)
    got['reader_features'] = features(got.get('reader_features'))
    got['writer_features'] = features(got.get('writer_features'))
    bad = [f'{k}: expected {v!r}, got {got.get(k)!r}' for k, v in want.items() if got.get(k) != v]
    return '; '.join(bad) if bad else None


def physical_to_logical(schema_string):
    """{physical name: logical name} of the top-level columns (column mapping)."""
    out = {}
    for field in json.loads(schema_string or '{"fields": []}').get('fields', []):
        physical = (field.get('metadata') or {}).get('delta.columnMapping.physicalName')
        if physical:
            out[physical] = field['name']
    return out


def partition_value_equal(log_value, got):
    """A partition value from the log (a string; "" and null mean NULL) vs silt's rendering."""
    if log_value in (None, ''):
        return got in (None, '')
    if isinstance(got, bool):
        return log_value.lower() == ('true' if got else 'false')
    if isinstance(got, (int, float)):
        try:
            return Decimal(log_value) == Decimal(str(got))
        except InvalidOperation:
            return False
    if isinstance(got, str):
        return compare_ndjson.strings_equal(log_value, got) or _same_number(log_value, got)
    return False


def _same_number(a, b):
    try:
        return Decimal(a) == Decimal(b)
    except InvalidOperation:
        return False


def check_files(case, out):
    judge = load_log_json(case.table)
    bad = []
    if out.get('version') != judge['version']:
        bad.append(f'version: expected {judge["version"]}, got {out.get("version")}')
    files = out.get('files')
    if not isinstance(files, list):
        return 'no "files" array in the output'
    want_paths = sorted(f['path'] for f in judge['files'])
    got_paths = sorted(str(f.get('path')) for f in files)
    if want_paths != got_paths:
        missing = sorted(set(want_paths) - set(got_paths))
        extra = sorted(set(got_paths) - set(want_paths))
        bad.append(f'{len(want_paths)} files expected, got {len(got_paths)}; missing {missing[:2]}, unexpected {extra[:2]}')
        return '; '.join(bad)
    renames = physical_to_logical(judge.get('schema_string'))
    by_path = {}
    for f in files:
        by_path.setdefault(f['path'], []).append(f)
    for w in judge['files']:
        g = by_path[w['path']].pop()
        if g.get('size') != w['size']:
            bad.append(f'{w["path"]}: size expected {w["size"]}, got {g.get("size")}')
        pv = g.get('partition_values') or {}
        want_pv = dict(w['partition_values'])
        if set(pv) != set(want_pv):   # silt may name partition columns logically
            want_pv = {renames.get(k, k): v for k, v in want_pv.items()}
        if set(pv) != set(want_pv) or any(not partition_value_equal(v, pv[k]) for k, v in want_pv.items()):
            bad.append(f'{w["path"]}: partition values expected {w["partition_values"]}, got {pv}')
        n = w['num_records']
        if n is not None and g.get('num_records') not in (n, n - (w['dv_cardinality'] or 0)):
            bad.append(f'{w["path"]}: num_records expected {n}, got {g.get("num_records")}')
        if len(bad) >= 3:
            break
    return '; '.join(bad[:3]) if bad else None


MISSING_COMMAND = 'missing command'   # failure kinds, for the closing breakdown
SILT_ERROR = 'silt error'
WRONG_RESULT = 'wrong result'


def missing_command(err):
    """Whether silt's stderr says it lacks the subcommand or option (the CLI is still growing)."""
    return any(s in err for s in ('unknown subcommand', 'unknown option', 'unknown flag', 'unknown argument'))


def run_case(silt, case, path):
    """(passed, message, failure kind or None)."""
    try:
        cmd = command(silt, case, path)
    except (KeyError, ValueError) as e:
        return False, f'cannot build the command: {e}', WRONG_RESULT
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return False, f'timed out after {TIMEOUT}s: {" ".join(cmd[1:4])}', SILT_ERROR
    out = proc.stdout.decode('utf-8', errors='replace')
    err = proc.stderr.decode('utf-8', errors='replace')
    if proc.returncode != 0 and missing_command(err):
        return False, f'silt lacks the command: {first_line(err)}', MISSING_COMMAND
    if case.outcome.startswith('error:'):
        want = case.outcome[len('error:'):]
        if proc.returncode == 0:
            return False, f'expected error {want}, silt succeeded', WRONG_RESULT
        if not err.startswith(f'Error: {want}:'):
            return False, f'expected error {want}, got: {first_line(err)}', SILT_ERROR
        return True, first_line(err), None
    if proc.returncode != 0:
        return False, f'exit {proc.returncode}: {first_line(err)}', SILT_ERROR
    try:
        if case.outcome == 'rows':
            diff = check_rows(case, out)
        elif case.outcome == 'log':
            doc = json.loads(out)
            if case.case == 'files':
                diff = check_files(case, doc)
            elif case.case.startswith('ts_v'):
                want = int(case.case[len('ts_v'):])
                diff = None if doc.get('version') == want else f'expected version {want}, got {doc.get("version")}'
            else:
                diff = check_snapshot(case, doc)
        else:
            diff = f'unknown outcome {case.outcome!r} in outcomes.tsv'
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        diff = f'cannot check the output: {type(e).__name__}: {e}'
    return diff is None, diff or '', (WRONG_RESULT if diff else None)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('silt')
    ap.add_argument('--filter', default=None, help='only cases whose "table case" contains SUBSTR')
    ap.add_argument('--jobs', type=int, default=max(1, min(4, os.cpu_count() or 1)))
    ap.add_argument('--verbose', action='store_true', help='also print the note of each case')
    args = ap.parse_args(argv)
    # The outputs hold millions of small objects and no cycles: the cyclic GC would only
    # rescan them (it doubles the time of the million-row table).
    gc.disable()
    if not os.path.isdir(TESTDATA):
        print('SKIPPED: ../shared/testdata/delta is absent (the Delta compatibility tables)')
        return 0
    silt = os.path.abspath(args.silt)
    cases = read_outcomes()
    problems = []
    with open(os.path.join(TESTDATA, 'manifest.json'), encoding='utf-8') as f:
        corpus = {f'{e["source"]}/{e["table"]}' for e in json.load(f)}
    listed = {c.table for c in cases}
    if not args.filter:
        problems += [f'{t}: no line in outcomes.tsv' for t in sorted(corpus - listed)]
        problems += [f'{t}: in outcomes.tsv but not in the corpus' for t in sorted(listed - corpus)]
    if args.filter:
        cases = [c for c in cases if args.filter in f'{c.table} {c.case}']
    with tempfile.TemporaryDirectory(prefix='silt-delta-tables-') as work:
        paths = {}
        for table in sorted({c.table for c in cases}):
            paths[table] = (prepare_templated(table, work) if table in TEMPLATED
                            else os.path.join(TESTDATA, table, 'delta'))
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(lambda c: run_case(silt, c, paths[c.table]), cases))
    passed = failed = 0
    kinds = {}
    for c, (ok, message, kind) in zip(cases, results):
        if ok:
            passed += 1
            line = f'PASS {c.label}'
        else:
            failed += 1
            kinds[kind] = kinds.get(kind, 0) + 1
            line = f'FAIL {c.label}: {message}'
        if args.verbose and c.note:
            line += f'  -- {c.note}'
        print(line)
    for p in problems:
        print(f'FAIL {p}')
    tables = len({c.table for c in cases})
    if kinds:
        print('failures by kind: ' + ', '.join(f'{k}: {n}' for k, n in sorted(kinds.items())))
    print(f'delta tables: {passed} passed, {failed + len(problems)} failed (of {len(cases)} cases over {tables} tables)')
    return 1 if failed or problems else 0


if __name__ == '__main__':
    sys.exit(main())
