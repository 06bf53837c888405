#include <gtest/gtest.h>

#include <limits>

#include "function_test_util.h"
#include "silt/functions/type_coercion.h"

namespace silt::functions {
namespace {

using testing::Array;
using testing::Call;
using testing::CallTexts;
using testing::CheckEncodings;
using testing::Constant;
using testing::Dictionary;
using testing::Eval;
using testing::Int64s;
using testing::One;
using testing::Opt;

using Strs = std::vector<std::string>;

TEST(ArithmeticTest, IntegerOperatorsPropagateNulls) {
  auto a = Int64s({1, std::nullopt, -7, 7, 0});
  auto b = Int64s({2, 3, 2, -2, std::nullopt});
  EXPECT_EQ(CallTexts("+", {a, b}), (Strs{"3", "NULL", "-5", "5", "NULL"}));
  EXPECT_EQ(CallTexts("-", {a, b}), (Strs{"-1", "NULL", "-9", "9", "NULL"}));
  EXPECT_EQ(CallTexts("*", {a, b}), (Strs{"2", "NULL", "-14", "-14", "NULL"}));
  // Integer division truncates toward zero; % takes the dividend's sign (PostgreSQL).
  EXPECT_EQ(CallTexts("/", {a, b}), (Strs{"0", "NULL", "-3", "-3", "NULL"}));
  EXPECT_EQ(CallTexts("%", {a, b}), (Strs{"1", "NULL", "-1", "1", "NULL"}));
  EXPECT_EQ(CallTexts("mod", {a, b}), (Strs{"1", "NULL", "-1", "1", "NULL"}));
}

TEST(ArithmeticTest, OverflowIsAnErrorNamingTheValues) {
  const int64_t max = std::numeric_limits<int64_t>::max();
  const int64_t min = std::numeric_limits<int64_t>::min();
  auto r = CallTexts("+", {Int64s({1, max}), Int64s({1, 1})});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0], "ERROR: int64 overflow: 9223372036854775807 + 1");
  EXPECT_EQ(CallTexts("-", {Int64s({min}), Int64s({1})})[0],
            "ERROR: int64 overflow: -9223372036854775808 - 1");
  EXPECT_EQ(CallTexts("*", {Int64s({max / 2 + 1}), Int64s({2})})[0],
            "ERROR: int64 overflow: 4611686018427387904 * 2");
  EXPECT_EQ(CallTexts("/", {Int64s({min}), Int64s({-1})})[0],
            "ERROR: int64 overflow: -9223372036854775808 / -1");
  EXPECT_EQ(CallTexts("%", {Int64s({min}), Int64s({-1})}), (Strs{"0"}));
  EXPECT_EQ(CallTexts("-", {Int64s({min})})[0], "ERROR: int64 overflow: -(-9223372036854775808)");
  // int32 + int32 stays int32 and overflows at its own range.
  auto i32 = Array<int32_t>(int32(), {2147483647});
  EXPECT_EQ(CallTexts("+", {i32, i32})[0], "ERROR: int32 overflow: 2147483647 + 2147483647");
  auto i8 = Array<int8_t>(int8(), {100});
  EXPECT_EQ(CallTexts("+", {i8, i8})[0], "ERROR: int8 overflow: 100 + 100");
}

TEST(ArithmeticTest, OverflowInNullRowsIsIgnored) {
  const int64_t max = std::numeric_limits<int64_t>::max();
  auto a = Int64s({max, 1});
  auto b = Int64s({std::nullopt, 1});
  // The NULL slot of b holds whatever the builder wrote; the row is NULL, so no error.
  EXPECT_EQ(CallTexts("+", {a, b}), (Strs{"NULL", "2"}));
  EXPECT_EQ(CallTexts("/", {Int64s({1, 4}), Int64s({std::nullopt, 2})}), (Strs{"NULL", "2"}));
}

