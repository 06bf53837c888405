"""Tests of tests/delta_tables/check_tables.py against a fake `silt` (a script replaying canned
answers) over a two-table fake corpus.

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
sys.path.insert(0, os.path.join(HERE, '..', 'delta_tables'))
import check_tables  # noqa: E402

FAKE_SILT = '''#!/usr/bin/env python3
import json, os, sys
args = sys.argv[1:]
table = os.path.basename(os.path.dirname(os.path.abspath(args[2])))
key = ' '.join([args[1], table] + args[3:])
answers = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'answers.json')))
a = answers.get(key, {"rc": 1, "err": "Error: InvalidArgument: unknown subcommand 'delta " + args[1] + "'"})
sys.stdout.write(a.get("out", ""))
sys.stderr.write(a.get("err", ""))
sys.exit(a.get("rc", 0))
'''

LOG = {'table': 's/good', 'version': 1,
       'protocol': {'min_reader_version': 1, 'min_writer_version': 2, 'reader_features': None, 'writer_features': None},
       'metadata_id': 'x', 'partition_columns': ['p'], 'num_files': 2, 'total_bytes': 30, 'row_count': 3,
       'schema_string': json.dumps({'type': 'struct', 'fields': [
           {'name': 'p', 'type': 'integer', 'metadata': {'delta.columnMapping.physicalName': 'col-1'}}]}),
       'files': [{'path': 'p=1/a%20b.parquet', 'size': 10, 'partition_values': {'col-1': '1'}, 'num_records': 2,
                  'dv_cardinality': None},
                 {'path': 'p=__HIVE_DEFAULT_PARTITION__/c.parquet', 'size': 20, 'partition_values': {'col-1': None},
                  'num_records': 2, 'dv_cardinality': 1}],
       'in_commit_timestamps': {'1': 1700000000123}, 'source': 'commits 0..1', 'cross_check': 'n/a'}


class CheckTablesTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)
        d = self.dir.name
        self.testdata = os.path.join(d, 'testdata')
        for t in ('s/good', 's/bad'):
            os.makedirs(os.path.join(self.testdata, t, 'delta', '_delta_log'))
        with open(os.path.join(self.testdata, 'manifest.json'), 'w') as f:
            json.dump([{'source': 's', 'table': 'good'}, {'source': 's', 'table': 'bad'}], f)
        self.expected = os.path.join(d, 'expected')
        os.makedirs(self.expected)
        self.write(os.path.join(self.expected, 's__good.log.json'), json.dumps(LOG))
        self.write(os.path.join(self.expected, 's__good.ndjson'),
                   '{"id":1,"t":"2024-01-01T00:00:00","d":12.5}\n{"id":2,"t":null,"d":0.1}\n')
        self.write(os.path.join(self.expected, 's__good__cdf.ndjson'),
                   '{"id":1,"s":null,"_change_type":"insert","_commit_version":0}\n')
        self.write(os.path.join(self.expected, 's__good__cdf.meta.json'),
                   json.dumps({'projection': True, 'null_matches_empty': True}))
        self.silt = os.path.join(d, 'silt')
        self.write(self.silt, FAKE_SILT)
        os.chmod(self.silt, os.stat(self.silt).st_mode | stat.S_IEXEC)
        self.outcomes = os.path.join(d, 'outcomes.tsv')
        for name, value in (('TESTDATA', self.testdata), ('EXPECTED', self.expected), ('OUTCOMES', self.outcomes)):
            old = getattr(check_tables, name)
            setattr(check_tables, name, value)
            self.addCleanup(setattr, check_tables, name, old)

    @staticmethod
    def write(path, text):
        with open(path, 'w') as f:
            f.write(text)

    def run_check(self, outcomes, answers, *flags):
        self.write(self.outcomes, '# header\n' + ''.join('\t'.join(o) + '\n' for o in outcomes))
        self.write(os.path.join(self.dir.name, 'answers.json'), json.dumps(answers))
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = check_tables.main([self.silt, '--jobs', '2', *flags])
        return status, out.getvalue()

    GOOD = [['s/good', 'latest', 'rows', 's__good.ndjson', ''],
            ['s/good', 'cdf_0_latest', 'rows', 's__good__cdf.ndjson', ''],
            ['s/good', 'v1', 'rows', 'count:2', ''],
            ['s/good', 'log', 'log', 's__good.log.json', ''],
            ['s/good', 'files', 'log', 's__good.log.json', ''],
            ['s/good', 'ts_v1', 'log', 's__good.log.json', ''],
            ['s/bad', 'latest', 'error:Corrupt', '-', '']]
    ANSWERS = {
        # any row and column order, silt's spellings of the same values
        'cat good --format ndjson': {'out': '{"d":0.1,"t":null,"id":2}\n{"id":1,"t":"2024-01-01 00:00:00Z","d":12.50}\n'},
        'changes good --from 0 --format ndjson':
            {'out': '{"id":1,"s":"","_change_type":"insert","_commit_version":0,"_commit_timestamp":"2024-01-01 00:00:00Z"}\n'},
        'cat good --version 1 --format ndjson': {'out': '{"id":1}\n{"id":2}\n'},
        'snapshot good --format json': {'out': json.dumps({
            'version': 1, 'min_reader_version': 1, 'min_writer_version': 2, 'reader_features': [],
            'writer_features': [], 'partition_columns': ['p'], 'num_files': 2, 'total_bytes': 30})},
        'files good --format json': {'out': json.dumps({'version': 1, 'files': [
            {'path': 'p=__HIVE_DEFAULT_PARTITION__/c.parquet', 'size': 20, 'partition_values': {'p': None},
             'num_records': 1},
            {'path': 'p=1/a%20b.parquet', 'size': 10, 'partition_values': {'p': 1}, 'num_records': 2}]})},
        'snapshot good --timestamp 2023-11-14T22:13:20.123Z --format json': {'out': json.dumps({'version': 1})},
        'cat bad --format ndjson': {'rc': 1, 'err': 'Error: Corrupt: commit 1 is missing\n'},
    }

    def test_all_pass(self):
        status, out = self.run_check(self.GOOD, self.ANSWERS)
        self.assertEqual(status, 0, out)
        self.assertIn('delta tables: 7 passed, 0 failed (of 7 cases over 2 tables)', out)

    def test_failures_are_reported(self):
        answers = json.loads(json.dumps(self.ANSWERS))
        answers['cat good --format ndjson']['out'] = '{"id":1,"t":"2024-01-01 00:00:01Z","d":12.5}\n{"id":2,"t":null,"d":0.1}\n'
        answers['snapshot good --format json']['out'] = json.dumps({'version': 0})
        answers['cat bad --format ndjson'] = {'out': ''}
        del answers['files good --format json']
        status, out = self.run_check(self.GOOD, answers)
        self.assertEqual(status, 1)
        self.assertIn('FAIL s/good latest [s__good.ndjson]: row 1 (sorted): t: expected "2024-01-01T00:00:00"', out)
        self.assertIn('FAIL s/good log: version: expected 1, got 0', out)
        self.assertIn('FAIL s/bad latest: expected error Corrupt, silt succeeded', out)
        self.assertIn("FAIL s/good files: silt lacks the command: Error: InvalidArgument: unknown subcommand 'delta files'", out)
        self.assertIn('failures by kind: missing command: 1, wrong result: 3', out)
        self.assertIn('delta tables: 3 passed, 4 failed (of 7 cases over 2 tables)', out)

    def test_a_missing_command_is_no_expected_error(self):
        outcomes = [['s/good', 'cdf_1_0', 'error:InvalidArgument', '-', ''], ['s/bad', 'log', 'error:Corrupt', '-', '']]
        status, out = self.run_check(outcomes, {})
        self.assertEqual(status, 1)
        self.assertIn('FAIL s/good cdf_1_0: silt lacks the command', out)

    def test_filter_and_coverage(self):
        status, out = self.run_check(self.GOOD[:1], self.ANSWERS)
        self.assertEqual(status, 1)
        self.assertIn('FAIL s/bad: no line in outcomes.tsv', out)
        status, out = self.run_check(self.GOOD[:1], self.ANSWERS, '--filter', 'good latest')
        self.assertEqual(status, 0, out)
        self.assertIn('(of 1 cases over 1 tables)', out)

    def test_files_mismatch(self):
        answers = json.loads(json.dumps(self.ANSWERS))
        doc = json.loads(answers['files good --format json']['out'])
        doc['files'][1]['partition_values'] = {'p': 2}
        doc['files'][0]['num_records'] = 5
        answers['files good --format json']['out'] = json.dumps(doc)
        status, out = self.run_check([self.GOOD[4]], answers, '--filter', 'files')
        self.assertIn("p=1/a%20b.parquet: partition values expected {'col-1': '1'}, got {'p': 2}", out)
        self.assertIn('num_records expected 2, got 5', out)

    def test_skipped_without_testdata(self):
        check_tables.TESTDATA = os.path.join(self.dir.name, 'absent')
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            self.assertEqual(check_tables.main([self.silt]), 0)
        self.assertTrue(out.getvalue().startswith('SKIPPED:'))

    def test_partition_value_equal(self):
        eq = check_tables.partition_value_equal
        self.assertTrue(eq('1', 1))
        self.assertTrue(eq('1.0', 1))
        self.assertTrue(eq('', None))
        self.assertTrue(eq(None, ''))
        self.assertTrue(eq('true', True))
        self.assertTrue(eq('2021-09-08 11:11:11', '2021-09-08 11:11:11Z'))
        self.assertTrue(eq('A/A', 'A/A'))
        self.assertFalse(eq('1', 2))
        self.assertFalse(eq('x', None))
        self.assertFalse(eq('false', True))


if __name__ == '__main__':
    unittest.main()
