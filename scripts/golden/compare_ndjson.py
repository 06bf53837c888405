#!/usr/bin/env python3
"""Compare two NDJSON result files by value (golden values from DuckDB vs silt's output).

usage: compare_ndjson.py EXPECTED ACTUAL [--unordered] [--max-diffs N] [--float-rel R]
                         [--double-rel R] [--any-column-order] [--project] [--null-matches-empty]

EXPECTED is an NDJSON file (tests/data/parquet_golden/*.ndjson) or a summary file
(*.summary.json, see tests/data/parquet_golden/README.md); ACTUAL is NDJSON, e.g. the output
of `silt parquet cat FILE --format ndjson`. Exit status: 0 equal, 1 different, 2 bad input.

Rules (rows are JSON objects, one per line):
- same number of rows, in the same order (--unordered: as multisets);
- each row has the same keys in the same order;
- numbers: equal when equal as exact decimals (12.5 == 12.50, 1 == 1.0); two integers must be
  equal exactly; otherwise equal when they parse to the same float64, or both are NaN, or (for
  float32 values printed with more digits by one side) one side is exactly a float32 value and
  the relative difference is below --float-rel (default 1e-6) or the other side rounds to that
  float32 (subnormal float32 values print with few digits). An expected number with more
  than 17 significant digits cannot come from a double, so it must match exactly.
  "NaN", "inf", "-inf" (any case, also "Infinity") are floats when the other side is a number
  or such a string;
- strings: equal, or the same instant / date / time / interval / UUID after normalising the
  spelling ('2024-01-01 00:00:00' == '2024-01-01T00:00:00Z' == '2024-01-01 00:00:00.000000';
  a timestamp without zone is taken as UTC; '+0044-01-01' == '0044-01-01'; times may carry a
  'Z' or '+00' suffix; 'P1Y2M' == 'P14M'; a UUID with or without dashes);
- lists element by element, objects (structs, map entries) key by key, recursively.
Options for expectations written by other engines (the Delta table check uses them):
- --double-rel R: doubles (not only float32 values) may differ by relative R (default 0);
- --any-column-order: a row's top-level keys may come in any order (matched by name);
- --project: also ignore top-level keys of ACTUAL that EXPECTED does not have (e.g. the
  _commit_timestamp column when the expectation leaves it out); implies --any-column-order;
- --null-matches-empty: "" and null are the same value (expectations transcribed from ASCII
  tables, where an empty cell is either).
EXPECTED may also be a multiset summary (format silt-multiset-summary/1, see
multiset_summary()): row count plus order-insensitive hashes of the rows and of each column.
"""
import argparse
import decimal
import hashlib
import json
import math
import re
import struct
import sys
import zlib
from decimal import Decimal, InvalidOperation

SUMMARY_FORMAT = 'silt-golden-summary/1'
MULTISET_FORMAT = 'silt-multiset-summary/1'
decimal.getcontext().prec = 200   # exact arithmetic for DECIMAL(38,s) and 1e308-sized values


class FloatToken:
    """A JSON number written with a fraction or exponent; keeps its text."""
    __slots__ = ('text',)

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text


def load_json(text):
    return _DECODER.decode(text)


class Obj(list):
    """A JSON object as its ordered (key, value) pairs."""


def list_pairs(pairs):
    return Obj(pairs)


# One decoder for all lines: json.loads with hooks builds a new one per call (half the time
# of reading a million-row output).
_DECODER = json.JSONDecoder(parse_float=FloatToken, parse_int=int, parse_constant=FloatToken,
                            object_pairs_hook=list_pairs)


# ---------------------------------------------------------------- numbers

SPECIALS = {'nan': math.nan, '-nan': math.nan, '+nan': math.nan,
            'inf': math.inf, '+inf': math.inf, 'infinity': math.inf, '+infinity': math.inf,
            '-inf': -math.inf, '-infinity': -math.inf}


def is_number(v):
    return isinstance(v, (int, FloatToken)) and not isinstance(v, bool)


def as_float(v):
    """float of a number or special-float string, else None."""
    if isinstance(v, str):
        return SPECIALS.get(v.lower())
    if isinstance(v, FloatToken):
        special = SPECIALS.get(v.text.lower())
        return special if special is not None else float(v.text)
    if is_number(v):
        return float(v)
    return None