TEST(ArithmeticTest, DivisionByZero) {
  EXPECT_EQ(CallTexts("/", {Int64s({1, 5}), Int64s({1, 0})})[0], "ERROR: division by zero: 5 / 0");
  EXPECT_EQ(CallTexts("%", {Int64s({5}), Int64s({0})})[0], "ERROR: division by zero: 5 % 0");
  auto f = Array<double>(float64(), {1.5});
  auto z = Array<double>(float64(), {0.0});
  EXPECT_EQ(CallTexts("/", {f, z})[0], "ERROR: division by zero: 1.5 / 0");
  EXPECT_EQ(Eval("/", {{decimal(5, 2), "1.00"}, {decimal(5, 2), "0"}}),
            "ERROR: division by zero: 1.00 / 0.00");
}

TEST(ArithmeticTest, MixedTypesCoerce) {
  auto i32 = Array<int32_t>(int32(), {7});
  auto i64 = Int64s({2});
  auto f64 = Array<double>(float64(), {0.5});
  auto f32 = Array<float>(float32(), {0.25f});
  auto r = Call("+", {i32, i64});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->type->ToString(), "int64");
  EXPECT_EQ(testing::Texts(*Call("+", {i32, f64})), (Strs{"7.5"}));
  EXPECT_EQ((*Call("+", {i32, f32}))->type->ToString(), "float64");
  EXPECT_EQ((*Call("+", {f32, f32}))->type->ToString(), "float32");
  auto u8 = Array<uint8_t>(uint8(), {200});
  EXPECT_EQ(CallTexts("+", {u8, u8}), (Strs{"400"}));  // uint8 computes in int16
  auto u64 = Array<uint64_t>(uint64(), {18446744073709551615ull});
  EXPECT_EQ(CallTexts("+", {u64, Int64s({1})}), (Strs{"18446744073709551616"}));
  // NULL literal with a number.
  auto nulls = *MakeNullArray(null(), 1);
  EXPECT_EQ(CallTexts("+", {nulls, Int64s({1})}), (Strs{"NULL"}));
}

TEST(ArithmeticTest, FloatsFollowIeee) {
  auto a = Array<double>(float64(), {1.0, -1.0, std::numeric_limits<double>::quiet_NaN()});
  auto b = Array<double>(float64(), {3.0, 0.5, 1.0});
  EXPECT_EQ(CallTexts("/", {a, b}), (Strs{"0.3333333333333333", "-2", "NaN"}));
  EXPECT_EQ(CallTexts("%", {Array<double>(float64(), {5.5}), Array<double>(float64(), {2.0})}),
            (Strs{"1.5"}));
  EXPECT_EQ(CallTexts("-", {a}), (Strs{"-1", "1", "NaN"}));
}

TEST(ArithmeticTest, EncodingsGiveTheSameAnswer) {
  auto a = Int64s({1, 2, std::nullopt, 2, 1000});
  EXPECT_EQ(CheckEncodings("+", a, {Int64s({10})}), (Strs{"11", "12", "NULL", "12", "1010"}));
  EXPECT_EQ(CheckEncodings("*", a, {Int64s({std::nullopt})}), Strs(5, "NULL"));
  EXPECT_EQ(CheckEncodings("-", a), (Strs{"-1", "-2", "NULL", "-2", "-1000"}));
  // constant op plain, plain op constant.
  auto c = Constant(Int64s({100}), 5);
  EXPECT_EQ(CallTexts("-", {c, a}), (Strs{"99", "98", "NULL", "98", "-900"}));
  EXPECT_EQ(CallTexts("-", {a, c}), (Strs{"-99", "-98", "NULL", "-98", "900"}));
  // A dictionary entry no row references may overflow without failing the call.
  auto big = Int64s({std::numeric_limits<int64_t>::max()});
  auto dict = Dictionary(Int64s({1, 2}), big);
  EXPECT_EQ(CallTexts("+", {dict, Constant(Int64s({1}), 2)}), (Strs{"2", "3"}));
  // Both constant: a constant result.
  auto r = Call("+", {Constant(Int64s({1}), 4), Constant(Int64s({2}), 4)}, 4);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->encoding, Encoding::kConstant);
  EXPECT_EQ(testing::Texts(*r), Strs(4, "3"));
}

