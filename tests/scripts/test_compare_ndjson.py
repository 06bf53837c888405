"""Tests of scripts/golden/compare_ndjson.py.

Run from the repo root: python3 -m unittest discover -s tests/scripts
"""
import contextlib
import io
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'scripts', 'golden'))
import compare_ndjson  # noqa: E402


class CompareTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def write(self, name, text):
        path = os.path.join(self.dir.name, name)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
        return path

    def run_compare(self, expected, actual, *flags):
        """(exit status, stdout) of comparing two NDJSON texts."""
        e = self.write('expected.ndjson', expected)
        a = self.write('actual.ndjson', actual)
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            status = compare_ndjson.main([e, a, *flags])
        return status, out.getvalue()

    def assertSame(self, expected, actual, *flags):
        status, out = self.run_compare(expected, actual, *flags)
        self.assertEqual(status, 0, out)

    def assertDiffers(self, expected, actual, *flags, mentions=None):
        status, out = self.run_compare(expected, actual, *flags)
        self.assertEqual(status, 1, out)
        if mentions:
            self.assertIn(mentions, out)

    def test_identical(self):
        rows = '{"a":1,"b":"x","c":[1,2],"d":{"e":null}}\n{"a":2,"b":"y","c":[],"d":null}\n'
        self.assertSame(rows, rows)
        self.assertSame('', '')

    def test_integers_exact(self):
        self.assertDiffers('{"a":9007199254740993}\n', '{"a":9007199254740992}\n', mentions='row 1: a')
        self.assertSame('{"a":170141183460469231731687303715884105727}\n',
                        '{"a":170141183460469231731687303715884105727}\n')

    def test_decimals_by_value(self):
        self.assertSame('{"d":12.50}\n', '{"d":12.5}\n')
        self.assertSame('{"d":1}\n', '{"d":1.0}\n')
        self.assertDiffers('{"d":12.50}\n', '{"d":12.51}\n')
        # more digits than a double holds: must match exactly, not as float64
        self.assertDiffers('{"d":1234567890123456789.12}\n', '{"d":1.2345678901234568e18}\n')

    def test_floats(self):
        self.assertSame('{"f":0.1}\n', '{"f":0.1}\n')
        self.assertSame('{"f":1e21}\n', '{"f":1e+21}\n')
        # float32 printed shortest by one side, widened to double by the other
        self.assertSame('{"f":0.1}\n', '{"f":0.10000000149011612}\n')
        # a subnormal float32 printed shortest (1e-45) vs its exact value
        self.assertSame('{"f":1.401298464324817e-45}\n', '{"f":1e-45}\n')
        self.assertDiffers('{"f":1.401298464324817e-45}\n', '{"f":3e-45}\n')
        # doubles that are not float32 values get no tolerance
        self.assertDiffers('{"f":0.1}\n', '{"f":0.10000000000000003}\n')
        self.assertSame('{"f":"NaN"}\n', '{"f":"NaN"}\n')
        self.assertSame('{"f":"inf","g":"-inf"}\n', '{"f":"Infinity","g":"-Infinity"}\n')
        self.assertDiffers('{"f":"inf"}\n', '{"f":"-inf"}\n')
        self.assertDiffers('{"f":1.5}\n', '{"f":"1.5"}\n')   # a string is not a number

    def test_float_tolerance_flag(self):
        self.assertSame('{"f":0.5}\n', '{"f":0.5000001}\n')
        self.assertDiffers('{"f":0.5}\n', '{"f":0.5000001}\n', '--float-rel', '0')

    def test_timestamps_as_instants(self):
        base = '{"t":"2024-01-01 00:00:00"}\n'
        self.assertSame(base, '{"t":"2024-01-01T00:00:00Z"}\n')
        self.assertSame(base, '{"t":"2024-01-01 00:00:00.000000"}\n')
        self.assertSame(base, '{"t":"2024-01-01 02:00:00+02:00"}\n')
        self.assertDiffers(base, '{"t":"2024-01-01 00:00:00.000001"}\n')
        self.assertSame('{"t":"+290000-12-30 23:00:00"}\n', '{"t":"+290000-12-30T23:00:00.000000000Z"}\n')
        self.assertSame('{"d":"0044-03-15"}\n', '{"d":"+0044-03-15"}\n')
        self.assertDiffers('{"d":"0044-03-15"}\n', '{"d":"-0044-03-15"}\n')

    def test_times_intervals_uuids(self):
        self.assertSame('{"t":"12:00:00"}\n', '{"t":"12:00:00.000Z"}\n')
        self.assertSame('{"t":"12:00:00"}\n', '{"t":"12:00:00+00"}\n')
        self.assertSame('{"i":"P1Y2M"}\n', '{"i":"P14M"}\n')
        self.assertSame('{"i":"PT1M30S"}\n', '{"i":"PT90S"}\n')
        self.assertSame('{"u":"0f8fad5b-d9cb-469f-a165-70867728950e"}\n',
                        '{"u":"0f8fad5bd9cb469fa16570867728950e"}\n')

    def test_nested_paths_in_messages(self):
        self.assertDiffers('{"s":{"a":[1,{"key":"k","value":2}]}}\n',
                           '{"s":{"a":[1,{"key":"k","value":3}]}}\n', mentions='row 1: s.a[1].value')
        self.assertDiffers('{"l":[1,2]}\n', '{"l":[1]}\n', mentions='expected 2 elements, got 1')

    def test_keys_in_order(self):
        self.assertDiffers('{"a":1,"b":2}\n', '{"b":2,"a":1}\n', mentions='expected keys')
        self.assertDiffers('{"a":1}\n', '{"a":1,"b":2}\n', mentions='expected keys')

    def test_row_count_and_order(self):
        self.assertDiffers('{"a":1}\n{"a":2}\n', '{"a":1}\n', mentions='expected 2 rows, got 1')
        self.assertDiffers('{"a":1}\n{"a":2}\n', '{"a":2}\n{"a":1}\n')
        self.assertSame('{"a":1}\n{"a":2}\n', '{"a":2}\n{"a":1.0}\n', '--unordered')
        self.assertDiffers('{"a":1}\n{"a":1}\n', '{"a":1}\n{"a":2}\n', '--unordered')

    def test_max_diffs(self):
        expected = ''.join(f'{{"a":{i}}}\n' for i in range(30))
        actual = ''.join(f'{{"a":{i + 1}}}\n' for i in range(30))
        status, out = self.run_compare(expected, actual, '--max-diffs', '3')
        self.assertEqual(status, 1)
        self.assertEqual(len(out.strip().splitlines()), 4)
        self.assertIn('27 more differences', out)

    def test_bad_input(self):
        status, _ = self.run_compare('{"a":1}\n', 'not json\n')
        self.assertEqual(status, 2)

    def test_summary(self):
        # Made by `duckdb_ndjson.mjs --summary` from parquet-testing/data/list_columns.parquet:
        # the SQL and the Python definitions of the summary must agree.
        summary = {"format": "silt-golden-summary/1", "rows": 3, "columns": [
            {"name": "int64_list", "type": "BIGINT[]", "nulls": 0, "leaves": [
                {"path": ["int64_list", "[]"], "type": "BIGINT", "values": 6, "nulls": 1, "bytes": 5,
                 "md5": "40ed6b3bf097ce8cb641ec8611fd8066"}]},
            {"name": "utf8_list", "type": "VARCHAR[]", "nulls": 1, "leaves": [
                {"path": ["utf8_list", "[]"], "type": "VARCHAR", "values": 7, "nulls": 1, "bytes": 18,
                 "md5": "7209eb7a7b70ef987f45cc5b5865dc8d"}]}]}
        rows = ('{"int64_list":[1,2,3],"utf8_list":["abc","efg","hij"]}\n'
                '{"int64_list":[null,1],"utf8_list":null}\n'
                '{"int64_list":[4],"utf8_list":["efg",null,"hij","xyz"]}\n')
        s = self.write('x.summary.json', json.dumps(summary))
        a = self.write('actual.ndjson', rows)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            self.assertEqual(compare_ndjson.main([s, a]), 0)
        a = self.write('actual.ndjson', rows.replace('"xyz"', '"xyZ"'))
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            self.assertEqual(compare_ndjson.main([s, a]), 1)
        self.assertIn('utf8_list []: md5', out.getvalue())

    def test_double_tolerance_flag(self):
        self.assertDiffers('{"f":0.1}\n', '{"f":0.10000000000000003}\n')
        self.assertSame('{"f":0.1}\n', '{"f":0.10000000000000003}\n', '--double-rel', '1e-12')
        self.assertDiffers('{"f":0.1}\n', '{"f":0.1000001}\n', '--double-rel', '1e-12', '--float-rel', '0')
        # integers stay exact whatever the tolerance
        self.assertDiffers('{"a":9007199254740993}\n', '{"a":9007199254740992}\n', '--double-rel', '1e-6')

    def test_any_column_order(self):
        self.assertSame('{"a":1,"b":2}\n', '{"b":2,"a":1}\n', '--any-column-order')
        self.assertDiffers('{"a":1}\n', '{"a":1,"b":2}\n', '--any-column-order', mentions='expected keys')
        self.assertDiffers('{"a":1,"b":2}\n', '{"a":1}\n', '--any-column-order', mentions='expected keys')
        # nested struct fields keep their order requirement
        self.assertDiffers('{"s":{"x":1,"y":2}}\n', '{"s":{"y":2,"x":1}}\n', '--any-column-order')

    def test_project(self):
        cdf = '{"id":1,"_change_type":"insert","_commit_version":0}\n'
        silt = '{"id":1,"_change_type":"insert","_commit_version":0,"_commit_timestamp":"2024-01-01 00:00:00Z"}\n'
        self.assertDiffers(cdf, silt, '--any-column-order', mentions='expected keys')
        self.assertSame(cdf, silt, '--project')
        self.assertDiffers(cdf, '{"id":1,"_change_type":"insert"}\n', '--project', mentions='expected keys')
        self.assertSame('{"a":1,"b":"x"}\n{"a":2,"b":"y"}\n',
                        '{"c":0,"b":"y","a":2}\n{"b":"x","c":0,"a":1}\n', '--project', '--unordered')

    def test_null_matches_empty(self):
        self.assertDiffers('{"s":null}\n', '{"s":""}\n')
        self.assertSame('{"s":null}\n', '{"s":""}\n', '--null-matches-empty')
        self.assertSame('{"s":""}\n', '{"s":null}\n', '--null-matches-empty')
        self.assertSame('{"l":["",null]}\n', '{"l":[null,""]}\n', '--null-matches-empty')
        self.assertDiffers('{"s":null}\n', '{"s":"x"}\n', '--null-matches-empty')
        # rows still pair up when sorting: "" and null sort alike
        self.assertSame('{"a":1,"s":null}\n{"a":1,"s":"b"}\n', '{"a":1,"s":"b"}\n{"a":1,"s":""}\n',
                        '--null-matches-empty', '--unordered')

    def test_canonical(self):
        c = compare_ndjson.canonical
        load = compare_ndjson.load_json
        self.assertEqual(c(load('12.50')), c(load('12.5')))
        self.assertEqual(c(load('1')), c(load('1.0')))
        self.assertEqual(c(load('-0.0')), c(load('0')))
        self.assertEqual(c(load('100')), c(load('1e2')))
        self.assertNotEqual(c(load('1')), c(load('"1"')))
        self.assertEqual(c('2024-01-01 00:00:00Z'), c('2024-01-01T00:00:00'))
        self.assertNotEqual(c(None), c('null'))
        self.assertEqual(c(load('{"a":[1,null]}')), c(load('{"a":[1.0,null]}')))

    def test_multiset_summary(self):
        expected = ('{"id":1,"d":12.50,"s":"x"}\n{"id":2,"d":null,"s":"y"}\n'
                    '{"id":3,"d":0.5,"s":"x"}\n')
        rows = compare_ndjson.read_rows(self.write('e.ndjson', expected))
        summary = compare_ndjson.multiset_summary(rows)
        self.assertEqual(summary['rows'], 3)
        self.assertEqual([c['nulls'] for c in summary['columns']], [0, 1, 0])
        s = self.write('e.summary.json', json.dumps(summary))

        def status(actual, *flags):
            a = self.write('a.ndjson', actual)
            out = io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
                return compare_ndjson.main([s, a, *flags]), out.getvalue()

        # any row order, any column order, equal spellings of equal values
        self.assertEqual(status('{"id":3,"s":"x","d":0.50}\n{"s":"x","id":1,"d":12.5}\n'
                                '{"id":2,"s":"y","d":null}\n')[0], 0)
        code, out = status('{"id":3,"d":0.5,"s":"x"}\n{"id":1,"d":12.5,"s":"y"}\n{"id":2,"d":null,"s":"y"}\n')
        self.assertEqual(code, 1)
        self.assertIn('s: values differ', out)
        # the same values per column, combined into other rows
        code, out = status('{"id":1,"d":0.5,"s":"x"}\n{"id":2,"d":null,"s":"y"}\n{"id":3,"d":12.5,"s":"x"}\n')
        self.assertEqual(code, 1)
        self.assertIn('rows differ', out)
        code, out = status('{"id":1,"d":12.5,"s":"x"}\n')
        self.assertIn('expected 3 rows, got 1', out)
        code, out = status('{"id":1,"d":12.5,"s":"x","extra":1}\n')
        self.assertIn('expected keys', out)
        self.assertEqual(status('{"id":3,"d":0.5,"s":"x","e":1}\n{"id":1,"d":12.5,"s":"x","e":1}\n'
                                '{"id":2,"d":null,"s":"y","e":1}\n', '--project')[0], 0)


if __name__ == '__main__':
    unittest.main()