def as_decimal(v):
    try:
        d = Decimal(v.text if isinstance(v, FloatToken) else v)
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


def significant_digits(v):
    d = as_decimal(v)
    return len(d.normalize().as_tuple().digits) if d is not None else 0


def is_float32(x):
    if not math.isfinite(x):
        return True
    try:
        return struct.unpack('f', struct.pack('f', x))[0] == x
    except OverflowError:
        return False


def nearest_float32(x):
    try:
        return struct.unpack('f', struct.pack('f', x))[0]
    except OverflowError:
        return None


def numbers_equal(e, a, float_rel, double_rel=0.0):
    de, da = as_decimal(e), as_decimal(a)
    if de is not None and da is not None:
        if de == da:
            return True
        if isinstance(e, int) and isinstance(a, int):
            return False
        if significant_digits(e) > 17:
            return False
    fe, fa = as_float(e), as_float(a)
    if fe is None or fa is None:
        return False
    if fe == fa or (math.isnan(fe) and math.isnan(fa)):
        return True
    if not (math.isfinite(fe) and math.isfinite(fa)):
        return False
    if double_rel > 0 and abs(fe - fa) <= double_rel * max(abs(fe), abs(fa)):
        return True
    if float_rel <= 0:
        return False
    if not (is_float32(fe) or is_float32(fa)):
        return False
    # The same float32 printed shortest by one side (subnormals have few digits: 1e-45 is
    # 1.401298464324817e-45, beyond any relative tolerance).
    if (is_float32(fe) and nearest_float32(fa) == fe) or (is_float32(fa) and nearest_float32(fe) == fa):
        return True
    return abs(fe - fa) <= float_rel * max(abs(fe), abs(fa))


# ---------------------------------------------------------------- temporal spellings

def days_from_civil(y, m, d):
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


DATE = r'([+-]?\d{4,})-(\d{2})-(\d{2})'
ZONE = r'(Z|UTC|[+-]\d{2}(?::?\d{2})?)?'
TIMESTAMP_RE = re.compile(r'^' + DATE + r'[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?\s*' + ZONE + r'$')
DATE_RE = re.compile(r'^' + DATE + r'$')
TIME_RE = re.compile(r'^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?' + ZONE + r'$')
INTERVAL_RE = re.compile(
    r'^P(?:([+-]?\d+)Y)?(?:([+-]?\d+)M)?(?:([+-]?\d+)W)?(?:([+-]?\d+)D)?'
    r'(?:T(?:([+-]?\d+)H)?(?:([+-]?\d+)M)?(?:([+-]?\d+(?:\.\d+)?)S)?)?$')
UUID_RE = re.compile(r'^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$')


def zone_seconds(z):
    if not z or z in ('Z', 'UTC'):
        return 0
    sign = -1 if z[0] == '-' else 1
    digits = z[1:].replace(':', '')
    return sign * (int(digits[:2]) * 3600 + int(digits[2:4] or 0) * 60)


def fraction_ns(f):
    return int((f or '').ljust(9, '0')) if f else 0


def temporal_key(s):
    """A comparable normalised value of a temporal/UUID spelling, or None."""
    m = TIMESTAMP_RE.match(s)
    if m:
        y, mo, d, h, mi, sec, frac, zone = m.groups()
        seconds = days_from_civil(int(y), int(mo), int(d)) * 86400 + int(h) * 3600 + int(mi) * 60 + int(sec)
        return ('timestamp', (seconds - zone_seconds(zone)) * 10**9 + fraction_ns(frac))
    m = DATE_RE.match(s)
    if m:
        return ('date', (int(m.group(1)), int(m.group(2)), int(m.group(3))))
    m = TIME_RE.match(s)
    if m:
        h, mi, sec, frac, zone = m.groups()
        ns = ((int(h) * 3600 + int(mi) * 60 + int(sec) - zone_seconds(zone)) * 10**9 + fraction_ns(frac))
        return ('time', ns % (86400 * 10**9) if zone_seconds(zone) else ns)
    m = INTERVAL_RE.match(s)
    if m and s not in ('P', 'PT'):
        y, mo, w, d, h, mi, sec = (x or '0' for x in m.groups())
        ns = int(h) * 3600 * 10**9 + int(mi) * 60 * 10**9 + int(Decimal(sec) * 10**9)
        return ('interval', (int(y) * 12 + int(mo), int(w) * 7 + int(d), ns))
    if UUID_RE.match(s):
        return ('uuid', s.replace('-', '').lower())
    return None