TEST(ArithmeticTest, EmptyBatchesNeverFail) {
  // 1 / 0 over zero rows: nothing is evaluated (SELECT 1/0 FROM empty_table succeeds).
  auto r = Call("/", {Constant(Int64s({1}), 0), Constant(Int64s({0}), 0)}, 0);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->length, 0);
  EXPECT_EQ(CallTexts("+", {Int64s({}), Int64s({})}), Strs{});
}

TEST(ArithmeticTest, BindErrorsListCandidates) {
  auto r = FunctionRegistry::Default().BindScalar("+", {utf8(), int64()});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kPlan);
  EXPECT_NE(r.status().message().find("no function matches +(utf8, int64)"), std::string::npos);
  EXPECT_NE(r.status().message().find("candidates"), std::string::npos);
}

// ---- decimals (docs/sql_types.md table) ----

struct DecimalRow {
  const char* op;
  DataTypePtr a, b;
  const char* expected_type;
};

TEST(DecimalArithmeticTest, ResultTypeTable) {
  const DecimalRow rows[] = {
      {"+", decimal(10, 2), decimal(5, 3), "decimal(12,3)"},
      {"-", decimal(10, 2), decimal(5, 3), "decimal(12,3)"},
      {"*", decimal(10, 2), decimal(5, 3), "decimal(16,5)"},
      {"/", decimal(10, 2), decimal(5, 3), "decimal(19,8)"},
      {"%", decimal(10, 2), decimal(5, 3), "decimal(5,3)"},
      {"+", decimal(38, 10), decimal(38, 10), "decimal(38,9)"},
      {"*", decimal(38, 10), decimal(38, 10), "decimal(38,6)"},
      {"*", decimal(20, 2), decimal(20, 2), "decimal(38,4)"},
      {"/", decimal(38, 10), decimal(38, 10), "decimal(38,6)"},
      {"/", decimal(15, 2), decimal(15, 2), "decimal(33,18)"},
      {"+", decimal(15, 2), int32(), "decimal(16,2)"},
      {"*", decimal(15, 2), int64(), "decimal(35,2)"},
      {"/", int32(), decimal(3, 1), "decimal(17,6)"},
      {"/", decimal(38, 0), decimal(38, 0), "decimal(38,6)"},
      {"%", decimal(38, 0), decimal(10, 10), "decimal(10,10)"},
  };
  for (const auto& row : rows) {
    auto bound = FunctionRegistry::Default().BindScalar(row.op, {row.a, row.b});
    ASSERT_TRUE(bound.ok()) << bound.status().ToString();
    EXPECT_EQ(bound->return_type->ToString(), row.expected_type)
        << row.a->ToString() << " " << row.op << " " << row.b->ToString();
  }
}

