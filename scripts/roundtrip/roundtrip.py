#!/usr/bin/env python3
"""Round-trip check of silt's Parquet writer against three readers (docs/roundtrip.md).

usage: scripts/roundtrip/roundtrip.py [--silt PATH] [--generator PATH] [--only SUBSTR]
           [--configs snappy,zstd,small] [--seeds N] [--no-files] [--no-random]
           [--jobs N] [--work DIR] [--keep] [--large] [--markdown PATH] [--verbose]

Part 1, every file silt reads (outcome `values` in tests/data/parquet_outcomes.tsv): for each
configuration (`snappy`, `zstd`, `small` = zstd with --page-bytes 4096 --row-group-rows 1000)
`silt parquet rewrite` it, then read the rewritten file with silt (`silt parquet cat`), DuckDB
(scripts/golden/duckdb_ndjson.mjs) and Polars (scripts/roundtrip/polars_ndjson.mjs) and compare
each with the ORIGINAL file's expected values (the expectation the outcomes table names).

Part 2, random nested schemas: `silt_random_parquet` writes one file per seed with silt's
writer and the NDJSON it expects; each file is read by the three readers (config `direct`) and
rewritten with `silt parquet rewrite --compression zstd` and read again (config `rewrite`).

A fourth check, `stats`, runs scripts/roundtrip/duckdb_stats.mjs on every file silt wrote:
the row group statistics must bound the values (DuckDB prunes row groups with them).

Peer limitations are allowed for in the comparison, not by skipping a file: DuckDB's
microsecond TIMESTAMPTZ for TIMESTAMP(NANOS, UTC) (expected values truncated the same way), and
Polars' missing INTERVAL support (those columns left out, the rest compared); such results
show as `ok*` and are listed with what was allowed for. Any other non-ok result is looked up in
KNOWN (reader, file, config, detail regex -> class, reason); class `peer` is a limitation of
DuckDB/Polars, `expected` a known flaw of the expected values, `silt` a silt bug. Exit status 1
when silt itself fails, when DuckDB or the statistics check fails for a reason not known to be
the peer's, or when any failure is classified as silt's fault; unclassified Polars failures are
reported but do not fail the run.
"""
import argparse
import concurrent.futures
import datetime
import fnmatch
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TESTDATA = os.path.join(ROOT, '..', 'shared', 'testdata', 'parquet')
GOLDEN = os.path.join(ROOT, 'tests', 'data', 'parquet_golden')
OUTCOMES = os.path.join(ROOT, 'tests', 'data', 'parquet_outcomes.tsv')
COMPARE = os.path.join(ROOT, 'scripts', 'golden', 'compare_ndjson.py')
DUCKDB = os.path.join(ROOT, 'scripts', 'golden', 'duckdb_ndjson.mjs')
POLARS = os.path.join(ROOT, 'scripts', 'roundtrip', 'polars_ndjson.mjs')
STATS = os.path.join(ROOT, 'scripts', 'roundtrip', 'duckdb_stats.mjs')
sys.path.insert(0, os.path.join(ROOT, 'scripts', 'golden'))
import compare_ndjson  # noqa: E402

CONFIGS = {
    'snappy': ['--compression', 'snappy'],
    'zstd': ['--compression', 'zstd'],
    'small': ['--compression', 'zstd', '--page-bytes', '4096', '--row-group-rows', '1000'],
}
READERS = ('silt', 'duckdb', 'polars')
CHECKS = READERS + ('stats',)   # stats: duckdb_stats.mjs on the file silt wrote

# Files checked by summary only, with --large (see check_large): too big for NDJSON in JS.
LARGE = {
    'parquet-testing/data/large_string_map.brotli.parquet':
        'two 1 GiB map keys (~12 GB peak RSS per reader); run with --large',
}

# Known non-ok results: reader, file glob, config glob, a regex the detail must match, class,
# reason. File globs match the path relative to ../shared/testdata/parquet (part 1) or
# `random-<seed>` (part 2). Every entry was investigated; docs/roundtrip.md has the evidence.
KNOWN = [
]

# Polars columns left out of a comparison (see polars_ndjson.mjs --dropped) are a peer
# limitation only when the column holds an INTERVAL, which Polars 0.55 cannot read; for
# random files the generator's schema (random-<seed>.txt) shows the column's type.
POLARS_INTERVAL = re.compile(r'Interval\(MonthDayMillis\)|month_day_millisecond_interval|'
                             r'Arrow Field dtype does not match the ArrayRef dtypes')


def classify(reader, name, config, detail):
    for k in KNOWN:
        if (k[0] == reader and fnmatch.fnmatch(name, k[1]) and fnmatch.fnmatch(config, k[2])
                and re.search(k[3], detail or '')):
            return k[4], k[5]
    return None, None


