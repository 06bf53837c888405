#!/usr/bin/env python3
"""Regenerate tests/data/delta_expected/ from ../shared/testdata/delta (run via generate.sh).

usage: generate.py [--testdata DIR] [--out DIR] [--max-bytes N] [--only SUBSTR]

For every table of the corpus's manifest.json (<source>/<table>), with N = <source>__<table>:
  N.log.json                 log_judge.py: version, protocol, live files, row count (or the
                             error a reader must report)
  N.ndjson                   expected/*.parquet (Spark part files, read together by DuckDB)
  N__<vN|latest|...>.ndjson  expected/<dir>/table_content.parquet (DAT, per version)
  N__parquet.ndjson          parquet/table_content.parquet (DAT external tables)
  N__latest-derived.ndjson   dat/writer_reference_table_1 only: its post-append expectation
                             minus the appended rows (DuckDB EXCEPT ALL) = the table as stored
  N__transcribed-<name>.*    transcribed.py of expected-transcribed/<name>.*: .ndjson + .meta.json,
                             or .count.json, or .error.json
  N__duckdb-live-files.ndjson  tables without upstream expected rows, when simple enough (no
                             deletion vectors, column mapping, variant or type changes): DuckDB
                             reads the live data files the log judge lists, adds partition
                             values cast to their Delta type, and selects the schema's columns.
                             The same derivation runs for the tables that do have upstream rows,
                             and GENERATED.txt says whether it agrees with them (a check of the
                             derivation itself).
An NDJSON file larger than --max-bytes (2 MB) is replaced by <name>.summary.json, a multiset
summary (compare_ndjson.multiset_summary: row count and order-insensitive hashes).
GENERATED.txt lists every output, and prints (and records) where an output disagrees with
the manifest's row counts or versions.
"""
import argparse
import glob
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, 'scripts', 'golden'))
import compare_ndjson  # noqa: E402
import log_judge  # noqa: E402
import transcribed  # noqa: E402

PARQUET_NDJSON = os.path.join(HERE, 'parquet_ndjson.mjs')
NEWLINE = b'\n'
GENERATED_SUFFIXES = ('.ndjson', '.summary.json', '.log.json', '.meta.json', '.count.json', '.error.json')

# Derived expectations: (table, variant) -> SQL over files under the table's folder {t}.
DERIVED = {
    # A writer test's expectation: the table after an append, minus the appended rows = the table.
    ('dat/writer_reference_table_1', 'latest-derived'):
        "SELECT * FROM read_parquet('{t}/expected/post_append/table_content.parquet') "
        "EXCEPT ALL SELECT * FROM read_parquet('{t}/other/append_content_1.parquet')",
    # Spark wrote expected/ with a UTC-7 session time zone, so the zone-less partition value
    # `2021-09-08 11:11:11` became 18:11:11 UTC there; the Delta protocol reads such values as
    # UTC, and delta-kernel-rs skips this table noting the value should be
    # 2021-09-08T11:11:11+00:00. Every other column is Spark's.
    ('delta-kernel-rs/data-reader-partition-values', 'protocol-utc'):
        "SELECT * REPLACE (CASE WHEN as_timestamp IS NULL THEN NULL "
        "ELSE TIMESTAMPTZ '2021-09-08 11:11:11+00' END AS as_timestamp) "
        "FROM read_parquet('{t}/expected/*.parquet')",
}


PRIMITIVE_SQL = {'long': 'BIGINT', 'integer': 'INTEGER', 'short': 'SMALLINT', 'byte': 'TINYINT',
                 'boolean': 'BOOLEAN', 'double': 'DOUBLE', 'float': 'FLOAT', 'string': 'VARCHAR',
                 'date': 'DATE', 'timestamp': 'TIMESTAMP', 'timestamp_ntz': 'TIMESTAMP'}


def sql_string(s):
    return "'" + s.replace("'", "''") + "'"


def sql_ident(s):
    return '"' + s.replace('"', '""') + '"'


def sql_type(delta_type):
    if isinstance(delta_type, str) and delta_type.startswith('decimal'):
        return delta_type.upper().replace(' ', '')
    return PRIMITIVE_SQL.get(delta_type) if isinstance(delta_type, str) else None


