#include "silt/slt/compare.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace silt::slt {
namespace {

using Rows = std::vector<std::vector<std::string>>;
using Lines = std::vector<std::string>;

CompareStatus Check(const Lines& expected, const Rows& actual, size_t columns,
                    SortMode mode = SortMode::kNoSort) {
  return CompareResult(expected, actual, columns, mode).status;
}

constexpr CompareStatus kPass = CompareStatus::kPass;
constexpr CompareStatus kMismatch = CompareStatus::kMismatch;
constexpr CompareStatus kOrderOnly = CompareStatus::kOrderOnly;

TEST(SltCompare, ExactAndEmpty) {
  EXPECT_EQ(Check({}, {}, 1), kPass);
  EXPECT_EQ(Check({}, {{"1"}}, 1), kMismatch);
  EXPECT_EQ(Check({"1"}, {}, 1), kMismatch);
  EXPECT_EQ(Check({"a"}, {{"a"}}, 1), kPass);
  EXPECT_EQ(Check({"a"}, {{"b"}}, 1), kMismatch);
}

TEST(SltCompare, SqliteOneValuePerLine) {
  EXPECT_EQ(Check({"1", "2", "3", "4"}, {{"1", "2"}, {"3", "4"}}, 2), kPass);
  EXPECT_EQ(Check({"1", "2", "3", "5"}, {{"1", "2"}, {"3", "4"}}, 2), kMismatch);
}

TEST(SltCompare, RowLayouts) {
  // DuckDB: TAB-separated, values may contain spaces.
  EXPECT_EQ(Check({"1\ta b"}, {{"1", "a b"}}, 2), kPass);
  // DataFusion: single spaces giving the column count.
  EXPECT_EQ(Check({"1 2 3"}, {{"1", "2", "3"}}, 3), kPass);
  EXPECT_EQ(Check({"1 2.0000000001 3"}, {{"1", "2", "3"}}, 3), kPass);
  // Otherwise the whole line against the values joined by ' '.
  EXPECT_EQ(Check({"1 a b"}, {{"1", "a b"}}, 2), kPass);
  EXPECT_EQ(Check({"hello world"}, {{"hello world"}}, 1), kPass);
  EXPECT_EQ(Check({"1 a c"}, {{"1", "a b"}}, 2), kMismatch);
  // Trailing whitespace is ignored.
  EXPECT_EQ(Check({"x  "}, {{"x"}}, 1), kPass);
  EXPECT_EQ(Check({"1 2 "}, {{"1", "2"}}, 2), kPass);
}

TEST(SltCompare, RowSortSortsBothSides) {
  Rows actual = {{"9", "b"}, {"10", "a"}, {"NULL", "c"}};
  // Expected rows not pre-sorted; byte-wise order puts "10" before "9".
  EXPECT_EQ(Check({"NULL c", "9 b", "10 a"}, actual, 2, SortMode::kRowSort), kPass);
  EXPECT_EQ(Check({"NULL", "c", "9", "b", "10", "a"}, actual, 2, SortMode::kRowSort), kPass);
  EXPECT_EQ(Check({"NULL c", "9 b", "11 a"}, actual, 2, SortMode::kRowSort), kMismatch);
  // Tolerant matches that sort apart still pair up.
  // ('+' sorts before '-', so the sorted sides pair "-0.5" with "+0.1".)
  EXPECT_EQ(Check({"-0.5", "+0.1"}, {{"0.1"}, {"-0.5"}}, 1, SortMode::kRowSort), kPass);
}

TEST(SltCompare, ValueSortSortsAllValues) {
  Rows actual = {{"3", "1"}, {"2", "4"}};
  EXPECT_EQ(Check({"1", "2", "3", "4"}, actual, 2, SortMode::kValueSort), kPass);
  EXPECT_EQ(Check({"4", "3", "2", "1"}, actual, 2, SortMode::kValueSort), kPass);
  EXPECT_EQ(Check({"1", "2", "3", "5"}, actual, 2, SortMode::kValueSort), kMismatch);
  EXPECT_EQ(Check({"1 2", "3 4"}, actual, 2, SortMode::kValueSort), kPass);
}

TEST(SltCompare, NoSortOrderOnlyMismatchIsReportedSeparately) {
  Rows actual = {{"2", "b"}, {"1", "a"}};
  CompareOutcome outcome = CompareResult({"1 a", "2 b"}, actual, 2, SortMode::kNoSort);
  EXPECT_EQ(outcome.status, kOrderOnly);
  EXPECT_NE(outcome.reason.find("order"), std::string::npos) << outcome.reason;
  EXPECT_NE(outcome.diff.find("- 1 a"), std::string::npos) << outcome.diff;
  EXPECT_NE(outcome.diff.find("+ 2 b"), std::string::npos) << outcome.diff;
  EXPECT_EQ(Check({"1 a", "2 c"}, actual, 2), kMismatch);
}

TEST(SltCompare, MismatchReasonAndDiff) {
  CompareOutcome outcome =
      CompareResult({"1", "2", "3"}, {{"1"}, {"5"}, {"3"}}, 1, SortMode::kNoSort);
  EXPECT_EQ(outcome.status, kMismatch);
  EXPECT_EQ(outcome.reason, "row 2 differs: expected '2', got '5'");
  EXPECT_EQ(outcome.diff, "  1\n- 2\n+ 5\n  3\n");
  outcome = CompareResult({"1"}, {{"1"}, {"2"}}, 1, SortMode::kNoSort);
  EXPECT_EQ(outcome.reason, "expected 1 rows, got 2");
  // Long results: the diff stays short.
  Lines expected;
  Rows actual;
  for (int i = 0; i < 100; ++i) {
    expected.push_back(std::to_string(i));
    actual.push_back({std::to_string(i + 1000)});
  }
  outcome = CompareResult(expected, actual, 1, SortMode::kNoSort);
  EXPECT_LE(std::count(outcome.diff.begin(), outcome.diff.end(), '\n'), 22);
}

TEST(SltCompare, HashedResults) {
  // md5("1\n2\n3\n")
  Lines hashed = {"3 values hashing to c0710d6b4f15dfa88f600b0e6b624077"};
  EXPECT_EQ(Check(hashed, {{"1"}, {"2"}, {"3"}}, 1), kPass);
  EXPECT_EQ(Check(hashed, {{"3"}, {"1"}, {"2"}}, 1, SortMode::kRowSort), kPass);
  EXPECT_EQ(Check(hashed, {{"3", "1"}, {"2"}}, 2, SortMode::kValueSort), kPass);
  EXPECT_EQ(Check(hashed, {{"1", "2", "3"}}, 3), kPass);  // row-major
  EXPECT_EQ(Check(hashed, {{"3"}, {"1"}, {"2"}}, 1), kMismatch);
  // The count must match too.
  EXPECT_EQ(
      Check({"4 values hashing to c0710d6b4f15dfa88f600b0e6b624077"}, {{"1"}, {"2"}, {"3"}}, 1),
      kMismatch);
  // Exact rendering: no numeric tolerance under a hash.
  EXPECT_EQ(Check(hashed, {{"1.0"}, {"2"}, {"3"}}, 1), kMismatch);
  CompareOutcome outcome = CompareResult(hashed, {{"1"}}, 1, SortMode::kNoSort);
  EXPECT_NE(outcome.reason.find("got 1 values hashing to b026324c6904b2a9cb4b88d6d61c81d1"),
            std::string::npos)
      << outcome.reason;
}

TEST(SltCompare, ParseHashLine) {
  int64_t n = 0;
  std::string h;
  EXPECT_TRUE(ParseHashLine("30 values hashing to 3C13DEE48D9356AE19AF2515E05E6B54", &n, &h));
  EXPECT_EQ(n, 30);
  EXPECT_EQ(h, "3c13dee48d9356ae19af2515e05e6b54");
  EXPECT_FALSE(ParseHashLine("x values hashing to 3c13dee48d9356ae19af2515e05e6b54", &n, &h));
  EXPECT_FALSE(ParseHashLine("30 values hashing to 3c13", &n, &h));
  EXPECT_FALSE(ParseHashLine("30", &n, &h));
}

TEST(SltCompare, ValueRuleEqualStrings) {
  EXPECT_TRUE(ValuesMatch("abc", "abc"));
  EXPECT_TRUE(ValuesMatch("abc ", "abc"));
  EXPECT_FALSE(ValuesMatch("abc", "abd"));
  EXPECT_FALSE(ValuesMatch("NULL", "0"));
  EXPECT_FALSE(ValuesMatch("(empty)", "0"));
}

TEST(SltCompare, ValueRuleRelativeTolerance) {
  EXPECT_TRUE(ValuesMatch("0.30000000000000004", "0.3"));
  EXPECT_TRUE(ValuesMatch("1e20", "100000000000000000000.0"));
  EXPECT_TRUE(ValuesMatch("1.0", "1"));
  EXPECT_TRUE(ValuesMatch("3", "3.0000000001"));
  EXPECT_TRUE(ValuesMatch("-0", "0"));
  EXPECT_FALSE(ValuesMatch("1.00001", "1"));
  // Integers without a point must be equal: 3.5 is not 3 (integer division checks), and
  // large integers are not compared through doubles.
  EXPECT_FALSE(ValuesMatch("3.5", "3"));
  EXPECT_FALSE(ValuesMatch("9223372036854775807", "9223372036854775806"));
  EXPECT_TRUE(ValuesMatch("+5", "5"));
  // Outside int64 the relative rule applies again.
  EXPECT_TRUE(ValuesMatch("-9223372036854775809", "-9223372036854776000"));
  EXPECT_TRUE(ValuesMatch("18446744073709551616", "18446744073709552000"));
}

TEST(SltCompare, ValueRuleExpectedFractionDigits) {
  EXPECT_TRUE(ValuesMatch("0.3333333333", "0.333"));
  EXPECT_TRUE(ValuesMatch("0.6666666666", "0.666"));  // truncated, not rounded
  EXPECT_TRUE(ValuesMatch("2.5", "2.4"));             // within 10^-1
  EXPECT_FALSE(ValuesMatch("2.52", "2.4"));
  EXPECT_FALSE(ValuesMatch("0.3343", "0.333"));
  // The digits of the expected value count, not the actual's.
  EXPECT_FALSE(ValuesMatch("0.333", "0.3333333333"));
  EXPECT_TRUE(ValuesMatch("-1.23456", "-1.2345"));
}

TEST(SltCompare, ValueRuleNanAndInfinity) {
  EXPECT_TRUE(ValuesMatch("NaN", "NaN"));
  EXPECT_TRUE(ValuesMatch("NaN", "nan"));
  EXPECT_TRUE(ValuesMatch("inf", "Infinity"));
  EXPECT_TRUE(ValuesMatch("-inf", "-Infinity"));
  EXPECT_FALSE(ValuesMatch("inf", "-inf"));
  EXPECT_FALSE(ValuesMatch("NaN", "0"));
  EXPECT_FALSE(ValuesMatch("inf", "1e308"));
}

TEST(SltCompare, ValueRuleBooleanAgainstDigits) {
  EXPECT_TRUE(ValuesMatch("true", "1"));
  EXPECT_TRUE(ValuesMatch("false", "0"));
  EXPECT_TRUE(ValuesMatch("1", "true"));
  EXPECT_TRUE(ValuesMatch("0", "false"));
  EXPECT_FALSE(ValuesMatch("true", "0"));
  EXPECT_FALSE(ValuesMatch("false", "1"));
}

TEST(SltCompare, ValueRuleTimestampSeparator) {
  EXPECT_TRUE(ValuesMatch("2020-01-02 03:04:05", "2020-01-02T03:04:05"));
  EXPECT_TRUE(ValuesMatch("2020-01-02T03:04:05.5", "2020-01-02 03:04:05.5"));
  EXPECT_FALSE(ValuesMatch("2020-01-02 03:04:06", "2020-01-02T03:04:05"));
  EXPECT_FALSE(ValuesMatch("2020-01-03 03:04:05", "2020-01-02T03:04:05"));
}

TEST(SltCompare, ValueRuleFractionalSecondsTrailingZeros) {
  EXPECT_TRUE(ValuesMatch("14:42:04.350000", "14:42:04.35"));
  EXPECT_TRUE(ValuesMatch("14:42:04.000000", "14:42:04"));
  EXPECT_TRUE(ValuesMatch("1969-01-01 01:03:20.454320", "1969-01-01 01:03:20.45432"));
  EXPECT_TRUE(ValuesMatch("2020-01-02T03:04:05.100", "2020-01-02 03:04:05.1"));
  EXPECT_TRUE(ValuesMatch("2020-01-02 03:04:05.500000Z", "2020-01-02 03:04:05.5Z"));
  EXPECT_FALSE(ValuesMatch("14:42:04.350001", "14:42:04.35"));
  EXPECT_FALSE(ValuesMatch("14:42:04.35", "14:42:04.035"));
  EXPECT_FALSE(ValuesMatch("14:42:05", "14:42:04"));
}

}  // namespace
}  // namespace silt::slt
