"""Tests of the comparison and Delta-log logic of tests/tpch/check_tpch.py (no silt, no data).

Run from the repo root: python3 -m unittest discover -s tests/scripts
"""
import contextlib
import io
import json
import os
import stat
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'tpch'))
import check_tpch  # noqa: E402


class CompareTest(unittest.TestCase):
    def test_decimals_compare_numerically_and_exactly(self):
        self.assertTrue(check_tpch.compare('x\n12.50\n', 'x\n12.5\n', ['DECIMAL(15,2)'])[0])
        self.assertTrue(check_tpch.compare('x\n12.50\n', 'x\n12.500000\n', ['DECIMAL(15,2)'])[0])
        ok, msg = check_tpch.compare('x\n526165934.000839\n', 'x\n526165934.000840\n', ['DECIMAL(38,6)'])
        self.assertFalse(ok)
        self.assertIn("got '526165934.000840', expected '526165934.000839'", msg)

    def test_integers_exact(self):
        self.assertTrue(check_tpch.compare('n\n14876\n', 'n\n14876\n', ['BIGINT'])[0])
        self.assertFalse(check_tpch.compare('n\n14876\n', 'n\n14877\n', ['BIGINT'])[0])
        # A decimal column does not get the double tolerance even for huge values.
        self.assertFalse(check_tpch.compare('n\n1000000000000.01\n', 'n\n1000000000000.02\n', ['DECIMAL(38,2)'])[0])

    def test_doubles_relative_tolerance(self):
        t = ['DOUBLE']
        self.assertTrue(check_tpch.compare('a\n25.575154611454693\n', 'a\n25.57515461145469\n', t)[0])
        self.assertTrue(check_tpch.compare('a\n0.05\n', 'a\n5e-2\n', t)[0])
        ok, msg = check_tpch.compare('a\n25.575154611454693\n', 'a\n25.575155\n', t)
        self.assertFalse(ok)
        self.assertIn('double', msg)
        self.assertTrue(check_tpch.compare('a\nNaN\n', 'a\nnan\n', t)[0])
        self.assertFalse(check_tpch.compare('a\ninf\n', 'a\n1e308\n', t)[0])

    def test_text_and_dates_exact(self):
        t = ['VARCHAR', 'DATE']
        self.assertTrue(check_tpch.compare('s,d\n"Supplier#1",1995-03-15\n', 's,d\nSupplier#1,1995-03-15\n', t)[0])
        self.assertFalse(check_tpch.compare('s,d\nabc,1995-03-15\n', 's,d\nabc ,1995-03-15\n', t)[0])
        # '007' and '7' are different strings even though equal as numbers.
        self.assertFalse(check_tpch.compare('s\n007\n', 's\n7\n', ['VARCHAR'])[0])

    def test_null_is_empty_field_or_empty_line(self):
        self.assertTrue(check_tpch.compare('avg_yearly\n\n', 'avg_yearly\n\n', ['DOUBLE'])[0])
        ok, msg = check_tpch.compare('avg_yearly\n\n', 'avg_yearly\n0\n', ['DOUBLE'])
        self.assertFalse(ok)
        self.assertIn('expected NULL', msg)
        self.assertTrue(check_tpch.compare('a,b\n1,\n', 'a,b\n1,\n', ['BIGINT', 'VARCHAR'])[0])

    def test_row_count_and_order(self):
        ok, msg = check_tpch.compare('k\n1\n2\n', 'k\n1\n', ['BIGINT'])
        self.assertFalse(ok)
        self.assertIn('1 rows, expected 2', msg)
        ok, msg = check_tpch.compare('k\n1\n2\n', 'k\n2\n1\n', ['BIGINT'])
        self.assertFalse(ok)
        self.assertIn('same rows, different order', msg)
        ok, msg = check_tpch.compare('k\n1\n2\n', 'k\n1\n3\n', ['BIGINT'])
        self.assertFalse(ok)
        self.assertNotIn('different order', msg)
        self.assertIn('row 2 column k', msg)

    def test_columns(self):
        ok, msg = check_tpch.compare('a,b\n1,2\n', 'a\n1\n', None)
        self.assertFalse(ok)
        self.assertIn('1 columns', msg)
        # Names are only noted; case is ignored.
        self.assertEqual(check_tpch.compare('A\n1\n', 'a\n1\n', None), (True, ''))
        ok, msg = check_tpch.compare('sum(l_quantity)\n1\n', 'sum(lineitem.l_quantity)\n1\n', None)
        self.assertTrue(ok)
        self.assertIn('column names', msg)

    def test_untyped_columns_compare_numbers_exactly(self):
        self.assertTrue(check_tpch.compare('x\n1.50\n', 'x\n1.5\n', None)[0])
        self.assertFalse(check_tpch.compare('x\n1.5\n', 'x\n1.5000000001\n', None)[0])
        self.assertTrue(check_tpch.compare('x\nabc\n', 'x\nabc\n', None)[0])

    def test_silt_decimal_for_a_duckdb_double(self):
        # docs/decisions/0007: silt's AVG/division keep a decimal scale; within half a unit of
        # the last place of silt's decimal is equal, one unit off is not.
        t, st = ['DOUBLE'], ['decimal(19,6)']
        self.assertTrue(check_tpch.compare('a\n25.575154611454693\n', 'a\n25.575155\n', t, st)[0])
        self.assertTrue(check_tpch.compare('a\n0.05008133906964238\n', 'a\n0.050081\n', t, st)[0])
        ok, msg = check_tpch.compare('a\n0.05008133906964238\n', 'a\n0.050082\n', t, st)
        self.assertFalse(ok)
        self.assertIn("half a unit of silt's decimal(19,6)", msg)
        # A double in silt gets no such slack, nor does a DuckDB DECIMAL column.
        self.assertFalse(check_tpch.compare('a\n25.575154611454693\n', 'a\n25.575155\n', t, ['float64'])[0])
        self.assertFalse(check_tpch.compare('a\n25.58\n', 'a\n25.575155\n', ['DECIMAL(15,2)'], st)[0])
        self.assertEqual(check_tpch.decimal_scale('decimal(38, 4)'), 4)
        self.assertIsNone(check_tpch.decimal_scale('float64'))

    def test_split_described(self):
        out = ('column_name,data_type,is_nullable\na,"decimal(19,6)",YES\nb,utf8,YES\n'
               f'{check_tpch.MARKER}\nend\na,b\n1.000000,x\n')
        types, rest = check_tpch.split_described(out)
        self.assertEqual(types, ['decimal(19,6)', 'utf8'])
        self.assertEqual(rest, 'a,b\n1.000000,x\n')
        self.assertEqual(check_tpch.split_described('a\n1\n'), (None, 'a\n1\n'))

    def test_load_types(self):
        types = check_tpch.load_types()
        if not types:
            self.skipTest('tests/tpch/answer_types.tsv missing')
        self.assertEqual(len(types), 22)
        self.assertEqual(types['q01'][6], 'DOUBLE')
        self.assertTrue(types['q06'][0].startswith('DECIMAL'))