def partition_literal(value, delta_type):
    """SQL for a partition value (a string from the log; "" and null are NULL) of a Delta type.
    Timestamps become zone-less TIMESTAMPs (the comparer reads those as UTC, as the protocol
    reads zone-less partition values); an ISO value with Z loses the Z."""
    t = sql_type(delta_type)
    if t is None:
        raise ValueError(f'partition column of type {delta_type}')
    if value is None or value == '':
        return f'CAST(NULL AS {t})'
    if delta_type in ('timestamp', 'timestamp_ntz') and value.endswith('Z'):
        value = value[:-1]
    return f'CAST({sql_string(value)} AS {t})'


def live_files_sql(judged, table_dir):
    """(SQL reading the table's live files with DuckDB, None) or (None, why not)."""
    schema = json.loads(judged['schema_string'])
    text = judged['schema_string']
    if any(f['dv_cardinality'] for f in judged['files']):
        return None, 'deletion vectors'
    if 'delta.columnMapping.physicalName' in text or 'delta.columnMapping.id' in text:
        return None, 'column mapping'
    if '"variant"' in text or 'delta.typeChanges' in text:
        return None, 'variant or type changes'
    if not judged['files']:
        return None, 'no live files'
    types = {f['name']: f['type'] for f in schema['fields']}
    parts = []
    for f in judged['files']:
        rel = log_judge.canonical_path(f['path'])
        path = os.path.join(table_dir, 'delta', rel)
        if os.path.isabs(rel) or not os.path.isfile(path):
            return None, f'data file {f["path"]} not local'
        pv = sorted(f['partition_values'].items())
        extra = ''.join(f', {partition_literal(v, types[k])} AS {sql_ident(k)}' for k, v in pv)
        # Partition values come from the log: not from the path (hive_partitioning off), nor from
        # a copy of the column some writers also store in the file.
        data = 'COLUMNS(c -> c NOT IN ({}))'.format(', '.join(sql_string(k) for k, _ in pv)) if pv else '*'
        parts.append(f'SELECT {data}{extra} FROM read_parquet({sql_string(path)}, hive_partitioning = false)')
    columns = []
    for field in schema['fields']:
        t = sql_type(field['type'])
        cast = t is not None and t not in ('TIMESTAMP', 'VARCHAR')   # keep stored instants as read
        name = sql_ident(field['name'])
        columns.append(f'CAST({name} AS {t}) AS {name}' if cast else name)
    union = ' UNION ALL BY NAME '.join(f'({p})' for p in parts)
    return f'SELECT {", ".join(columns)} FROM ({union})', None


