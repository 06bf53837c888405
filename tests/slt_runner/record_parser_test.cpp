#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include "silt/slt/record.h"

namespace silt::slt {
namespace {

std::vector<std::string> Lines(std::initializer_list<const char*> lines) {
  return {lines.begin(), lines.end()};
}

// SQLite shape: CRLF, hash-threshold, conditions with trailing comments, labels, one value
// per line, hashes.
TEST(SltRecordParser, SqliteFlavour) {
  std::string text =
      "hash-threshold 8\r\n"
      "\r\n"
      "statement ok\r\n"
      "CREATE TABLE t1(a INTEGER, b INTEGER)\r\n"
      "\r\n"
      "onlyif mysql # support for MySQL specific system types and syntax\r\n"
      "query I rowsort label-2\r\n"
      "SELECT a FROM t1\r\n"
      "----\r\n"
      "NULL\r\n"
      "3\r\n"
      "\r\n"
      "skipif postgresql\r\n"
      "skipif mssql # comment\r\n"
      "query II nosort\r\n"
      "SELECT a,\r\n"
      "  b FROM t1\r\n"
      "----\r\n"
      "30 values hashing to 3c13dee48d9356ae19af2515e05e6b54\r\n";
  std::vector<Record> records = ParseSltFile(text, /*origin_is_sqlite=*/true);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].kind, RecordKind::kHashThreshold);
  EXPECT_EQ(records[0].hash_threshold, 8);
  EXPECT_EQ(records[0].line, 1);

  EXPECT_EQ(records[1].kind, RecordKind::kStatementOk);
  EXPECT_EQ(records[1].line, 3);
  EXPECT_EQ(records[1].sql, "CREATE TABLE t1(a INTEGER, b INTEGER)");
  EXPECT_TRUE(records[1].sqlite_origin);

  const Record& q = records[2];
  EXPECT_EQ(q.kind, RecordKind::kQuery);
  EXPECT_EQ(q.line, 7);
  ASSERT_EQ(q.conditions.size(), 1u);
  EXPECT_TRUE(q.conditions[0].only_if);
  EXPECT_EQ(q.conditions[0].label, "mysql");
  EXPECT_EQ(q.types, "I");
  EXPECT_EQ(q.sort_mode, SortMode::kRowSort);
  EXPECT_EQ(q.label, "label-2");
  EXPECT_EQ(q.sql, "SELECT a FROM t1");
  EXPECT_TRUE(q.has_separator);
  EXPECT_EQ(q.expected, Lines({"NULL", "3"}));
  EXPECT_EQ(q.expected_line, 10);

  const Record& h = records[3];
  ASSERT_EQ(h.conditions.size(), 2u);
  EXPECT_FALSE(h.conditions[0].only_if);
  EXPECT_EQ(h.conditions[1].label, "mssql");
  EXPECT_EQ(h.types, "II");
  EXPECT_EQ(h.sort_mode, SortMode::kNoSort);
  EXPECT_EQ(h.label, "");
  EXPECT_EQ(h.sql, "SELECT a,\n  b FROM t1");
  EXPECT_EQ(h.expected, Lines({"30 values hashing to 3c13dee48d9356ae19af2515e05e6b54"}));
}