SCHEMA_OUTPUT = '''parquet schema:
required group duckdb_schema
  optional INT64 l_orderkey converted_type=18
  required INT32 l_linenumber converted_type=17
  optional INT64 l_quantity converted_type=5 logical_type=5
  optional BYTE_ARRAY l_returnflag converted_type=0
  optional INT32 l_shipdate converted_type=6
silt schema:
  l_orderkey: int64
  l_linenumber: int32
  l_quantity: decimal(15,2)
  l_returnflag: utf8
  l_shipdate: date32
'''


class DeltaLogTest(unittest.TestCase):
    def test_parse_silt_schema(self):
        self.assertEqual(check_tpch.parse_silt_schema(SCHEMA_OUTPUT), [
            ('l_orderkey', 'long', True), ('l_linenumber', 'integer', False),
            ('l_quantity', 'decimal(15,2)', True), ('l_returnflag', 'string', True),
            ('l_shipdate', 'date', True)])

    def test_unknown_type_is_an_error(self):
        with self.assertRaises(ValueError):
            check_tpch.parse_silt_schema('silt schema:\n  x: list<int32>\n')

    def test_log_lines(self):
        fields = check_tpch.parse_silt_schema(SCHEMA_OUTPUT)
        lines = check_tpch.delta_log_lines(fields, 'part-0.parquet', 1234, 1700000000000, 6, 'id-1')
        actions = [json.loads(line) for line in lines]
        self.assertEqual(actions[0], {'protocol': {'minReaderVersion': 1, 'minWriterVersion': 2}})
        meta = actions[1]['metaData']
        self.assertEqual(meta['id'], 'id-1')
        self.assertEqual(meta['format'], {'provider': 'parquet', 'options': {}})
        self.assertEqual(meta['partitionColumns'], [])
        schema = json.loads(meta['schemaString'])
        self.assertEqual(schema['type'], 'struct')
        self.assertEqual(schema['fields'][2], {'name': 'l_quantity', 'type': 'decimal(15,2)', 'nullable': True,
                                               'metadata': {}})
        add = actions[2]['add']
        self.assertEqual((add['path'], add['size'], add['modificationTime'], add['dataChange']),
                         ('part-0.parquet', 1234, 1700000000000, True))
        self.assertEqual(json.loads(add['stats']), {'numRecords': 6})


class OptionsTest(unittest.TestCase):
    def test_split_list(self):
        self.assertEqual(check_tpch.split_list(['q1,3', 'q22'], check_tpch.QUERIES, 'query'), ['q01', 'q03', 'q22'])
        self.assertEqual(check_tpch.split_list(None, check_tpch.FORMATS, 'format'), ['parquet', 'delta'])
        with self.assertRaises(SystemExit):
            check_tpch.split_list(['q23'], check_tpch.QUERIES, 'query')