def strings_equal(e, a):
    if e == a:
        return True
    ke = temporal_key(e)
    return ke is not None and ke == temporal_key(a)


# ---------------------------------------------------------------- structural comparison

def show(v, limit=160):
    text = to_json(v)
    return text if len(text) <= limit else text[:limit] + '...'


def to_json(v):
    if v is None:
        return 'null'
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, FloatToken):
        return v.text
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, Obj):
        return '{' + ','.join(json.dumps(k, ensure_ascii=False) + ':' + to_json(x) for k, x in v) + '}'
    return '[' + ','.join(to_json(x) for x in v) + ']'


def compare(e, a, path, float_rel, out, double_rel=0.0):
    """Append (path, message) for each difference between expected e and actual a."""
    if e is None or a is None:
        if e is not a:
            out.append((path, f'expected {show(e)}, got {show(a)}'))
        return
    if isinstance(e, bool) or isinstance(a, bool):
        if not (isinstance(e, bool) and isinstance(a, bool) and e == a):
            out.append((path, f'expected {show(e)}, got {show(a)}'))
        return
    numeric_e = is_number(e) or (isinstance(e, str) and e.lower() in SPECIALS)
    numeric_a = is_number(a) or (isinstance(a, str) and a.lower() in SPECIALS)
    if (is_number(e) or is_number(a)) and numeric_e and numeric_a:
        if not numbers_equal(e, a, float_rel, double_rel):
            out.append((path, f'expected {show(e)}, got {show(a)}'))
        return
    if isinstance(e, str) and isinstance(a, str):
        if not strings_equal(e, a) and not (numeric_e and numeric_a and numbers_equal(e, a, float_rel, double_rel)):
            out.append((path, f'expected {show(e)}, got {show(a)}'))
        return
    if isinstance(e, Obj) and isinstance(a, Obj):
        ke, ka = [k for k, _ in e], [k for k, _ in a]
        if ke != ka:
            out.append((path, f'expected keys {ke}, got {ka}'))
            return
        for (k, ve), (_, va) in zip(e, a):
            compare(ve, va, f'{path}.{k}' if path else k, float_rel, out, double_rel)
        return
    if isinstance(e, list) and isinstance(a, list) and not isinstance(e, Obj) and not isinstance(a, Obj):
        if len(e) != len(a):
            out.append((path, f'expected {len(e)} elements, got {len(a)}: expected {show(e)}, got {show(a)}'))
            return
        for i, (ve, va) in enumerate(zip(e, a)):
            compare(ve, va, f'{path}[{i}]', float_rel, out, double_rel)
        return
    out.append((path, f'expected {show(e)}, got {show(a)}'))


def sort_key(v):
    """Canonical text of a row for --unordered matching (equal values -> equal keys, mostly)."""
    if v is None or isinstance(v, bool):
        return to_json(v)
    if is_number(v) or (isinstance(v, str) and v.lower() in SPECIALS):
        f = as_float(v)
        d = as_decimal(v)
        if d is not None and d == d.to_integral_value():
            return 'n' + str(int(d))
        return 'n' + ('nan' if math.isnan(f) else format(f, '.6g'))
    if isinstance(v, str):
        k = temporal_key(v)
        return json.dumps(str(k) if k is not None else v)
    if isinstance(v, Obj):
        return '{' + ','.join(json.dumps(k) + ':' + sort_key(x) for k, x in v) + '}'
    return '[' + ','.join(sort_key(x) for x in v) + ']'


def read_rows(path):
    rows = []
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = load_json(line)
            except ValueError as e:
                raise InputError(f'{path}:{n}: not JSON: {e}')
            if not isinstance(row, Obj):
                raise InputError(f'{path}:{n}: not a JSON object')
            rows.append(row)
    return rows