def parquet_rows(args):
    proc = subprocess.run(['node', PARQUET_NDJSON, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=1800)
    if proc.returncode != 0:
        raise RuntimeError(f'parquet_ndjson.mjs {args[:2]}: {proc.stderr.decode(errors="replace").strip()}')
    return proc.stdout


def write_rows(out_base, ndjson_bytes, max_bytes):
    """Write out_base.ndjson, or out_base.summary.json when too large; returns a description."""
    if len(ndjson_bytes) <= max_bytes:
        with open(out_base + '.ndjson', 'wb') as f:
            f.write(ndjson_bytes)
        return f'ndjson {ndjson_bytes.count(NEWLINE)} rows'
    rows = [compare_ndjson.load_json(line) for line in ndjson_bytes.decode().splitlines() if line.strip()]
    summary = compare_ndjson.multiset_summary(rows)
    with open(out_base + '.summary.json', 'w', encoding='utf-8') as f:
        json.dump(summary, f, indent=1)
        f.write('\n')
    return f'summary {summary["rows"]} rows ({len(ndjson_bytes)} bytes of NDJSON)'


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--testdata', default=os.path.join(ROOT, '..', 'shared', 'testdata', 'delta'))
    ap.add_argument('--out', default=os.path.join(ROOT, 'tests', 'data', 'delta_expected'))
    ap.add_argument('--max-bytes', type=int, default=2_000_000)
    ap.add_argument('--only', default=None, help='only tables whose <source>/<table> contains this')
    args = ap.parse_args(argv)
    testdata = os.path.abspath(args.testdata)
    with open(os.path.join(testdata, 'manifest.json'), encoding='utf-8') as f:
        manifest = json.load(f)
    os.makedirs(args.out, exist_ok=True)
    lines, warnings = [], []

    def record(name, what):
        lines.append(f'{name}\t{what}')
        print(f'{name}\t{what}', file=sys.stderr)

    for entry in manifest:
        table = f'{entry["source"]}/{entry["table"]}'
        if args.only and args.only not in table:
            continue
        base = os.path.join(args.out, table.replace('/', '__'))
        for old in glob.glob(glob.escape(base) + '.*') + glob.glob(glob.escape(base) + '__*'):
            if old.endswith(GENERATED_SUFFIXES):
                os.remove(old)
        tdir = os.path.join(testdata, table)

        # 1. the log judge
        judged = log_judge.judge(os.path.join(tdir, 'delta'), table)
        with open(base + '.log.json', 'w', encoding='utf-8') as f:
            json.dump(judged, f, indent=1, ensure_ascii=False)
            f.write('\n')
        if 'error' in judged:
            record(os.path.basename(base) + '.log.json', f'error {judged["error"]}')
        else:
            record(os.path.basename(base) + '.log.json',
                   f'version {judged["version"]}, {judged["num_files"]} files, {judged["row_count"]} rows '
                   f'({judged["source"]}; cross-check: {judged["cross_check"]})')
            if judged['row_count'] is not None and entry.get('rows_log_derived') is not None \
                    and judged['row_count'] != entry['rows_log_derived']:
                warnings.append(f'{table}: log judge counts {judged["row_count"]} rows, manifest '
                                f'rows_log_derived {entry["rows_log_derived"]}')
            if judged['cross_check'].startswith('DIFFERS'):
                warnings.append(f'{table}: {judged["cross_check"]}')

        # 2. expected Parquet
        expected_dir = os.path.join(tdir, 'expected')
        sources = []
        parts = sorted(glob.glob(os.path.join(glob.escape(expected_dir), '*.parquet')))
        if parts:
            sources.append(('', parts))
        for sub in sorted(glob.glob(os.path.join(glob.escape(expected_dir), '*', 'table_content.parquet'))):
            sources.append((os.path.basename(os.path.dirname(sub)), [sub]))
        external = os.path.join(tdir, 'parquet', 'table_content.parquet')
        if os.path.exists(external):
            sources.append(('parquet', [external]))
        for variant, files in sources:
            out_base = base + (f'__{variant}' if variant else '')
            what = write_rows(out_base, parquet_rows(files), args.max_bytes)
            origin = (os.path.relpath(files[0], testdata) if len(files) == 1
                      else f'{os.path.relpath(expected_dir, testdata)}/*.parquet ({len(files)} files)')
            record(os.path.basename(out_base), f'{what} from {origin}')
            n = int(what.split()[1])
            if variant in ('', 'latest') and entry.get('rows_expected') is not None and n != entry['rows_expected']:
                warnings.append(f'{table}: {variant or "expected/"} has {n} rows, manifest rows_expected '
                                f'{entry["rows_expected"]}')
        for (t, variant), sql in DERIVED.items():
            if t == table:
                out_base = base + f'__{variant}'
                what = write_rows(out_base, parquet_rows(['--sql', sql.format(t=tdir.replace("'", "''"))]),
                                  args.max_bytes)
                record(os.path.basename(out_base), what + ' (derived: see DERIVED in generate.py)')

        # 3. DuckDB over the live data files (see the header)
        upstream_latest = [base + suffix for suffix in ('__protocol-utc.ndjson', '.ndjson', '.summary.json',
                                                        '__latest.ndjson', '__latest-derived.ndjson')
                           if os.path.exists(base + suffix)]
        has_transcribed = bool(glob.glob(os.path.join(glob.escape(tdir), 'expected-transcribed', 'latest*')))
        if 'error' not in judged and not entry.get('negative'):
            sql, why_not = live_files_sql(judged, tdir)
            if sql is None:
                if not upstream_latest and not has_transcribed:
                    record(os.path.basename(base) + '__duckdb-live-files', f'not derived: {why_not}')
            else:
                try:
                    rows = parquet_rows(['--sql', sql])
                except RuntimeError as e:
                    rows = None
                    record(os.path.basename(base) + '__duckdb-live-files', f'not derived: {str(e)[-200:]}')
                    warnings.append(f'{table}: DuckDB over the live files failed')
                if rows is None:
                    pass
                elif upstream_latest:
                    got = [compare_ndjson.load_json(line) for line in rows.decode().splitlines() if line.strip()]
                    if upstream_latest[0].endswith('.summary.json'):
                        with open(upstream_latest[0], encoding='utf-8') as f:
                            diffs = compare_ndjson.compare_multiset_summary(json.load(f), got)
                    else:
                        want = compare_ndjson.read_rows(upstream_latest[0])
                        diffs = compare_ndjson.compare_rows(want, got, True, 1e-6, 1e-12, any_column_order=True)
                    verdict = 'agrees with' if not diffs else f'DIFFERS ({diffs[0][0]}: {diffs[0][1]}) from'
                    record(os.path.basename(base) + '__duckdb-live-files',
                           f'not kept: {verdict} {os.path.basename(upstream_latest[0])}')
                    if diffs:
                        warnings.append(f'{table}: DuckDB over the live files {verdict} {os.path.basename(upstream_latest[0])}')
                elif not has_transcribed:
                    out_base = base + '__duckdb-live-files'
                    what = write_rows(out_base, rows, args.max_bytes)
                    record(os.path.basename(out_base), f'{what} (DuckDB over the {judged["num_files"]} live files)')

        # 4. transcribed expectations
        fields = transcribed.schema_fields_of(judged)
        for path in sorted(glob.glob(os.path.join(glob.escape(tdir), 'expected-transcribed', '*'))):
            stem = os.path.basename(path).rsplit('.', 1)[0]
            if stem.endswith('.ERROR'):
                stem = stem[:-len('.ERROR')]
            out_prefix = base + f'__transcribed-{stem}'
            transcribed.main([path, '--out-prefix', out_prefix]
                             + (['--schema-json', base + '.log.json'] if fields else []))
            produced = [s for s in ('.ndjson', '.count.json', '.error.json') if os.path.exists(out_prefix + s)]
            what = produced[0].lstrip('.') if produced else 'NOTHING'
            meta_path = out_prefix + ('.meta.json' if produced == ['.ndjson'] else produced[0] if produced else '')
            with open(meta_path, encoding='utf-8') as f:
                meta = json.load(f)
            if what == 'ndjson':
                what += f' {meta["rows"]} rows'
                if meta['untyped']:
                    what += f'; untyped: {", ".join(meta["untyped"])}'
                if meta['inferred']:
                    what += f'; typed from cells: {", ".join(meta["inferred"])}'
            record(os.path.basename(out_prefix), what + f' from {os.path.relpath(path, testdata)}')

    version = subprocess.run(['node', '-p', "require('@duckdb/node-api/package.json').version"],
                             cwd=os.environ.get('PEERS_DIR', os.path.expanduser('~/.cache/silt-peers')),
                             stdout=subprocess.PIPE, text=True).stdout.strip()
    generated = os.path.join(args.out, 'GENERATED.txt')
    kept = []
    if args.only and os.path.exists(generated):
        with open(generated, encoding='utf-8') as f:
            kept = [line.rstrip('\n') for line in f if not line.startswith('#') and '\t' in line
                    and args.only not in line.split('\t', 1)[0].replace('__', '/')]
    with open(generated, 'w', encoding='utf-8') as f:
        f.write('# Generated by scripts/delta_expected/generate.sh from ../shared/testdata/delta\n')
        f.write(f'# DuckDB @duckdb/node-api {version}; log_judge.py; transcribed.py\n')
        for w in warnings:
            f.write(f'# WARNING: {w}\n')
        f.write('# output\twhat\n')
        for line in sorted(kept + lines):
            f.write(line + '\n')
    for w in warnings:
        print(f'WARNING: {w}', file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main())