TEST(DecimalArithmeticTest, ExactValuesAndRounding) {
  EXPECT_EQ(Eval("+", {{decimal(10, 2), "1.25"}, {decimal(5, 3), "0.125"}}), "1.375");
  EXPECT_EQ(Eval("-", {{decimal(10, 2), "1.25"}, {decimal(5, 3), "2.125"}}), "-0.875");
  EXPECT_EQ(Eval("*", {{decimal(10, 2), "1.25"}, {decimal(5, 3), "-0.125"}}), "-0.15625");
  EXPECT_EQ(Eval("/", {{decimal(10, 2), "1.00"}, {decimal(5, 3), "3.000"}}), "0.33333333");
  EXPECT_EQ(Eval("/", {{decimal(10, 2), "2.00"}, {decimal(5, 3), "3.000"}}), "0.66666667");
  EXPECT_EQ(Eval("/", {{decimal(10, 2), "-2.00"}, {decimal(5, 3), "3.000"}}), "-0.66666667");
  EXPECT_EQ(Eval("%", {{decimal(10, 2), "10.25"}, {decimal(5, 3), "3.000"}}), "1.250");
  EXPECT_EQ(Eval("%", {{decimal(10, 2), "-10.25"}, {decimal(5, 3), "3.000"}}), "-1.250");
  EXPECT_EQ(Eval("+", {{decimal(15, 2), "1.50"}, {int32(), "2"}}), "3.50");
  EXPECT_EQ(Eval("*", {{decimal(15, 2), "1.50"}, {float64(), "2"}}), "3");  // float wins
  // Precision capped at 38: the scale drops to 6 and the product rounds half away from zero.
  EXPECT_EQ(Eval("*", {{decimal(38, 10), "1.0000005000"}, {decimal(38, 10), "1.0000000000"}}),
            "1.000001");
  EXPECT_EQ(Eval("*", {{decimal(38, 10), "-1.0000005000"}, {decimal(38, 10), "1.0000000000"}}),
            "-1.000001");
  EXPECT_EQ(Eval("*", {{decimal(38, 10), "1.0000004999"}, {decimal(38, 10), "1.0000000000"}}),
            "1.000000");
  // 38-digit operands: the product needs a 256-bit intermediate.
  EXPECT_EQ(Eval("*", {{decimal(38, 0), "12345678901234567890123456789"},
                       {decimal(38, 0), "100000000"}}),
            "1234567890123456789012345678900000000");
  EXPECT_EQ(Eval("/", {{decimal(38, 0), "12345678901234567890123456789012"},
                       {decimal(38, 0), "7"}}),
            "1763668414462081127160493827001.714286");
  EXPECT_EQ(Eval("+", {{decimal(38, 10), "1234567890123456789012345678.0000000005"},
                       {decimal(38, 10), "0.0000000000"}}),
            "1234567890123456789012345678.000000001");
}

TEST(DecimalArithmeticTest, OverflowIsAnError) {
  const std::string nines(38, '9');
  auto r = Eval("+", {{decimal(38, 0), nines}, {decimal(38, 0), "1"}});
  EXPECT_EQ(r, "ERROR: decimal overflow: " + nines + " + 1 does not fit decimal(38,0)");
  r = Eval("*", {{decimal(38, 0), nines}, {decimal(38, 0), "10"}});
  EXPECT_EQ(r.rfind("ERROR: decimal overflow", 0), 0u) << r;
  EXPECT_EQ(Eval("-", {{decimal(38, 0), "-" + nines}}), nines);
}

TEST(DecimalArithmeticTest, StorageCombinationsAndEncodings) {
  // decimal64 x decimal64 -> decimal128 fast path, mixed storages, constants.
  auto a = Array<int64_t>(decimal(15, 2), {12345, -100, std::nullopt, 1});
  auto b = Array<int64_t>(decimal(15, 2), {200, 300, 5, std::nullopt});
  EXPECT_EQ(CallTexts("*", {a, b}), (Strs{"246.9000", "-3.0000", "NULL", "NULL"}));
  auto wide = Array<__int128>(decimal128(20, 2), {200, 300, 5, 7});
  EXPECT_EQ(CallTexts("*", {a, wide}), (Strs{"246.9000", "-3.0000", "NULL", "0.0007"}));
  EXPECT_EQ(CallTexts("+", {wide, a}), (Strs{"125.45", "2.00", "NULL", "0.08"}));
  EXPECT_EQ(CheckEncodings("*", a, {Array<int64_t>(decimal(15, 2), {-50})}),
            (Strs{"-61.7250", "0.5000", "NULL", "-0.0050"}));
}

// ---- dates, times, timestamps and intervals ----