class InputError(Exception):
    pass


def empty_as_null(v):
    """v with every "" (at any depth) replaced by None."""
    if v == '':
        return None
    if isinstance(v, Obj):
        return Obj((k, empty_as_null(x)) for k, x in v)
    if isinstance(v, list):
        return [empty_as_null(x) for x in v]
    return v


def align_columns(rows, names, project):
    """rows with top-level keys reordered to `names` (missing keys stay missing); keys not in
    `names` follow in their own order, or are dropped when `project`."""
    wanted = set(names)
    out = []
    for row in rows:
        values = dict(row)
        aligned = Obj((k, values[k]) for k in names if k in values)
        if not project:
            aligned.extend((k, v) for k, v in row if k not in wanted)
        out.append(aligned)
    return out


def compare_rows(expected, actual, unordered, float_rel, double_rel=0.0, any_column_order=False,
                 project=False, null_matches_empty=False):
    diffs = []
    if null_matches_empty:
        expected = [empty_as_null(r) for r in expected]
        actual = [empty_as_null(r) for r in actual]
    if (any_column_order or project) and expected:
        actual = align_columns(actual, [k for k, _ in expected[0]], project)
    if len(expected) != len(actual):
        diffs.append(('', f'expected {len(expected)} rows, got {len(actual)}'))
    if unordered:
        expected = sorted(expected, key=sort_key)
        actual = sorted(actual, key=sort_key)
    for i, (e, a) in enumerate(zip(expected, actual)):
        row_diffs = []
        compare(e, a, '', float_rel, row_diffs, double_rel)
        label = f'row {i + 1}' + (' (sorted)' if unordered else '')
        diffs.extend((f'{label}: {p}' if p else label, m) for p, m in row_diffs)
    return diffs


# ---------------------------------------------------------------- summary files

def leaf_values(value, steps):
    """Values reached from a column value through steps ('.name', '[]', '{key}', '{value}')."""
    values = [value]
    for step in steps:
        nxt = []
        for v in values:
            if step == '[]':
                if v is not None:
                    nxt.extend(v)
            elif step in ('{key}', '{value}'):
                if v is not None:
                    nxt.extend(dict(entry)[step[1:-1]] for entry in v)
            else:
                nxt.append(None if v is None else dict(v)[step[1:]])
        values = nxt
    return values


def leaf_text(v, leaf_type):
    if v is None:
        return None
    if leaf_type == 'VARCHAR':
        return v.encode('utf-8')
    if leaf_type == 'BLOB':
        return bytes.fromhex(v)
    if leaf_type == 'BOOLEAN':
        return b'true' if v else b'false'
    m = re.match(r'^DECIMAL\(\d+,(\d+)\)$', leaf_type)
    if m:
        scale = int(m.group(1))
        d = as_decimal(v)
        return str(d.quantize(Decimal(1).scaleb(-scale))).encode() if scale else str(int(d)).encode()
    return str(int(as_decimal(v))).encode()


