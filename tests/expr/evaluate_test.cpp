#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "silt/columnar/builder.h"
#include "silt/common/temporal.h"
#include "silt/expr/evaluate.h"
#include "silt/expr/predicate_parser.h"

namespace silt {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr uint8_t F = kTruthFalse, N = kTruthNull, T = kTruthTrue;

template <typename V>
ArrayDataPtr Arr(const DataTypePtr& type, const std::vector<V>& values,
                 const std::vector<bool>& valid = {}) {
  auto r = MakeArray<V>(type, values, valid);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return *r;
}

ArrayDataPtr DictionaryArray(ArrayDataPtr dictionary, const std::vector<int32_t>& indices,
                             const std::vector<bool>& valid = {}) {
  auto idx = Arr<int32_t>(int32(), indices, valid);
  auto d = std::make_shared<ArrayData>(*idx);
  d->type = dictionary->type;
  d->encoding = Encoding::kDictionary;
  d->dictionary = std::move(dictionary);
  return d;
}

RecordBatchPtr Batch(std::vector<std::pair<std::string, ArrayDataPtr>> cols) {
  std::vector<FieldPtr> fields;
  std::vector<ArrayDataPtr> arrays;
  for (auto& [name, a] : cols) {
    fields.push_back(field(name, a->type));
    arrays.push_back(a);
  }
  int64_t rows = arrays.empty() ? 0 : arrays[0]->length;
  return std::make_shared<RecordBatch>(std::make_shared<Schema>(fields), rows, arrays);
}

std::vector<uint8_t> Truth(const std::string& predicate, const RecordBatch& batch) {
  auto e = ParsePredicate(predicate);
  EXPECT_TRUE(e.ok()) << predicate << ": " << e.status().ToString();
  if (!e.ok()) return {};
  auto r = EvaluateTruth(**e, batch);
  EXPECT_TRUE(r.ok()) << predicate << ": " << r.status().ToString();
  return r.ok() ? *r : std::vector<uint8_t>{};
}

Status EvalError(const std::string& predicate, const RecordBatch& batch) {
  auto e = ParsePredicate(predicate);
  EXPECT_TRUE(e.ok()) << predicate;
  return EvaluateTruth(**e, batch).status();
}

using V = std::vector<uint8_t>;

TEST(Evaluate, ZeroRowBatches) {
  // Plans validate predicates against empty batches; every node must cope with no rows.
  auto batch = Batch({{"a", Arr<int64_t>(int64(), {})}, {"s", Arr<int32_t>(int32(), {})}});
  for (const char* p : {"a = 1", "a IN (1, 2)", "a NOT IN (3)", "a IS NULL", "a IS NOT NULL",
                        "NOT (a < 2) OR s > 1", "a = s", "true", "NULL"}) {
    EXPECT_EQ(Truth(p, *batch), V{}) << p;
  }
}

TEST(Evaluate, ThreeValuedLogicWithNulls) {
  auto b = Batch({{"x", Arr<int64_t>(int64(), {1, 2, 3, 0}, {true, true, true, false})},
                  {"y", Arr<int64_t>(int64(), {5, 0, 5, 5}, {true, false, true, true})}});
  EXPECT_EQ(Truth("x > 1", *b), (V{F, T, T, N}));
  EXPECT_EQ(Truth("NOT x > 1", *b), (V{T, F, F, N}));
  EXPECT_EQ(Truth("x > 1 OR x IS NULL", *b), (V{F, T, T, T}));
  EXPECT_EQ(Truth("x > 1 AND y = 5", *b), (V{F, N, T, N}));
  EXPECT_EQ(Truth("x > 1 OR y = 5", *b), (V{T, T, T, T}));
  EXPECT_EQ(Truth("x < 2 OR y = 5", *b), (V{T, N, T, T}));
  EXPECT_EQ(Truth("x IS NOT NULL", *b), (V{T, T, T, F}));
  EXPECT_EQ(Truth("x = NULL", *b), (V{N, N, N, N}));
  EXPECT_EQ(Truth("x IN (1, 3)", *b), (V{T, F, T, N}));
  EXPECT_EQ(Truth("x IN (1, NULL)", *b), (V{T, N, N, N}));
  EXPECT_EQ(Truth("x NOT IN (1, NULL)", *b), (V{F, N, N, N}));
  EXPECT_EQ(Truth("x NOT IN (1, 3)", *b), (V{F, T, F, N}));
  EXPECT_EQ(Truth("2 <= x", *b), (V{F, T, T, N}));
  EXPECT_EQ(Truth("x < y", *b), (V{T, N, T, N}));
  EXPECT_EQ(Truth("true", *b), (V{T, T, T, T}));
  EXPECT_EQ(Truth("1 = 2 OR NULL", *b), (V{N, N, N, N}));
  EXPECT_EQ(Truth("3 IN (1, 3)", *b), (V{T, T, T, T}));
  auto sel = EvaluatePredicate(**ParsePredicate("x > 1 AND y = 5"), *b);
  ASSERT_TRUE(sel.ok());
  EXPECT_EQ(*sel, (V{0, 0, 1, 0}));
  EXPECT_EQ(CountSelected(*sel), 1);
}

TEST(Evaluate, IntegerRangesAndFractionalLiterals) {
  auto b = Batch({{"i8", Arr<int8_t>(int8(), {-128, 0, 1, 2, 127})},
                  {"u64", Arr<uint64_t>(uint64(), {0, 1, 2, UINT64_MAX, 5})}});
  EXPECT_EQ(Truth("i8 < 1000", *b), (V{T, T, T, T, T}));
  EXPECT_EQ(Truth("i8 = 1000", *b), (V{F, F, F, F, F}));
  EXPECT_EQ(Truth("i8 >= -129", *b), (V{T, T, T, T, T}));
  EXPECT_EQ(Truth("i8 < 1.5", *b), (V{T, T, T, F, F}));
  EXPECT_EQ(Truth("i8 > 1.5", *b), (V{F, F, F, T, T}));
  EXPECT_EQ(Truth("i8 = 1.5", *b), (V{F, F, F, F, F}));
  EXPECT_EQ(Truth("i8 != 1.5", *b), (V{T, T, T, T, T}));
  EXPECT_EQ(Truth("i8 >= -0.5", *b), (V{F, T, T, T, T}));
  EXPECT_EQ(Truth("i8 = 1.000", *b), (V{F, F, T, F, F}));
  EXPECT_EQ(Truth("i8 > 1.5e0", *b), (V{F, F, F, T, T}));
  EXPECT_EQ(Truth("u64 > -1", *b), (V{T, T, T, T, T}));
  EXPECT_EQ(Truth("u64 = 18446744073709551615", *b), (V{F, F, F, T, F}));
  EXPECT_EQ(Truth("u64 = '2'", *b), (V{F, F, T, F, F}));  // string literal read as a number
}

TEST(Evaluate, FloatsWithNaN) {
  auto b = Batch({{"f", Arr<double>(float64(), {1.0, kNaN, -kNaN, 2.5, 0}, {true, true, true, true, false})},
                  {"g", Arr<float>(float32(), {0.1f, 1.0f, kNaN, 3.0f, 0})}});
  EXPECT_EQ(Truth("f = DOUBLE 'NaN'", *b), (V{F, T, T, F, N}));
  EXPECT_EQ(Truth("f != DOUBLE 'NaN'", *b), (V{T, F, F, T, N}));
  EXPECT_EQ(Truth("f > 1e300", *b), (V{F, T, T, F, N}));
  EXPECT_EQ(Truth("f < DOUBLE 'NaN'", *b), (V{T, F, F, T, N}));
  EXPECT_EQ(Truth("f <= DOUBLE 'NaN'", *b), (V{T, T, T, T, N}));
  EXPECT_EQ(Truth("f >= DOUBLE 'NaN'", *b), (V{F, T, T, F, N}));
  EXPECT_EQ(Truth("f < 2", *b), (V{T, F, F, F, N}));
  EXPECT_EQ(Truth("f >= 2.5", *b), (V{F, T, T, T, N}));
  EXPECT_EQ(Truth("f IN (1, DOUBLE 'NaN')", *b), (V{T, T, T, F, N}));
  // A decimal literal takes a float32 column's precision: 0.1 matches 0.1f...
  EXPECT_EQ(Truth("g = 0.1", *b), (V{T, F, F, F, F}));
  // ...but a float64 literal does not (0.1f != 0.1 in double).
  EXPECT_EQ(Truth("g = 1e-1", *b), (V{F, F, F, F, F}));
  EXPECT_EQ(Truth("g > f", *b), (V{F, F, F, T, N}));
}

TEST(Evaluate, Decimals) {
  auto b = Batch({{"d", Arr<__int128>(decimal128(10, 2), {1250, 1255, -1, 0}, {true, true, true, false})},
                  {"i", Arr<int32_t>(int32(), {12, 13, 0, 1})}});
  EXPECT_EQ(Truth("d = 12.5", *b), (V{T, F, F, N}));
  EXPECT_EQ(Truth("d > 12.5", *b), (V{F, T, F, N}));
  EXPECT_EQ(Truth("d = 12.555", *b), (V{F, F, F, N}));
  EXPECT_EQ(Truth("d < 12.555", *b), (V{T, T, T, N}));
  EXPECT_EQ(Truth("d > 12.549", *b), (V{F, T, F, N}));
  EXPECT_EQ(Truth("d >= 12.549", *b), (V{F, T, F, N}));
  EXPECT_EQ(Truth("d >= 12.551", *b), (V{F, F, F, N}));
  EXPECT_EQ(Truth("d <= 12.551", *b), (V{T, T, T, N}));
  EXPECT_EQ(Truth("d < -0.001", *b), (V{F, F, T, N}));
  EXPECT_EQ(Truth("d <= -0.01", *b), (V{F, F, T, N}));
  EXPECT_EQ(Truth("d = 12", *b), (V{F, F, F, N}));
  EXPECT_EQ(Truth("d > 12", *b), (V{T, T, F, N}));
  EXPECT_EQ(Truth("d < 12.5e0", *b), (V{F, F, T, N}));
  EXPECT_EQ(Truth("d > 99999999999999999999999999999999999999", *b), (V{F, F, F, N}));
  EXPECT_EQ(Truth("d < 0.00000000000000000000000000000000000001", *b), (V{F, F, T, N}));
  EXPECT_EQ(Truth("d > i", *b), (V{T, F, F, N}));
  EXPECT_EQ(Truth("d = '12.50'", *b), (V{T, F, F, N}));
}

TEST(Evaluate, Decimal64) {
  auto b = Batch({{"d", Arr<int64_t>(decimal64(10, 2), {1250, 1255, -1, 0}, {true, true, true, false})},
                  {"w", Arr<__int128>(decimal128(20, 3), {12500, 12551, -20, 7})},
                  {"e", Arr<int64_t>(decimal64(18, 2), {1250, 1256, -2, 0})},
                  {"m", Arr<int64_t>(decimal64(18, 0), {INT64_MAX, INT64_MIN, 0, 1})},
                  {"i", Arr<int32_t>(int32(), {12, 13, 0, 1})}});
  EXPECT_EQ(Truth("d = 12.5", *b), (V{T, F, F, N}));
  EXPECT_EQ(Truth("d > 12.5", *b), (V{F, T, F, N}));
  EXPECT_EQ(Truth("d = 12.555", *b), (V{F, F, F, N}));
  EXPECT_EQ(Truth("d < 12.555", *b), (V{T, T, T, N}));
  EXPECT_EQ(Truth("d > 12.549", *b), (V{F, T, F, N}));
  EXPECT_EQ(Truth("d >= 12.551", *b), (V{F, F, F, N}));
  EXPECT_EQ(Truth("d <= -0.01", *b), (V{F, F, T, N}));
  EXPECT_EQ(Truth("d > 12", *b), (V{T, T, F, N}));
  EXPECT_EQ(Truth("d < 12.5e0", *b), (V{F, F, T, N}));
  EXPECT_EQ(Truth("d = '12.50'", *b), (V{T, F, F, N}));
  // Literals beyond int64 at the column's scale fold to constants.
  EXPECT_EQ(Truth("d < 99999999999999999999", *b), (V{T, T, T, N}));
  EXPECT_EQ(Truth("d > -99999999999999999999", *b), (V{T, T, T, N}));
  EXPECT_EQ(Truth("d = 92233720368547758.08", *b), (V{F, F, F, N}));
  EXPECT_EQ(Truth("m >= 9223372036854775807", *b), (V{T, F, F, F}));
  EXPECT_EQ(Truth("m < -9223372036854775807", *b), (V{F, T, F, F}));
  EXPECT_EQ(Truth("m > 9223372036854775806.5", *b), (V{T, F, F, F}));
  EXPECT_EQ(Truth("m <= '-9223372036854775808'", *b), (V{F, T, F, F}));
  EXPECT_EQ(Truth("d > 99999999999999999999999999999999999999", *b), (V{F, F, F, N}));
  EXPECT_EQ(Truth("d < 0.00000000000000000000000000000000000001", *b), (V{F, F, T, N}));
  // Columns: decimal64 against decimal128, decimal64 and integers of other scales.
  EXPECT_EQ(Truth("d = w", *b), (V{T, F, F, N}));
  EXPECT_EQ(Truth("d < w", *b), (V{F, T, F, N}));
  EXPECT_EQ(Truth("w >= d", *b), (V{T, T, F, N}));
  EXPECT_EQ(Truth("d = e", *b), (V{T, F, F, N}));
  EXPECT_EQ(Truth("d < e", *b), (V{F, T, F, N}));
  EXPECT_EQ(Truth("d > i", *b), (V{T, F, F, N}));
  EXPECT_EQ(Truth("m > i", *b), (V{T, F, F, F}));
  EXPECT_EQ(Truth("m > d", *b), (V{T, F, T, N}));
  EXPECT_EQ(Truth("d IN (12.5, 12.55)", *b), (V{T, T, F, N}));
}

TEST(Evaluate, DatesTimestampsAndStringLiterals) {
  int32_t d0 = static_cast<int32_t>(DaysFromCivil(2024, 1, 1));
  int64_t us0 = static_cast<int64_t>(d0) * 86400 * 1000000;
  auto b = Batch({{"d", Arr<int32_t>(date32(), {d0 - 1, d0, d0 + 1})},
                  {"ts", Arr<int64_t>(timestamp(TimeUnit::kNano, "UTC"),
                                      {us0 * 1000 - 1, us0 * 1000, us0 * 1000 + 1})},
                  {"tm", Arr<int64_t>(time64(TimeUnit::kMicro), {0, 3600000000LL, 7200000000LL})}});
  EXPECT_EQ(Truth("d = DATE '2024-01-01'", *b), (V{F, T, F}));
  EXPECT_EQ(Truth("d >= '2024-01-01'", *b), (V{F, T, T}));
  EXPECT_EQ(Truth("d = TIMESTAMP '2024-01-01 00:00:00'", *b), (V{F, T, F}));
  EXPECT_EQ(Truth("d = TIMESTAMP '2024-01-01 00:00:01'", *b), (V{F, F, F}));
  EXPECT_EQ(Truth("d < TIMESTAMP '2024-01-01 00:00:01'", *b), (V{T, T, F}));
  EXPECT_EQ(Truth("d > TIMESTAMP '2024-01-01 00:00:01'", *b), (V{F, F, T}));
  EXPECT_EQ(Truth("d < '2024-01-01 12:00'", *b), (V{T, T, F}));
  EXPECT_EQ(Truth("ts = TIMESTAMP '2024-01-01 00:00:00Z'", *b), (V{F, T, F}));
  EXPECT_EQ(Truth("ts < DATE '2024-01-01'", *b), (V{T, F, F}));
  EXPECT_EQ(Truth("ts >= '2024-01-01T00:00:00.000000001Z'", *b), (V{F, F, T}));
  EXPECT_EQ(Truth("ts > TIMESTAMP '2023-12-31 23:59:59.999999'", *b), (V{T, T, T}));
  EXPECT_EQ(Truth("ts > TIMESTAMP '9999-12-31 00:00:00'", *b), (V{F, F, F}));
  EXPECT_EQ(Truth("ts > d", *b), (V{T, F, F}));
  EXPECT_EQ(Truth("ts >= d", *b), (V{T, T, F}));
  EXPECT_EQ(Truth("tm > TIME '00:30:00'", *b), (V{F, T, T}));
  EXPECT_EQ(Truth("tm = '01:00:00'", *b), (V{F, T, F}));
}

TEST(Evaluate, StringsAndDictionaries) {
  auto dict = Arr<std::string>(utf8(), {"apple", "pear", ""}, {true, true, false});
  auto s = DictionaryArray(dict, {0, 1, 2, 0, 1}, {true, true, true, false, true});
  auto plain = Arr<std::string>(utf8(), {"apple", "pear", "", "", "pea"}, {true, true, false, false, true});
  auto b = Batch({{"s", s}, {"p", plain}, {"bin", Arr<std::string>(binary(), {"\x01", "\xff", "", "a", "ab"})}});
  EXPECT_EQ(Truth("s = 'apple'", *b), (V{T, F, N, N, F}));
  EXPECT_EQ(Truth("s > 'b'", *b), (V{F, T, N, N, T}));
  EXPECT_EQ(Truth("s IN ('pear', 'kiwi')", *b), (V{F, T, N, N, T}));
  EXPECT_EQ(Truth("s IS NULL", *b), (V{F, F, T, T, F}));
  EXPECT_EQ(Truth("s IS NOT NULL", *b), (V{T, T, F, F, T}));
  EXPECT_EQ(Truth("p < 'pear'", *b), (V{T, F, N, N, T}));
  EXPECT_EQ(Truth("s = p", *b), (V{T, T, N, N, F}));
  EXPECT_EQ(Truth("bin > X'7f'", *b), (V{F, T, F, F, F}));
  EXPECT_EQ(Truth("bin >= 'a'", *b), (V{F, T, F, T, T}));
}

TEST(Evaluate, ConstantColumns) {
  auto value = Arr<int32_t>(int32(), {0, 7});
  auto c = MakeConstantArray(value->Slice(1, 1), 3);
  auto null_c = MakeConstantArray(*MakeNullArray(utf8(), 1), 3);
  auto b = Batch({{"part", c}, {"n", null_c}});
  EXPECT_EQ(Truth("part = 7", *b), (V{T, T, T}));
  EXPECT_EQ(Truth("part IN (1, 2)", *b), (V{F, F, F}));
  EXPECT_EQ(Truth("n = 'x'", *b), (V{N, N, N}));
  EXPECT_EQ(Truth("n IS NULL", *b), (V{T, T, T}));
  EXPECT_EQ(Truth("part = '7'", *b), (V{T, T, T}));
}

TEST(Evaluate, NestedFieldsAndBooleans) {
  auto type = struct_({field("a", int64()), field("Flag", boolean())});
  ArrayBuilder sb(type);
  ASSERT_TRUE(sb.AppendStructValid().ok());
  ASSERT_TRUE(sb.child(0)->Append<int64_t>(1).ok());
  ASSERT_TRUE(sb.child(1)->AppendBool(true).ok());
  ASSERT_TRUE(sb.AppendNull().ok());
  ASSERT_TRUE(sb.AppendStructValid().ok());
  ASSERT_TRUE(sb.child(0)->AppendNull().ok());
  ASSERT_TRUE(sb.child(1)->AppendBool(false).ok());
  auto st = *sb.Finish();
  auto b = Batch({{"s", st}, {"Name", Arr<std::string>(utf8(), {"a", "b", "c"})},
                  {"a.b", Arr<int32_t>(int32(), {1, 2, 3})}});
  EXPECT_EQ(Truth("s.a = 1", *b), (V{T, N, N}));
  EXPECT_EQ(Truth("s.a IS NULL", *b), (V{F, T, T}));
  EXPECT_EQ(Truth("s IS NULL", *b), (V{F, T, F}));
  EXPECT_EQ(Truth("s.flag", *b), (V{T, N, F}));
  EXPECT_EQ(Truth("NOT S.FLAG", *b), (V{F, N, T}));
  EXPECT_EQ(Truth("s.flag = false", *b), (V{F, N, T}));
  EXPECT_EQ(Truth("name = 'b'", *b), (V{F, T, F}));
  EXPECT_EQ(Truth("a.b > 1", *b), (V{F, T, T}));  // dotted top-level name
}

TEST(Evaluate, PlanErrors) {
  auto b = Batch({{"x", Arr<int64_t>(int64(), {1})}, {"y", Arr<std::string>(utf8(), {"a"})},
                  {"X2", Arr<int64_t>(int64(), {1})}, {"x2", Arr<int64_t>(int64(), {1})}});
  Status st = EvalError("zz = 1", *b);
  EXPECT_EQ(st.code(), StatusCode::kPlan);
  EXPECT_EQ(st.message(), "column 'zz' not found; available columns: x, y, X2, x2");
  st = EvalError("x = 'abc'", *b);
  EXPECT_EQ(st.code(), StatusCode::kPlan);
  EXPECT_NE(st.message().find("cannot compare column 'x' of type int64 with 'abc'"), std::string::npos);
  st = EvalError("y = 1", *b);
  EXPECT_EQ(st.code(), StatusCode::kPlan);
  st = EvalError("x", *b);
  EXPECT_EQ(st.code(), StatusCode::kPlan);
  st = EvalError("x.f = 1", *b);
  EXPECT_EQ(st.code(), StatusCode::kPlan);
  st = EvalError("X2 = 1", *b);
  EXPECT_TRUE(st.ok());  // exact match wins over case-insensitive ones
  st = EvalError("x2 = 1", *b);
  EXPECT_TRUE(st.ok());
  auto b2 = Batch({{"Ab", Arr<int64_t>(int64(), {1})}, {"aB", Arr<int64_t>(int64(), {1})}});
  st = EvalError("ab = 1", *b2);
  EXPECT_EQ(st.code(), StatusCode::kPlan);
  EXPECT_NE(st.message().find("ambiguous"), std::string::npos);
  st = EvalError("5", *b);
  EXPECT_EQ(st.code(), StatusCode::kPlan);
}

// A row of a plain array as a Scalar (test oracle only).
Scalar RowScalar(const ArrayData& a, int64_t i) {
  if (a.IsNull(i)) return Scalar::Null(a.type);
  switch (a.type->id()) {
    case TypeId::kInt32: return Scalar::Int(a.values<int32_t>()[i], a.type);
    case TypeId::kInt64: return Scalar::Int(a.values<int64_t>()[i], a.type);
    case TypeId::kFloat32: return Scalar::Float(a.values<float>()[i], a.type);
    case TypeId::kFloat64: return Scalar::Float(a.values<double>()[i], a.type);
    case TypeId::kDecimal128: return Scalar(a.type, a.values<__int128>()[i]);
    case TypeId::kDecimal64: return Scalar(a.type, __int128{a.values<int64_t>()[i]});
    case TypeId::kDate32: return Scalar::Date(a.values<int32_t>()[i]);
    case TypeId::kTimestamp: return Scalar(a.type, a.values<int64_t>()[i]);
    default: return Scalar();
  }
}

uint8_t Expected(const Scalar& row, CompareOp op, const Scalar& lit) {
  auto c = row.Compare(lit);
  if (!c) return N;
  bool h = false;
  switch (op) {
    case CompareOp::kEq: h = *c == 0; break;
    case CompareOp::kNe: h = *c != 0; break;
    case CompareOp::kLt: h = *c < 0; break;
    case CompareOp::kLe: h = *c <= 0; break;
    case CompareOp::kGt: h = *c > 0; break;
    case CompareOp::kGe: h = *c >= 0; break;
  }
  return h ? T : F;
}

// The vectorized kernels must agree with Scalar::Compare, the written-down rules.
TEST(Evaluate, KernelsAgreeWithScalarCompare) {
  std::mt19937_64 rng(42);
  auto small = [&]() { return static_cast<int64_t>(rng() % 41) - 20; };
  std::vector<int32_t> i32;
  std::vector<int64_t> i64, ts_ms;
  std::vector<__int128> dec;
  std::vector<int64_t> i64_dec, i64_dec3;
  std::vector<double> f64;
  std::vector<float> f32;
  std::vector<int32_t> dates;
  std::vector<bool> valid;
  for (int i = 0; i < 400; ++i) {
    i32.push_back(static_cast<int32_t>(small()));
    i64.push_back(small() * 1000000007LL);
    dec.push_back(small() * 25);
    i64_dec.push_back(small() * 25);
    i64_dec3.push_back(small() * 250 + (i % 3 == 0 ? 1 : 0));
    double f = static_cast<double>(small()) / 4;
    if (i % 50 == 0) f = kNaN;
    f64.push_back(f);
    f32.push_back(static_cast<float>(static_cast<double>(small()) / 10));
    dates.push_back(static_cast<int32_t>(small()));
    ts_ms.push_back(small() * 43200000LL);
    valid.push_back(i % 17 != 0);
  }
  auto b = Batch({{"i32", Arr<int32_t>(int32(), i32, valid)},
                  {"i64", Arr<int64_t>(int64(), i64, valid)},
                  {"dec", Arr<__int128>(decimal128(6, 2), dec, valid)},
                  {"f64", Arr<double>(float64(), f64, valid)},
                  {"f32", Arr<float>(float32(), f32, valid)},
                  {"d", Arr<int32_t>(date32(), dates, valid)},
                  {"ts", Arr<int64_t>(timestamp(TimeUnit::kMilli), ts_ms, valid)},
                  {"dec64", Arr<int64_t>(decimal64(6, 2), i64_dec, valid)},
                  {"dec64s3", Arr<int64_t>(decimal64(18, 3), i64_dec3, valid)}});
  std::vector<Scalar> numeric_literals = {
      Scalar::Int(0), Scalar::Int(-3), Scalar::Int(INT64_MAX), Scalar::Decimal(15, 2, 1),
      Scalar::Decimal(-125, 3, 2), Scalar::Decimal(1, 4, 3), Scalar::Float(0.5),
      Scalar::Float(-2.25), Scalar::Float(kNaN), Scalar::Float(0.1), Scalar::Decimal(1, 1, 1),
      Scalar::Float(static_cast<float>(0.3), float32()), Scalar::UInt64(UINT64_MAX)};
  std::vector<Scalar> temporal_literals = {
      Scalar::Date(3), Scalar::Date(-20), Scalar::Timestamp(86400000000LL, TimeUnit::kMicro),
      Scalar::Timestamp(86400000000LL + 1, TimeUnit::kMicro),
      Scalar::Timestamp(-43200000000000LL - 1, TimeUnit::kNano, "UTC")};
  const CompareOp ops[] = {CompareOp::kEq, CompareOp::kNe, CompareOp::kLt,
                           CompareOp::kLe, CompareOp::kGt, CompareOp::kGe};
  auto check = [&](int col, const std::vector<Scalar>& literals) {
    const auto& name = b->schema()->field(col)->name;
    const ArrayData& a = *b->column(col);
    for (const Scalar& lit : literals) {
      for (CompareOp op : ops) {
        ExprPtr e = Expr::Compare(op, Expr::Column(name), Expr::Literal(lit));
        auto r = EvaluateTruth(*e, *b);
        ASSERT_TRUE(r.ok()) << e->ToString() << ": " << r.status().ToString();
        for (int64_t i = 0; i < a.length; ++i) {
          Scalar row = RowScalar(a, i);
          ASSERT_EQ((*r)[i], Expected(row, op, lit))
              << e->ToString() << " row " << i << " value " << row.ToString();
        }
      }
    }
  };
  numeric_literals.push_back(Scalar::Decimal(static_cast<__int128>(INT64_MAX) * 10, 20, 1));
  numeric_literals.push_back(Scalar::Decimal(-static_cast<__int128>(INT64_MAX) * 100, 21, 0));
  numeric_literals.push_back(Scalar(decimal64(3, 1), __int128{-12}));
  for (int col = 0; col < 5; ++col) check(col, numeric_literals);
  check(5, temporal_literals);
  check(6, temporal_literals);
  check(7, numeric_literals);
  check(8, numeric_literals);
  // Column against column: every pair of exact columns (int64, 128-bit and mixed domains).
  for (int l : {0, 1, 2, 7, 8}) {
    for (int r : {0, 1, 2, 7, 8}) {
      const auto& ln = b->schema()->field(l)->name;
      const auto& rn = b->schema()->field(r)->name;
      for (CompareOp op : ops) {
        ExprPtr e = Expr::Compare(op, Expr::Column(ln), Expr::Column(rn));
        auto res = EvaluateTruth(*e, *b);
        ASSERT_TRUE(res.ok()) << e->ToString() << ": " << res.status().ToString();
        for (int64_t i = 0; i < b->num_rows(); ++i) {
          Scalar x = RowScalar(*b->column(l), i);
          Scalar y = RowScalar(*b->column(r), i);
          ASSERT_EQ((*res)[i], Expected(x, op, y)) << e->ToString() << " row " << i;
        }
      }
    }
  }
}

TEST(FilterBatch, GathersEveryEncoding) {
  auto dict = Arr<std::string>(utf8(), {"x", "y"});
  auto b = Batch({{"i", Arr<int64_t>(int64(), {1, 2, 3, 4}, {true, false, true, true})},
                  {"s", Arr<std::string>(utf8(), {"a", "bb", "", "dddd"}, {true, true, false, true})},
                  {"flag", Arr<bool>(boolean(), {true, false, true, false})},
                  {"dict", DictionaryArray(dict, {1, 0, 1, 0}, {true, true, false, true})},
                  {"c", MakeConstantArray(dict->Slice(1, 1), 4)},
                  {"dec", Arr<__int128>(decimal128(5, 1), {10, 20, 30, 40})},
                  {"dec64", Arr<int64_t>(decimal64(5, 1), {11, 21, 31, 41})},
                  {"l", [] {
                     ArrayBuilder lb(list(field("item", int32())));
                     for (int r = 0; r < 4; ++r) {
                       for (int k = 0; k < r; ++k) (void)lb.child(0)->Append<int32_t>(r * 10 + k);
                       (void)lb.AppendListRow();
                     }
                     return *lb.Finish();
                   }()}});
  auto out = FilterBatch(*b, {1, 0, 1, 1});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const RecordBatch& f = **out;
  ASSERT_EQ(f.num_rows(), 3);
  for (const auto& col : f.columns()) EXPECT_TRUE(ValidateArray(*col).ok());
  EXPECT_EQ(f.column(0)->values<int64_t>()[2], 4);
  EXPECT_EQ(f.column(0)->null_count, 0);
  EXPECT_EQ(f.column(1)->GetView(0), "a");
  EXPECT_TRUE(f.column(1)->IsNull(1));
  EXPECT_EQ(f.column(1)->GetView(2), "dddd");
  EXPECT_TRUE(f.column(2)->GetBool(0));
  EXPECT_TRUE(f.column(2)->GetBool(1));
  EXPECT_FALSE(f.column(2)->GetBool(2));
  EXPECT_EQ(f.column(3)->encoding, Encoding::kDictionary);
  EXPECT_EQ(f.column(3)->DictIndex(0), 1);
  EXPECT_TRUE(f.column(3)->IsNull(1));
  EXPECT_EQ(f.column(4)->encoding, Encoding::kConstant);
  EXPECT_EQ(f.column(4)->length, 3);
  EXPECT_EQ(static_cast<int64_t>(f.column(5)->values<__int128>()[1]), 30);
  EXPECT_EQ(f.column(6)->values<int64_t>()[1], 31);
  EXPECT_EQ(f.column(7)->list_offsets()[3] - f.column(7)->list_offsets()[2], 3);
  // Filtering through a predicate on a slice.
  auto sliced = b->Slice(1, 3);
  auto sel = EvaluatePredicate(**ParsePredicate("i >= 3 AND dict = 'x'"), *sliced);
  ASSERT_TRUE(sel.ok());
  EXPECT_EQ(*sel, (V{0, 0, 1}));
  auto all = FilterBatch(*b, {1, 1, 1, 1});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ((*all)->column(1).get(), b->column(1).get());  // zero-copy
  auto none = FilterBatch(*b, {0, 0, 0, 0});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ((*none)->num_rows(), 0);
  EXPECT_FALSE(FilterBatch(*b, {1}).ok());
}

}  // namespace
}  // namespace silt