FAKE_SILT = '''#!/usr/bin/env python3
import os, sys, time
args = sys.argv[1:]
if args[0] == 'parquet':
    print('num_rows: 2' if args[1] == 'meta' else
          'parquet schema:\\nrequired group s\\n  optional INT64 k\\nsilt schema:\\n  k: int64')
    sys.exit(0)
q = os.path.basename(args[args.index('-f') + 1])[:3]
stmts = [args[i + 1] for i, a in enumerate(args) if a == '-c']
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'log'), 'a') as f:
    f.write(q + ' ' + ' | '.join(s for s in stmts if s.startswith('CREATE EXTERNAL')) + '\\n')
if any(s.startswith('DESCRIBE') for s in stmts):
    print('column_name,data_type,is_nullable\\nk,int64,YES\\ntpch_check_marker\\nend')
if q == 'q03':
    sys.stderr.write('Error: Execution: boom\\n'); sys.exit(1)
if q == 'q04':
    time.sleep(10)
print('k\\n1\\n' + ('2' if q == 'q01' else '3'))
'''


class MainTest(unittest.TestCase):
    """check_tpch.main over a fake corpus (one table, four queries) and a fake silt."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)
        d = self.dir.name
        data = os.path.join(d, 'tpch')
        os.makedirs(os.path.join(data, 'queries'))
        for scale in ('0.01', '0.1'):
            os.makedirs(os.path.join(data, f'sf{scale}', 'answers'))
            for t in check_tpch.TABLES:
                os.makedirs(os.path.join(data, f'sf{scale}', t))
                with open(os.path.join(data, f'sf{scale}', t, f'{t}.parquet'), 'w') as f:
                    f.write('PAR1')
            for q in ('q01', 'q02', 'q03', 'q04'):
                with open(os.path.join(data, f'sf{scale}', 'answers', f'{q}.csv'), 'w') as f:
                    f.write('k\n1\n2\n')
        for q in ('q01', 'q02', 'q03', 'q04'):
            with open(os.path.join(data, 'queries', f'{q}.sql'), 'w') as f:
                f.write('-- fake\nselect k from region;\n')
        self.silt = os.path.join(d, 'silt')
        with open(self.silt, 'w') as f:
            f.write(FAKE_SILT)
        os.chmod(self.silt, os.stat(self.silt).st_mode | stat.S_IXUSR)
        self.log = os.path.join(d, 'log')
        old = check_tpch.TESTDATA
        check_tpch.TESTDATA = data
        self.addCleanup(setattr, check_tpch, 'TESTDATA', old)

    def run_main(self, *args):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            rc = check_tpch.main([self.silt, '--query', 'q01,q02,q03,q04', '--timeout', '1', *args])
        return rc, out.getvalue().splitlines()

    def test_statuses_summary_and_exit(self):
        rc, lines = self.run_main('--format', 'parquet')
        self.assertEqual(rc, 1)
        status = {line.split()[2] + '@' + line.split()[0]: line.split()[3] for line in lines[:-1]}
        self.assertEqual(status, {'q01@sf0.01': 'ok', 'q02@sf0.01': 'wrong', 'q03@sf0.01': 'error',
                                  'q04@sf0.01': 'timeout', 'q01@sf0.1': 'ok', 'q02@sf0.1': 'wrong',
                                  'q03@sf0.1': 'error', 'q04@sf0.1': 'timeout'})
        self.assertIn("row 2 column k: got '3', expected '2'", lines[1])
        self.assertIn('Error: Execution: boom (exit 1)', lines[2])
        self.assertIn('not run: timed out at sf0.01', lines[7])
        self.assertTrue(lines[-1].startswith('2 of 8 passed; failed: sf0.01/parquet/q02'))

    def test_delta_tables_are_made_and_registered(self):
        rc, lines = self.run_main('--format', 'delta', '--scale', '0.01', '--query', 'q01', '--keep',
                                  os.path.join(self.dir.name, 'keep'))
        self.assertIn('sf0.01 delta   q01 ok', lines[0])
        log_dir = os.path.join(self.dir.name, 'keep', 'sf0.01', 'lineitem', '_delta_log')
        with open(os.path.join(log_dir, '00000000000000000000.json')) as f:
            actions = [json.loads(line) for line in f]
        self.assertEqual(json.loads(actions[1]['metaData']['schemaString'])['fields'][0]['type'], 'long')
        data_file = os.path.join(self.dir.name, 'keep', 'sf0.01', 'lineitem', actions[2]['add']['path'])
        self.assertTrue(os.path.islink(data_file))
        with open(self.log) as f:
            self.assertIn("STORED AS DELTA LOCATION '" + os.path.join(self.dir.name, 'keep', 'sf0.01', 'lineitem'),
                          f.read())

    def test_skipped_without_data(self):
        check_tpch.TESTDATA = os.path.join(self.dir.name, 'absent')
        rc, lines = self.run_main()
        self.assertEqual(rc, 0)
        self.assertTrue(lines[0].startswith('SKIPPED:'))


if __name__ == '__main__':
    unittest.main()