// DataFusion shape: comments before records, trailing ';', space-separated rows,
// `statement count 0`, `query error`.
TEST(SltRecordParser, DataFusionFlavour) {
  std::string text =
      "# abs scalar function\n"
      "# slt-src: scalar.slt:70\n"
      "query III\n"
      "select abs(64), abs(0), abs(-64);\n"
      "----\n"
      "64 0 64\n"
      "\n"
      "statement count 0\n"
      "create table t as values (1, 'a');\n"
      "\n"
      "query error DataFusion error: .*\n"
      "select 1/0\n"
      "\n"
      "query TT valuesort\n"
      "select 'a b', 'c'\n"
      "----\n"
      "a b c\n";
  std::vector<Record> records = ParseSltFile(text, false);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].kind, RecordKind::kQuery);
  EXPECT_EQ(records[0].line, 3);
  EXPECT_EQ(records[0].sql, "select abs(64), abs(0), abs(-64)");
  EXPECT_EQ(records[0].expected, Lines({"64 0 64"}));
  EXPECT_FALSE(records[0].sqlite_origin);
  EXPECT_EQ(records[1].kind, RecordKind::kStatementOk);
  EXPECT_EQ(records[1].count, 0);
  EXPECT_EQ(records[1].sql, "create table t as values (1, 'a')");
  EXPECT_EQ(records[2].kind, RecordKind::kStatementError);
  EXPECT_EQ(records[2].sql, "select 1/0");
  EXPECT_EQ(records[3].sort_mode, SortMode::kValueSort);
  EXPECT_EQ(records[3].types, "TT");
}

// DuckDB shape: `statement error` with `----`, a message block (or none) and a second blank
// line; tab-separated expected values; a file without a final newline.
TEST(SltRecordParser, DuckDbFlavour) {
  std::string text =
      "# name: test/sql/x.test\n"
      "\n"
      "statement error\n"
      "SELECT i * 3 FROM dates\n"
      "----\n"
      "\n"
      "\n"
      "# slt-src: x.test:12\n"
      "statement error\n"
      "SELECT ''::DATE\n"
      "----\n"
      "Conversion Error: invalid date\n"
      "\n"
      "\n"
      "query IT\n"
      "SELECT 1, 'a b'\n"
      "----\n"
      "1\ta b";
  std::vector<Record> records = ParseSltFile(text, false);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].kind, RecordKind::kStatementError);
  EXPECT_EQ(records[0].line, 3);
  EXPECT_TRUE(records[0].has_separator);
  EXPECT_TRUE(records[0].expected.empty());
  EXPECT_EQ(records[1].kind, RecordKind::kStatementError);
  EXPECT_EQ(records[1].line, 9);
  EXPECT_EQ(records[1].sql, "SELECT ''::DATE");
  EXPECT_EQ(records[1].expected, Lines({"Conversion Error: invalid date"}));
  EXPECT_EQ(records[2].kind, RecordKind::kQuery);
  EXPECT_EQ(records[2].expected, Lines({"1\ta b"}));
}

TEST(SltRecordParser, QueryWithoutSeparatorExpectsNoRows) {
  std::vector<Record> records =
      ParseSltFile("query I\nSELECT 1\nWHERE false\n\nquery I nosort\nSELECT 2\n----\n", false);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].sql, "SELECT 1\nWHERE false");
  EXPECT_FALSE(records[0].has_separator);
  EXPECT_TRUE(records[0].expected.empty());
  EXPECT_TRUE(records[1].has_separator);
  EXPECT_TRUE(records[1].expected.empty());
}

TEST(SltRecordParser, LabelWithoutSortModeAndHalt) {
  std::vector<Record> records =
      ParseSltFile("onlyif mssql\nhalt\n\nquery I label-9\nSELECT 1\n----\n1\n", true);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].kind, RecordKind::kHalt);
  EXPECT_EQ(records[0].line, 2);
  ASSERT_EQ(records[0].conditions.size(), 1u);
  EXPECT_EQ(records[1].label, "label-9");
  EXPECT_EQ(records[1].sort_mode, SortMode::kNoSort);
}

TEST(SltRecordParser, CommentBetweenConditionAndRecord) {
  std::vector<Record> records =
      ParseSltFile("skipif mysql\n# why\nstatement ok\nSELECT 1\n", false);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].kind, RecordKind::kStatementOk);
  EXPECT_EQ(records[0].conditions.size(), 1u);
  EXPECT_EQ(records[0].line, 3);
}