namespace silt {
namespace {

TEST(FilterBatch, RandomSelectionsMatchRowByRow) {
  std::mt19937 rng(7);
  std::vector<int64_t> ints;
  std::vector<std::string> strs;
  std::vector<bool> valid;
  for (int i = 0; i < 2000; ++i) {
    ints.push_back(i * 3);
    strs.push_back(std::string(static_cast<size_t>(i % 7), static_cast<char>('a' + i % 26)));
    valid.push_back(i % 11 != 0);
  }
  auto b = Batch({{"i", Arr<int64_t>(int64(), ints, valid)}, {"s", Arr<std::string>(utf8(), strs, valid)}});
  for (int density : {1, 50, 95}) {
    std::vector<uint8_t> sel;
    for (int i = 0; i < 2000; ++i) sel.push_back(static_cast<int>(rng() % 100) < density ? 1 : 0);
    auto out = FilterBatch(*b->Slice(0, 2000), sel);
    ASSERT_TRUE(out.ok());
    const ArrayData& oi = *(*out)->column(0);
    const ArrayData& os = *(*out)->column(1);
    ASSERT_TRUE(ValidateArray(oi).ok());
    ASSERT_TRUE(ValidateArray(os).ok());
    int64_t k = 0;
    for (int i = 0; i < 2000; ++i) {
      if (!sel[static_cast<size_t>(i)]) continue;
      ASSERT_EQ(oi.IsValid(k), valid[static_cast<size_t>(i)]);
      if (valid[static_cast<size_t>(i)]) {
        ASSERT_EQ(oi.values<int64_t>()[k], ints[static_cast<size_t>(i)]);
        ASSERT_EQ(os.GetView(k), strs[static_cast<size_t>(i)]);
      }
      ++k;
    }
    ASSERT_EQ(k, (*out)->num_rows());
  }
}

}  // namespace
}  // namespace silt