def golden_path(rel):
    base = os.path.join(GOLDEN, rel.replace('/', '__'))
    for suffix in ('.ndjson', '.summary.json'):
        if os.path.exists(base + suffix):
            return base + suffix
    return None


def expected_path(rel, expected):
    if expected == 'golden':
        return golden_path(rel)
    if expected.startswith('golden-of:'):
        return golden_path(expected[len('golden-of:'):])
    if expected.startswith('file:'):
        return os.path.join(ROOT, expected[len('file:'):])
    return None


def readable_files():
    rows = []
    with open(OUTCOMES) as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            rel, outcome, expected, _ = (line.rstrip('\n').split('\t') + [''] * 4)[:4]
            if outcome == 'values':
                rows.append((rel, expected))
    return rows


def first_line(text, limit=160):
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= limit else line[:limit] + '...'
    return ''


def run(cmd, timeout=900, stdout=None):
    try:
        return subprocess.run(cmd, stdout=stdout or subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(cmd, 124, b'', f'timed out after {timeout}s'.encode())


class Result:
    """One reader's verdict on one file: ok / DIFF / ERROR, a detail, a class and notes.

    `notes` lists what the comparison left out or normalised (peer limitations) for an
    otherwise equal result; such a result shows as `ok*`."""

    def __init__(self, status, detail=''):
        self.status = status
        self.detail = detail
        self.cls = None
        self.reason = None
        self.notes = []


# DuckDB reads TIMESTAMP(NANOS, isAdjustedToUTC=true) as TIMESTAMP WITH TIME ZONE, which holds
# microseconds, dividing with truncation toward zero (so an instant before 1970 moves up to
# 1 us later). Expected values of that type (9 fraction digits and a Z) are compared the same way.
NS_UTC = re.compile(r'^([+-]?\d{4,}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})\.(\d{9})Z$')


def duckdb_view(value, counter):
    if isinstance(value, str):
        if not NS_UTC.match(value):
            return value
        counter[0] += 1
        nanos = compare_ndjson.temporal_key(value)[1]
        micros = abs(nanos) // 1000 * (1 if nanos >= 0 else -1)   # truncated toward zero
        t = datetime.datetime(1970, 1, 1) + datetime.timedelta(microseconds=micros)
        text = t.strftime('%Y-%m-%d %H:%M:%S')
        return (f'{text}.{t.microsecond:06d}' if t.microsecond else text) + 'Z'
    if isinstance(value, compare_ndjson.Obj):
        return compare_ndjson.Obj((k, duckdb_view(v, counter)) for k, v in value)
    if isinstance(value, list):
        return [duckdb_view(v, counter) for v in value]
    return value


def peer_expected(reader, expected, work):
    """The expected NDJSON as `reader` can represent it, and notes on what changed."""
    if reader != 'duckdb' or expected.endswith('.summary.json'):
        return expected, []
    counter = [0]
    rows = [duckdb_view(r, counter) for r in compare_ndjson.read_rows(expected)]
    if not counter[0]:
        return expected, []
    path = os.path.join(work, 'expected.duckdb.ndjson')
    with open(path, 'w', encoding='utf-8') as f:
        for r in rows:
            f.write(compare_ndjson.to_json(r) + '\n')
    return path, [f'{counter[0]} TIMESTAMP(NANOS, UTC) values compared at microseconds '
                  '(DuckDB TIMESTAMPTZ is microseconds, truncated toward zero)']


def without_columns(expected, columns, work):
    path = os.path.join(work, 'expected.polars.ndjson')
    with open(path, 'w', encoding='utf-8') as f:
        for r in compare_ndjson.read_rows(expected):
            f.write(compare_ndjson.to_json(compare_ndjson.Obj((k, v) for k, v in r if k not in columns)) + '\n')
    return path


def column_names(expected, parquet):
    """Top-level column names: the keys of the first expected row, or (no rows) silt's schema."""
    if not expected.endswith('.summary.json'):
        with open(expected, encoding='utf-8') as f:
            line = f.readline()
        if line.strip():
            return [k for k, _ in compare_ndjson.load_json(line)]
    p = run([ARGS.silt, 'parquet', 'schema', parquet])
    text = p.stdout.decode(errors='replace')
    if p.returncode != 0 or 'silt schema:' not in text:
        return None
    lines = text.split('silt schema:', 1)[1].splitlines()
    return [l[2:].partition(': ')[0] for l in lines if l.startswith('  ') and not l.startswith('   ')]


def read_and_compare(reader, parquet, expected, work, interval_columns):
    out = os.path.join(work, f'{reader}.ndjson')
    notes = []
    dropped_path = os.path.join(work, 'polars.dropped.json')
    if reader == 'silt':
        cmd = [ARGS.silt, 'parquet', 'cat', parquet, '--format', 'ndjson']
    elif reader == 'duckdb':
        cmd = ['node', DUCKDB, parquet]
    else:
        cmd = ['node', POLARS, parquet, '--dropped', dropped_path]
        names = column_names(expected, parquet)
        if names:
            cmd += ['--columns', json.dumps(names)]
    with open(out, 'wb') as f:
        p = run(cmd, stdout=f)
    if p.returncode != 0:
        return Result('ERROR', first_line(p.stderr.decode(errors='replace')) or f'exit {p.returncode}')
    if reader == 'polars':
        with open(dropped_path) as f:
            dropped = json.load(f)
        if dropped:
            unexplained = [d for d in dropped if not (POLARS_INTERVAL.search(d['error'])
                                                      and d['column'] in interval_columns)]
            if unexplained:
                return Result('ERROR', '; '.join(f'cannot read column {d["column"]}: {d["error"]}'
                                                 for d in unexplained)[:400])
            expected = without_columns(expected, {d['column'] for d in dropped}, work)
            notes.append('columns ' + ', '.join(d['column'] for d in dropped) +
                         ' left out: INTERVAL, which Polars cannot read')
    expected, more = peer_expected(reader, expected, work)
    notes += more
    c = run([sys.executable, COMPARE, expected, out, '--max-diffs', '3'])
    if c.returncode == 0:
        r = Result('ok')
        r.notes = notes
        return r
    text = c.stdout.decode(errors='replace').strip() or c.stderr.decode(errors='replace').strip()
    return Result('DIFF', ' | '.join(l.strip() for l in text.splitlines()[:3])[:400])


def check_large(name, source, expected, rewrite_args, work):
    """A file whose expected values are a summary (tests/data/parquet_golden/README.md): silt's
    NDJSON is checked against it by compare_ndjson.py, DuckDB's summary of the rewritten file
    (duckdb_ndjson.mjs --summary) must equal it; Polars and the statistics check are not run
    (node cannot hold a 1 GiB string, and min/max over 1 GiB keys is not worth the memory)."""
    os.makedirs(work, exist_ok=True)
    target = os.path.join(work, 'rewritten.parquet')
    p = run([ARGS.silt, 'parquet', 'rewrite', source, target] + rewrite_args, timeout=1800)
    if p.returncode != 0:
        err = Result('ERROR', 'rewrite failed: ' + first_line(p.stderr.decode(errors='replace')))
        return {r: err for r in CHECKS}
    results = {'silt': read_and_compare('silt', target, expected, work, set())}
    summary = os.path.join(work, 'duckdb.summary.json')
    p = run(['node', DUCKDB, target, '--summary', '--out', summary], timeout=1800)
    if p.returncode != 0:
        results['duckdb'] = Result('ERROR', first_line(p.stderr.decode(errors='replace')))
    else:
        with open(summary) as f, open(expected) as g:
            same = json.load(f) == json.load(g)
        results['duckdb'] = Result('ok') if same else Result('DIFF', 'summary differs from ' + expected)
        if same:
            results['duckdb'].notes.append('compared by summary (counts and MD5s per leaf)')
    for r in ('polars', 'stats'):
        results[r] = Result('n/a', 'not run on a file with 1 GiB values')
        results[r].cls, results[r].reason = 'peer', 'a 1 GiB string does not fit a node string'
    for reader in READERS:
        res = results[reader]
        if res.status not in ('ok', 'n/a'):
            res.cls, res.reason = classify(reader, name, 'zstd', res.detail)
    if not ARGS.keep:
        subprocess.run(['rm', '-rf', work])
    return results


def check_statistics(parquet):
    p = run(['node', STATS, parquet])
    lines = p.stdout.decode(errors='replace').strip().splitlines()
    if p.returncode == 0:
        r = Result('ok')
        summary = lines[-1] if lines else ''
        m = re.search(r'(\d+) min/max DuckDB does not show', summary)
        if m and int(m.group(1)):
            r.notes.append(summary)
        return r
    if p.returncode == 1:
        return Result('BAD', ' | '.join(lines[:3])[:400])
    return Result('ERROR', first_line(p.stderr.decode(errors='replace')) or f'exit {p.returncode}')


def interval_columns_of(name, source):
    """Top-level columns whose type holds an INTERVAL, from the generator's schema file."""
    txt = os.path.splitext(source)[0] + '.txt'
    if not name.startswith('random-') or not os.path.exists(txt):
        return set()
    cols = set()
    with open(txt, encoding='utf-8') as f:
        text = f.read()
    for line in text.split('\nschema\n', 1)[-1].splitlines():
        col, _, type_text = line.partition(': ')
        if re.search(r'\binterval\b', type_text):
            cols.add(col)
    return cols


def check_file(name, source, expected, config, rewrite_args, work):
    """Rewrites `source` (unless rewrite_args is None) and reads the result with all readers."""
    os.makedirs(work, exist_ok=True)
    target = source
    results = {}
    if rewrite_args is not None:
        target = os.path.join(work, 'rewritten.parquet')
        p = run([ARGS.silt, 'parquet', 'rewrite', source, target] + rewrite_args)
        if p.returncode != 0:
            err = Result('ERROR', 'rewrite failed: ' + first_line(p.stderr.decode(errors='replace')))
            return {r: err for r in CHECKS}
    intervals = interval_columns_of(name, source)
    for reader in READERS:
        results[reader] = read_and_compare(reader, target, expected, work, intervals)
    results['stats'] = check_statistics(target)
    for reader, res in results.items():
        if res.status != 'ok':
            res.cls, res.reason = classify(reader, name, config, res.detail)
    if not ARGS.keep:
        subprocess.run(['rm', '-rf', work])
    return results


def fatal(reader, res):
    if res.status == 'ok':
        return False
    if res.cls == 'silt':
        return True
    if reader in ('silt', 'duckdb', 'stats'):
        return res.cls is None
    return False


def cell(res):
    if res is None:
        return 'skipped'
    if res.status == 'ok':
        return 'ok*' if res.notes else 'ok'
    if res.status == 'n/a':
        return 'n/a'
    tag = {'peer': 'peer', 'expected': 'expected', 'silt': 'SILT BUG', None: 'unclassified'}[res.cls]
    return f'{res.status} ({tag})'


def main():
    global ARGS
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--silt', default=os.path.join(ROOT, 'build-rt', 'silt'))
    p.add_argument('--generator', default=os.path.join(ROOT, 'build-rt', 'bench', 'silt_random_parquet'))
    p.add_argument('--only', help='only part-1 files / seeds whose name contains this')
    p.add_argument('--configs', default='snappy,zstd,small')
    p.add_argument('--seeds', default='30', help='random schemas: N (seeds 1..N) or A-B')
    p.add_argument('--no-files', action='store_true')
    p.add_argument('--no-random', action='store_true')
    p.add_argument('--jobs', type=int, default=2)
    p.add_argument('--work', help='scratch directory (default: a temporary one)')
    p.add_argument('--keep', action='store_true', help='keep the rewritten files and outputs')
    p.add_argument('--large', action='store_true',
                   help='also check large_string_map.brotli.parquet by summary (slow, ~12 GB RSS)')
    p.add_argument('--markdown', help='also write the table as Markdown to this path')
    p.add_argument('--verbose', action='store_true', help='print the detail of every non-ok result')
    ARGS = p.parse_args()
    ARGS.silt = os.path.abspath(ARGS.silt)
    work = ARGS.work or tempfile.mkdtemp(prefix='silt-roundtrip-')
    os.makedirs(work, exist_ok=True)

    tasks = []   # (name, config, source, expected, rewrite_args, skipped_reason)
    if not ARGS.no_files:
        if not os.path.isdir(TESTDATA):
            print('SKIPPED part 1: ../shared/testdata/parquet is absent')
        else:
            for rel, expected in readable_files():
                if ARGS.only and ARGS.only not in rel:
                    continue
                exp = expected_path(rel, expected)
                if rel in LARGE:
                    if ARGS.large:
                        tasks.append((rel, 'zstd', os.path.join(TESTDATA, rel), exp, CONFIGS['zstd'], 'large'))
                    else:
                        tasks.append((rel, '-', None, None, None, LARGE[rel]))
                    continue
                for config in ARGS.configs.split(','):
                    tasks.append((rel, config, os.path.join(TESTDATA, rel), exp, CONFIGS[config], None))
    if not ARGS.no_random:
        gen_dir = os.path.join(work, 'random')
        os.makedirs(gen_dir, exist_ok=True)
        first, _, last = ARGS.seeds.rpartition('-')
        first, last = int(first or 1), int(last)
        p = run([ARGS.generator, '--out', gen_dir, '--seeds', f'{first}-{last}'])
        if p.returncode != 0:
            print('generator failed: ' + p.stderr.decode(errors='replace'), file=sys.stderr)
            return 1
        for seed in range(first, last + 1):
            name = f'random-{seed}'
            if ARGS.only and ARGS.only not in name:
                continue
            src = os.path.join(gen_dir, f'{name}.parquet')
            exp = os.path.join(gen_dir, f'{name}.ndjson')
            tasks.append((name, 'direct', src, exp, None, None))
            tasks.append((name, 'rewrite', src, exp, CONFIGS['zstd'], None))

    def job(i_task):
        i, (name, config, src, exp, rewrite_args, skipped) = i_task
        if skipped:
            return None
        return check_file(name, src, exp, config, rewrite_args, os.path.join(work, f'task{i}'))

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, ARGS.jobs)) as pool:
        outcomes = list(pool.map(job, enumerate(tasks)))
    # The large files one at a time, after the rest: each reader peaks near 12 GB.
    for i, (name, config, src, exp, rewrite_args, skipped) in enumerate(tasks):
        if skipped == 'large':
            outcomes[i] = check_large(name, src, exp, rewrite_args, os.path.join(work, f'task{i}'))
    tasks = [t[:5] + (None if t[5] == 'large' else t[5],) for t in tasks]

    width = max([len(short(t[0])) for t in tasks] + [4])
    lines = [f'{"file":<{width}}  {"config":<7}  ' + '  '.join(f'{c:<18}' for c in CHECKS)]
    md_rows = {}   # name -> (configs, {check: [cell per config]}), for one Markdown row per file
    notes = []
    normalised = []
    tally = {r: {} for r in CHECKS}
    failed = False
    for (name, config, _, _, _, skipped), results in zip(tasks, outcomes):
        if skipped:
            lines.append(f'{short(name):<{width}}  {"-":<7}  skipped: {skipped}')
            md_rows[name] = None, skipped
            continue
        cells = [cell(results[r]) for r in CHECKS]
        lines.append(f'{short(name):<{width}}  {config:<7}  ' + '  '.join(f'{c:<18}' for c in cells))
        configs, by_check = md_rows.setdefault(name, ([], {c: [] for c in CHECKS}))
        configs.append(config)
        for c, text in zip(CHECKS, cells):
            by_check[c].append(text)
        for r in CHECKS:
            res = results[r]
            key = (('ok*' if res.notes else 'ok') if res.status == 'ok' else
                   'n/a' if res.status == 'n/a' else (res.cls or 'unclassified'))
            tally[r][key] = tally[r].get(key, 0) + 1
            for n in res.notes:
                normalised.append(f'  {short(name)} [{config}] {r}: {n}')
            if res.status not in ('ok', 'n/a'):
                why = res.reason or 'not investigated'
                notes.append(f'  {short(name)} [{config}] {r}: {res.status} ({res.cls or "unclassified"}: {why})'
                             + (f'\n      {res.detail}' if ARGS.verbose or res.cls in (None, 'silt') else ''))
                failed |= fatal(r, res)
    print('\n'.join(lines))
    if normalised:
        print('\nok* (equal once peer limitations are allowed for):')
        print('\n'.join(normalised))
    if notes:
        print('\nnon-ok results:')
        print('\n'.join(notes))
    runs = sum(1 for t in tasks if not t[5])
    tally_line = f'tally: {runs} runs; ' + '; '.join(
        f'{r} ' + ', '.join(f'{k} {v}' for k, v in sorted(tally[r].items(), key=lambda kv: (kv[0] != 'ok', kv[0] != 'ok*')))
        for r in CHECKS)
    print('\n' + tally_line)
    if ARGS.markdown:
        md = ['| file | configs | ' + ' | '.join(CHECKS) + ' |', '|---|---|' + '---|' * len(CHECKS)]
        for name, (configs, by_check) in md_rows.items():
            if configs is None:
                md.append(f'| {short(name)} | - | skipped: {by_check} |' + ' |' * (len(CHECKS) - 1))
                continue
            row = []
            for c in CHECKS:
                texts = by_check[c]
                row.append(texts[0] if len(set(texts)) == 1 else
                           ', '.join(f'{k}: {t}' for k, t in zip(configs, texts)))
            md.append(f'| {short(name)} | {",".join(configs)} | ' + ' | '.join(row) + ' |')
        with open(ARGS.markdown, 'w') as f:
            f.write('\n'.join(md) + '\n\n' + tally_line + '\n')
    if not ARGS.work and not ARGS.keep:
        subprocess.run(['rm', '-rf', work])
    elif ARGS.keep:
        print(f'outputs kept in {work}')
    return 1 if failed else 0


def short(name):
    return re.sub(r'^parquet-testing/', '', name)


ARGS = None

if __name__ == '__main__':
    sys.exit(main())