TEST(SltRecordParser, MalformedRecordsAreInvalidAndParsingResumes) {
  std::vector<Record> records = ParseSltFile(
      "frobnicate 3\nmore\n\nstatement maybe\nSELECT 1\n\nquery\nSELECT 1\n\nskipif\nstatement ok\n"
      "SELECT 1\n\nonlyif x\n\nstatement ok\n\nhash-threshold x\n\nquery I\nSELECT 5\n",
      false);
  ASSERT_EQ(records.size(), 8u);
  for (size_t i = 0; i < 7; ++i) {
    EXPECT_EQ(records[i].kind, RecordKind::kInvalid) << i;
    EXPECT_FALSE(records[i].error.empty()) << i;
  }
  EXPECT_EQ(records[0].line, 1);
  EXPECT_EQ(records[1].line, 4);
  EXPECT_EQ(records[7].kind, RecordKind::kQuery);
  EXPECT_EQ(records[7].sql, "SELECT 5");
}

TEST(SltRecordParser, EmptyAndCommentOnlyText) {
  EXPECT_TRUE(ParseSltFile("", false).empty());
  EXPECT_TRUE(ParseSltFile("# only\n\n  \n#x", false).empty());
}

// (gtest's Test::IsSkipped hides slt::IsSkipped inside TEST bodies.)
bool Skipped(std::vector<Condition> conditions) {
  return slt::IsSkipped(conditions, {"silt", "postgresql"});
}

TEST(SltRecordParser, SkipIfOnlyIfAgainstLabels) {
  EXPECT_FALSE(Skipped({}));
  EXPECT_TRUE(Skipped({{false, "postgresql"}}));
  EXPECT_TRUE(Skipped({{false, "PostgreSQL"}}));
  EXPECT_FALSE(Skipped({{false, "mysql"}}));
  EXPECT_TRUE(Skipped({{true, "mysql"}}));
  EXPECT_FALSE(Skipped({{true, "SILT"}}));
  EXPECT_TRUE(Skipped({{true, "silt"}, {false, "postgresql"}}));
  EXPECT_FALSE(Skipped({{false, "mssql"}, {false, "oracle"}}));
}

// Arbitrary bytes never crash the parser: mutated copies of a valid file still parse into
// records with consistent line numbers.
TEST(SltRecordParser, MutatedInputParses) {
  const std::string base =
      "skipif mysql\nquery IT rowsort label-1\nSELECT 1, 'a'\n----\n1\ta\n\nstatement error\n"
      "SELECT x\n----\nmsg\n\n\nhash-threshold 8\n\nhalt\n";
  const char alphabet[] = {'\n', '\r', ' ', '\t', '#', '-', 'q', 's', '\0', '\xff', 'I'};
  uint32_t seed = 12345;
  auto next = [&seed]() { return seed = seed * 1103515245u + 12345u, seed >> 8; };
  for (int iteration = 0; iteration < 2000; ++iteration) {
    std::string text = base;
    int edits = 1 + static_cast<int>(next() % 6);
    for (int e = 0; e < edits; ++e) {
      size_t pos = next() % (text.size() + 1);
      char c = alphabet[next() % sizeof(alphabet)];
      switch (next() % 3) {
        case 0: text.insert(pos, 1, c); break;
        case 1:
          if (pos < text.size()) text.erase(pos, 1);
          break;
        default:
          if (pos < text.size()) text[pos] = c;
          break;
      }
    }
    if (next() % 4 == 0) text.resize(next() % (text.size() + 1));
    int64_t lines = 1 + static_cast<int64_t>(std::count(text.begin(), text.end(), '\n'));
    for (const Record& r : ParseSltFile(text, true)) {
      EXPECT_GE(r.line, 1);
      EXPECT_LE(r.line, lines);
      EXPECT_EQ(r.kind == RecordKind::kInvalid, !r.error.empty());
    }
  }
}

}  // namespace
}  // namespace silt::slt