def compare_summary(summary, actual_path):
    diffs = []
    columns = summary['columns']
    names = [c['name'] for c in columns]
    leaves = [(ci, leaf) for ci, c in enumerate(columns) for leaf in c['leaves']]
    state = [{'values': 0, 'nulls': 0, 'bytes': 0, 'md5': hashlib.md5()} for _ in leaves]
    col_nulls = [0] * len(columns)
    rows = 0
    with open(actual_path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            row = load_json(line)
            keys = [k for k, _ in row]
            if keys != names:
                diffs.append((f'row {n}', f'expected keys {names}, got {keys}'))
                return diffs
            rows += 1
            values = [v for _, v in row]
            for ci, v in enumerate(values):
                col_nulls[ci] += v is None
            for s, (ci, leaf) in zip(state, leaves):
                digests = []
                for v in leaf_values(values[ci], leaf['path'][1:]):
                    text = leaf_text(v, leaf['type'])
                    s['values'] += 1
                    if text is None:
                        s['nulls'] += 1
                        digests.append('null')
                    else:
                        s['bytes'] += len(text)
                        digests.append(hashlib.md5(text).hexdigest())
                s['md5'].update((','.join(digests) + ';').encode())
    if rows != summary['rows']:
        diffs.append(('', f'expected {summary["rows"]} rows, got {rows}'))
    for ci, c in enumerate(columns):
        if col_nulls[ci] != c['nulls']:
            diffs.append((c['name'], f'expected {c["nulls"]} nulls, got {col_nulls[ci]}'))
    for s, (ci, leaf) in zip(state, leaves):
        got = {'values': s['values'], 'nulls': s['nulls'], 'bytes': s['bytes'], 'md5': s['md5'].hexdigest()}
        for k, v in got.items():
            if leaf[k] != v:
                diffs.append((' '.join(leaf['path']), f'{k}: expected {leaf[k]}, got {v}'))
    return diffs


# ---------------------------------------------------------------- multiset summaries

def canonical(v):
    """Text of a value that is equal for equal values in any of the spellings compared equal
    above (numbers by exact value, temporal strings by instant), for order-insensitive hashes."""
    if type(v) is int:   # the common case first (same text as the Decimal path gives)
        return f'n:{v}'
    if v is None or isinstance(v, bool):
        return to_json(v)
    if is_number(v):
        d = as_decimal(v)
        if d is None:
            f = as_float(v)
            return 'n:nan' if math.isnan(f) else ('n:inf' if f > 0 else 'n:-inf')
        return 'n:' + ('0' if d == 0 else format(d.normalize(), 'f'))
    if isinstance(v, str):
        k = temporal_key(v)
        return 't:' + repr(k) if k is not None else 's:' + json.dumps(v, ensure_ascii=False)
    if isinstance(v, Obj):
        return '{' + ','.join(json.dumps(k, ensure_ascii=False) + ':' + canonical(x) for k, x in v) + '}'
    return '[' + ','.join(canonical(x) for x in v) + ']'


def multiset_summary(rows, columns=None, column_hashes=True):
    """Order-insensitive summary of rows (an iterable of lists of (key, value) pairs): the row
    count, the sum mod 2^64 of the 64-bit md5 prefixes of the rows' canonical texts (canonical()
    of the values joined by U+001F) and per column the null count and the sum mod 2^64 of the
    crc32 of canonical(value) (cheap, only to say which column differs). column_hashes=False
    leaves out the per-column sums. With `columns`, a row's other keys are ignored and a
    missing one counts as null."""
    return _summarize(rows, columns, column_hashes, None)


class KeyMismatch(Exception):
    """A row whose keys do not fit the summary's columns (args[0]: a difference tuple)."""


def _summarize(rows, columns, column_hashes, key_check):
    rows = iter(rows)
    first = next(rows, None)
    names = columns if columns is not None else ([k for k, _ in first] if first is not None else [])
    nulls = [0] * len(names)
    sums = [0] * len(names)
    row_sum = 0
    count = 0
    md5 = hashlib.md5
    row = first
    while row is not None:
        count += 1
        if len(row) == len(names) and all(k == n for (k, _), n in zip(row, names)):
            ordered = [v for _, v in row]
        else:
            if key_check is not None:
                key_check(count, row, names)
            values = dict(row)
            ordered = [values.get(name) for name in names]
        texts = [canonical(v) for v in ordered]
        for i, v in enumerate(ordered):
            if v is None:
                nulls[i] += 1
            if column_hashes:
                sums[i] += zlib.crc32(texts[i].encode())
        row_sum += int.from_bytes(md5('\x1f'.join(texts).encode()).digest()[:8], 'big')
        row = next(rows, None)
    mask = (1 << 64) - 1
    return {'format': MULTISET_FORMAT, 'rows': count,
            'columns': [{'name': n, 'nulls': nulls[i], 'hash_sum': f'{sums[i] & mask:016x}'}
                        for i, n in enumerate(names)],
            'row_hash_sum': f'{row_sum & mask:016x}'}


def compare_multiset_summary(summary, actual, project=False, null_matches_empty=False):
    """Differences between a multiset summary and actual rows (any row and column order).
    `actual` is a list of rows or a function returning a fresh iterator over them (so that a
    million-row output can be streamed; it is read a second time only when something differs)."""
    names = [c['name'] for c in summary['columns']]

    def rows():
        it = actual() if callable(actual) else iter(actual)
        return (empty_as_null(r) for r in it) if null_matches_empty else it

    def key_check(n, row, names):
        keys = [k for k, _ in row]
        if (set(names) - set(keys)) or (not project and set(keys) != set(names)):
            raise KeyMismatch((f'row {n}', f'expected keys {names}, got {keys}'))

    try:
        got = _summarize(rows(), names, False, key_check)
    except KeyMismatch as e:
        return [e.args[0]]
    if got['rows'] == summary['rows'] and got['row_hash_sum'] == summary['row_hash_sum'] and \
            [c['nulls'] for c in got['columns']] == [c['nulls'] for c in summary['columns']]:
        return []
    got = _summarize(rows(), names, True, None)   # again, to say which columns differ
    diffs = []
    if got['rows'] != summary['rows']:
        diffs.append(('', f'expected {summary["rows"]} rows, got {got["rows"]}'))
    for ce, ca in zip(summary['columns'], got['columns']):
        if ce['nulls'] != ca['nulls']:
            diffs.append((ce['name'], f'expected {ce["nulls"]} nulls, got {ca["nulls"]}'))
        if ce['hash_sum'] != ca['hash_sum']:
            diffs.append((ce['name'], 'values differ (multiset hash)'))
    if summary['row_hash_sum'] != got['row_hash_sum'] and not diffs:
        diffs.append(('', 'rows differ (multiset hash; every column alone matches)'))
    return diffs


# ---------------------------------------------------------------- main

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('expected')
    p.add_argument('actual')
    p.add_argument('--unordered', action='store_true', help='compare rows as multisets')
    p.add_argument('--max-diffs', type=int, default=20, help='differences to print (default 20)')
    p.add_argument('--float-rel', type=float, default=1e-6,
                   help='relative tolerance for float32 values (default 1e-6; 0 disables)')
    p.add_argument('--double-rel', type=float, default=0.0,
                   help='relative tolerance for any float (default 0: doubles must be equal)')
    p.add_argument('--any-column-order', action='store_true', help='match top-level keys by name')
    p.add_argument('--project', action='store_true',
                   help='ignore top-level keys of ACTUAL missing from EXPECTED (implies --any-column-order)')
    p.add_argument('--null-matches-empty', action='store_true', help='"" and null are equal')
    args = p.parse_args(argv)
    try:
        with open(args.expected, encoding='utf-8') as f:
            head = f.read(4096)
        is_summary = args.expected.endswith('.summary.json') or f'"{SUMMARY_FORMAT}"' in head
        if f'"{MULTISET_FORMAT}"' in head:
            with open(args.expected, encoding='utf-8') as f:
                summary = json.load(f)
            diffs = compare_multiset_summary(summary, read_rows(args.actual), args.project,
                                             args.null_matches_empty)
            what = f'{summary["rows"]} rows (multiset summary)'
        elif is_summary:
            with open(args.expected, encoding='utf-8') as f:
                summary = json.load(f)
            if summary.get('format') != SUMMARY_FORMAT:
                raise InputError(f'{args.expected}: unknown summary format {summary.get("format")!r}')
            diffs = compare_summary(summary, args.actual)
            what = f'{summary["rows"]} rows (summary)'
        else:
            expected, actual = read_rows(args.expected), read_rows(args.actual)
            diffs = compare_rows(expected, actual, args.unordered, args.float_rel, args.double_rel,
                                 args.any_column_order, args.project, args.null_matches_empty)
            what = f'{len(expected)} rows'
    except (OSError, InputError, ValueError, KeyError, TypeError) as e:
        print(f'error: {e}', file=sys.stderr)
        return 2
    for where, message in diffs[:args.max_diffs]:
        print(f'{where}: {message}' if where else message)
    if len(diffs) > args.max_diffs:
        print(f'... {len(diffs) - args.max_diffs} more differences')
    print(f'{"MISMATCH" if diffs else "OK"}: {args.expected} vs {args.actual}: {what}, {len(diffs)} differences',
          file=sys.stderr)
    return 1 if diffs else 0


if __name__ == '__main__':
    sys.exit(main())