TEST(TemporalArithmeticTest, DateArithmetic) {
  EXPECT_EQ(Eval("+", {{date32(), "2024-02-28"}, {int32(), "2"}}), "2024-03-01");
  EXPECT_EQ(Eval("+", {{int64(), "-1"}, {date32(), "2024-01-01"}}), "2023-12-31");
  EXPECT_EQ(Eval("-", {{date32(), "2024-03-01"}, {int64(), "1"}}), "2024-02-29");
  EXPECT_EQ(Eval("-", {{date32(), "2024-03-01"}, {date32(), "2023-03-01"}}), "366");
  EXPECT_EQ(Eval("+", {{date32(), "2024-01-31"}, {interval(), "1 month"}}), "2024-02-29 00:00:00");
  EXPECT_EQ(Eval("-", {{date32(), "2024-03-31"}, {interval(), "1 month 1 hour"}}),
            "2024-02-28 23:00:00");
  EXPECT_EQ(Eval("+", {{date32(), "2024-01-01"}, {time64(TimeUnit::kMicro), "10:30:00"}}),
            "2024-01-01 10:30:00");
  EXPECT_EQ(Eval("+", {{date32(), "2024-01-01"}, {int64(), "9999999999"}}).rfind("ERROR", 0), 0u);
}

TEST(TemporalArithmeticTest, TimestampArithmetic) {
  const auto ts = timestamp(TimeUnit::kMicro);
  EXPECT_EQ(Eval("+", {{ts, "2024-01-31 12:00:00"}, {interval(), "1 month 2 days 03:00:00.5"}}),
            "2024-03-02 15:00:00.500000");
  EXPECT_EQ(Eval("+", {{interval(), "-1 year"}, {ts, "2024-02-29 00:00:00"}}), "2023-02-28 00:00:00");
  EXPECT_EQ(Eval("-", {{ts, "2024-03-01 00:00:00"}, {ts, "2024-01-01 12:00:00"}}), "P59DT12H");
  EXPECT_EQ(Eval("-", {{ts, "2024-01-01 00:00:00"}, {ts, "2024-01-02 01:00:00"}}), "P-1DT-1H");
  EXPECT_EQ(Eval("-", {{ts, "2024-01-02 00:00:00"}, {date32(), "2024-01-01"}}), "P1D");
  EXPECT_EQ(Eval("+", {{timestamp(TimeUnit::kNano), "2024-01-01 00:00:00"}, {interval(), "1.000000001 seconds"}}),
            "2024-01-01 00:00:01.000000001");
}

TEST(TemporalArithmeticTest, ZonedTimestampsUseTheSessionZoneForCalendarFields) {
  KernelContext ctx;
  ctx.timezone = "America/New_York";
  const auto tstz = timestamp(TimeUnit::kMicro, "UTC");
  // 2024-03-09 12:00 EST + 1 day = 2024-03-10 12:00 EDT (23 hours later in UTC).
  EXPECT_EQ(Eval("+", {{tstz, "2024-03-09 17:00:00Z"}, {interval(), "1 day"}}, ctx),
            "2024-03-10 16:00:00Z");
  // + 24 hours is absolute.
  EXPECT_EQ(Eval("+", {{tstz, "2024-03-09 17:00:00Z"}, {interval(), "24 hours"}}, ctx),
            "2024-03-10 17:00:00Z");
  // In UTC the day is 24 hours.
  EXPECT_EQ(Eval("+", {{tstz, "2024-03-09 17:00:00Z"}, {interval(), "1 day"}}), "2024-03-10 17:00:00Z");
}

TEST(TemporalArithmeticTest, TimesAndIntervals) {
  const auto t = time64(TimeUnit::kMicro);
  EXPECT_EQ(Eval("+", {{t, "23:30:00"}, {interval(), "1 hour"}}), "00:30:00");
  EXPECT_EQ(Eval("-", {{t, "00:30:00"}, {interval(), "1 hour"}}), "23:30:00");
  EXPECT_EQ(Eval("-", {{t, "12:00:00"}, {t, "10:30:00"}}), "PT1H30M");
  EXPECT_EQ(Eval("+", {{interval(), "1 month"}, {interval(), "2 days 1 hour"}}), "P1M2DT1H");
  EXPECT_EQ(Eval("-", {{interval(), "1 month"}, {interval(), "2 days"}}), "P1M-2D");
  EXPECT_EQ(Eval("-", {{interval(), "1 year 2 days"}}), "P-1Y-2D");
  EXPECT_EQ(Eval("negate", {{int64(), "5"}}), "-5");
}

}  // namespace
}  // namespace silt::functions
