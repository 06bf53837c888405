#include "silt/sql/kernels/window.h"

#include <gtest/gtest.h>

#include <limits>

#include "sort_test_util.h"

namespace silt::sql {
namespace {

using testing::Arr;
using testing::Const;
using testing::Dict;
using testing::F64;
using testing::I32;
using testing::I64;
using testing::Str;
using testing::Text;

// Sorted rows used by most tests: partition p, order key o (NULLs last), value v.
//   row: 0  1  2  3  4  5  6     7
//   p:   a  a  a  a  a  b  b     b
//   o:   1  1  2  4  N  5  5     7
//   v:   10 N  30 40 50 60 N     80
struct Fixture {
  ArrayDataPtr p = Str({"a", "a", "a", "a", "a", "b", "b", "b"});
  ArrayDataPtr o = I64({1, 1, 2, 4, std::nullopt, 5, 5, 7});
  ArrayDataPtr v = I64({10, std::nullopt, 30, 40, 50, 60, std::nullopt, 80});
};

WindowCall Call(std::string name, std::vector<ArrayDataPtr> args = {}) {
  WindowCall c;
  c.name = std::move(name);
  c.args = std::move(args);
  return c;
}

WindowCall Framed(WindowCall c, WindowFrameUnit unit, WindowBound start, WindowBound end) {
  c.has_frame = true;
  c.frame.unit = unit;
  c.frame.start = std::move(start);
  c.frame.end = std::move(end);
  return c;
}

WindowBound B(WindowBoundKind kind, int64_t offset = 0, ArrayDataPtr range = nullptr) {
  return WindowBound{kind, offset, std::move(range)};
}

using K = WindowBoundKind;
using U = WindowFrameUnit;

std::string Eval(const WindowCall& c, const std::vector<ArrayDataPtr>& part,
                 const std::vector<ArrayDataPtr>& order, std::vector<SortKeyOrder> orders = {}) {
  if (orders.empty()) orders.resize(order.size());
  const int64_t n = !part.empty() ? part[0]->length : !order.empty() ? order[0]->length
                                                    : c.args.empty() ? 0 : c.args[0]->length;
  auto r = EvaluateWindow(c, part, order, orders, n, MemoryPool::Default());
  if (!r.ok()) return r.status().ToString();
  EXPECT_EQ((*r)->length, n);
  return Text(**r);
}

TEST(Window, RankingWithPartitionsPeersAndNullKeys) {
  Fixture f;
  EXPECT_EQ(Eval(Call("row_number"), {f.p}, {f.o}), "1,2,3,4,5,1,2,3");
  EXPECT_EQ(Eval(Call("rank"), {f.p}, {f.o}), "1,1,3,4,5,1,1,3");
  EXPECT_EQ(Eval(Call("dense_rank"), {f.p}, {f.o}), "1,1,2,3,4,1,1,2");
  EXPECT_EQ(Eval(Call("percent_rank"), {f.p}, {f.o}), "0,0,0.5,0.75,1,0,0,1");
  EXPECT_EQ(Eval(Call("cume_dist"), {f.p}, {f.o}), "0.4,0.4,0.6,0.8,1,0.6666666666666666,0.6666666666666666,1");
  // No ORDER BY: every row of a partition is a peer.
  EXPECT_EQ(Eval(Call("rank"), {f.p}, {}), "1,1,1,1,1,1,1,1");
  EXPECT_EQ(Eval(Call("row_number"), {}, {}, {}), "");
  // NULL keys are peers of each other.
  auto o = I64({std::nullopt, std::nullopt, 1});
  EXPECT_EQ(Eval(Call("rank"), {}, {o}, {{false, true}}), "1,1,3");
  // NULL partition keys form one partition.
  auto p = I64({std::nullopt, std::nullopt, 1});
  EXPECT_EQ(Eval(Call("row_number"), {p}, {}), "1,2,1");
}

TEST(Window, Ntile) {
  auto p = Str({"a", "a", "a", "a", "a", "a", "a", "b", "b"});
  EXPECT_EQ(Eval(Call("ntile", {Const(I64({3}), 9)}), {p}, {}), "1,1,1,2,2,3,3,1,2");
  EXPECT_EQ(Eval(Call("ntile", {Const(I64({10}), 9)}), {p}, {}), "1,2,3,4,5,6,7,1,2");
  EXPECT_EQ(Eval(Call("ntile", {Const(I64({std::nullopt}), 9)}), {p}, {}),
            "NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL");
  EXPECT_NE(Eval(Call("ntile", {Const(I64({0}), 9)}), {p}, {}).find("greater than zero"), std::string::npos);
}

TEST(Window, LagLead) {
  Fixture f;
  EXPECT_EQ(Eval(Call("lag", {f.v}), {f.p}, {f.o}), "NULL,10,NULL,30,40,NULL,60,NULL");
  EXPECT_EQ(Eval(Call("lead", {f.v}), {f.p}, {f.o}), "NULL,30,40,50,NULL,NULL,80,NULL");
  auto two = Const(I64({2}), 8);
  auto def = Const(I64({-1}), 8);
  EXPECT_EQ(Eval(Call("lag", {f.v, two, def}), {f.p}, {f.o}), "-1,-1,10,NULL,30,-1,-1,60");
  EXPECT_EQ(Eval(Call("lead", {f.v, two, def}), {f.p}, {f.o}), "30,40,50,-1,-1,80,-1,-1");
  // Negative offsets look the other way; offset 0 is the row itself; NULL offset -> NULL.
  auto neg = Const(I64({-1}), 8);
  EXPECT_EQ(Eval(Call("lag", {f.v, neg}), {f.p}, {f.o}), "NULL,30,40,50,NULL,NULL,80,NULL");
  EXPECT_EQ(Eval(Call("lag", {f.v, Const(I64({0}), 8)}), {f.p}, {f.o}), "10,NULL,30,40,50,60,NULL,80");
  EXPECT_EQ(Eval(Call("lag", {f.v, I64({1, std::nullopt, 1, 1, 1, 1, 1, 1})}), {f.p}, {f.o}),
            "NULL,NULL,NULL,30,40,NULL,60,NULL");
  // IGNORE NULLS skips NULL values when counting.
  auto c = Call("lag", {f.v});
  c.ignore_nulls = true;
  EXPECT_EQ(Eval(c, {f.p}, {f.o}), "NULL,10,10,30,40,NULL,60,60");
  c.name = "lead";
  EXPECT_EQ(Eval(c, {f.p}, {f.o}), "30,30,40,50,NULL,80,80,NULL");
  // Dictionary-encoded values and a per-row default.
  auto dv = Dict(Str({"x", "y"}), {0, 1, std::nullopt, 0});
  EXPECT_EQ(Eval(Call("lag", {dv, Const(I64({1}), 4), Str({"d0", "d1", "d2", "d3"})}), {}, {I64({1, 2, 3, 4})}),
            "d0,x,y,NULL");
  EXPECT_NE(Eval(Call("lag", {f.v, two, Const(Str({"x"}), 8)}), {f.p}, {f.o}).find("Plan"), std::string::npos);
}

TEST(Window, FirstLastNthValueDefaultAndRowsFrames) {
  Fixture f;
  // Default frame with ORDER BY ends at the current row's last peer.
  EXPECT_EQ(Eval(Call("first_value", {f.v}), {f.p}, {f.o}), "10,10,10,10,10,60,60,60");
  EXPECT_EQ(Eval(Call("last_value", {f.v}), {f.p}, {f.o}), "NULL,NULL,30,40,50,NULL,NULL,80");
  EXPECT_EQ(Eval(Call("nth_value", {f.v, Const(I64({2}), 8)}), {f.p}, {f.o}),
            "NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL");
  EXPECT_EQ(Eval(Call("nth_value", {f.v, Const(I64({3}), 8)}), {f.p}, {f.o}), "NULL,NULL,30,30,30,NULL,NULL,80");
  // Without ORDER BY the frame is the whole partition.
  EXPECT_EQ(Eval(Call("last_value", {f.v}), {f.p}, {}), "50,50,50,50,50,80,80,80");
  auto rows = Framed(Call("last_value", {f.v}), U::kRows, B(K::kPreceding, 1), B(K::kCurrentRow));
  EXPECT_EQ(Eval(rows, {f.p}, {f.o}), "10,NULL,30,40,50,60,NULL,80");
  rows.ignore_nulls = true;
  EXPECT_EQ(Eval(rows, {f.p}, {f.o}), "10,10,30,40,50,60,60,80");
  auto first = Framed(Call("first_value", {f.v}), U::kRows, B(K::kFollowing, 1), B(K::kUnboundedFollowing));
  EXPECT_EQ(Eval(first, {f.p}, {f.o}), "NULL,30,40,50,NULL,NULL,80,NULL");
  first.ignore_nulls = true;
  EXPECT_EQ(Eval(first, {f.p}, {f.o}), "30,30,40,50,NULL,80,80,NULL");
  auto nth = Framed(Call("nth_value", {f.v, Const(I64({2}), 8)}), U::kRows, B(K::kUnboundedPreceding),
                    B(K::kUnboundedFollowing));
  nth.ignore_nulls = true;
  EXPECT_EQ(Eval(nth, {f.p}, {f.o}), "30,30,30,30,30,80,80,80");
  EXPECT_NE(Eval(Call("nth_value", {f.v, Const(I64({0}), 8)}), {f.p}, {f.o}).find("greater than zero"),
            std::string::npos);
}

TEST(Window, AggregatesDefaultFrameAndWholePartition) {
  Fixture f;
  EXPECT_EQ(Eval(Call("sum", {f.v}), {f.p}, {f.o}), "10,10,40,80,130,60,60,140");
  EXPECT_EQ(Eval(Call("count", {f.v}), {f.p}, {f.o}), "1,1,2,3,4,1,1,2");
  EXPECT_EQ(Eval(Call("count"), {f.p}, {f.o}), "2,2,3,4,5,2,2,3");
  EXPECT_EQ(Eval(Call("avg", {f.v}), {f.p}, {f.o}), "10,10,20,26.666666666666668,32.5,60,60,70");
  EXPECT_EQ(Eval(Call("min", {f.v}), {f.p}, {f.o}), "10,10,10,10,10,60,60,60");
  EXPECT_EQ(Eval(Call("max", {f.v}), {f.p}, {}), "50,50,50,50,50,80,80,80");
  EXPECT_EQ(Eval(Call("sum", {f.v}), {}, {}), "270,270,270,270,270,270,270,270");
  auto all_null = I64({std::nullopt, std::nullopt});
  EXPECT_EQ(Eval(Call("sum", {all_null}), {}, {}), "NULL,NULL");
  EXPECT_EQ(Eval(Call("min", {all_null}), {}, {}), "NULL,NULL");
  EXPECT_EQ(Eval(Call("count", {all_null}), {}, {}), "0,0");
}

TEST(Window, AggregatesOverRowsFrames) {
  Fixture f;
  auto c = [&](std::string name, WindowBound s, WindowBound e) {
    return Eval(Framed(Call(name, {f.v}), U::kRows, s, e), {f.p}, {f.o});
  };
  EXPECT_EQ(c("sum", B(K::kPreceding, 1), B(K::kFollowing, 1)), "10,40,70,120,90,60,140,80");
  EXPECT_EQ(c("sum", B(K::kCurrentRow), B(K::kUnboundedFollowing)), "130,120,120,90,50,140,80,80");
  EXPECT_EQ(c("sum", B(K::kPreceding, 2), B(K::kPreceding, 1)), "NULL,10,10,30,70,NULL,60,60");
  EXPECT_EQ(c("sum", B(K::kFollowing, 1), B(K::kFollowing, 2)), "30,70,90,50,NULL,80,80,NULL");
  EXPECT_EQ(c("count", B(K::kFollowing, 2), B(K::kFollowing, 1)), "0,0,0,0,0,0,0,0");
  EXPECT_EQ(c("min", B(K::kPreceding, 1), B(K::kFollowing, 1)), "10,10,30,30,40,60,60,80");
  EXPECT_EQ(c("max", B(K::kPreceding, 1), B(K::kFollowing, 1)), "10,30,40,50,50,60,80,80");
  EXPECT_EQ(c("max", B(K::kUnboundedPreceding), B(K::kCurrentRow)), "10,10,30,40,50,60,60,80");
  EXPECT_EQ(c("avg", B(K::kPreceding, 1), B(K::kCurrentRow)), "10,10,30,35,45,60,60,80");
  EXPECT_EQ(c("sum", B(K::kPreceding, std::numeric_limits<int64_t>::max()),
              B(K::kFollowing, std::numeric_limits<int64_t>::max())),
            "130,130,130,130,130,140,140,140");
  // Frame clause errors.
  EXPECT_NE(c("sum", B(K::kUnboundedFollowing), B(K::kUnboundedFollowing)).find("Plan"), std::string::npos);
  EXPECT_NE(c("sum", B(K::kCurrentRow), B(K::kPreceding, 1)).find("Plan"), std::string::npos);
  EXPECT_NE(c("sum", B(K::kFollowing, 1), B(K::kCurrentRow)).find("Plan"), std::string::npos);
  EXPECT_NE(c("sum", B(K::kPreceding, -1), B(K::kCurrentRow)).find("negative"), std::string::npos);
}

TEST(Window, AggregatesOverGroupsFrames) {
  Fixture f;
  auto c = [&](std::string name, WindowBound s, WindowBound e) {
    return Eval(Framed(Call(name, {f.v}), U::kGroups, s, e), {f.p}, {f.o});
  };
  // Groups in partition a: {0,1} {2} {3} {4:NULL}; b: {5,6} {7}.
  EXPECT_EQ(c("sum", B(K::kPreceding, 1), B(K::kCurrentRow)), "10,10,40,70,90,60,60,140");
  EXPECT_EQ(c("sum", B(K::kCurrentRow), B(K::kFollowing, 1)), "40,40,70,90,50,140,140,80");
  EXPECT_EQ(c("count", B(K::kPreceding, 2), B(K::kPreceding, 1)), "0,0,1,2,2,0,0,1");
  EXPECT_EQ(c("min", B(K::kFollowing, 1), B(K::kUnboundedFollowing)), "30,30,40,50,NULL,80,80,NULL");
  EXPECT_NE(Eval(Framed(Call("sum", {f.v}), U::kGroups, B(K::kPreceding, 1), B(K::kCurrentRow)), {f.p}, {})
                .find("ORDER BY"),
            std::string::npos);
}

TEST(Window, RangeOffsetsOnIntegers) {
  Fixture f;
  auto one = I64({1});
  auto c = [&](std::string name, WindowBound s, WindowBound e, SortKeyOrder o = {}) {
    return Eval(Framed(Call(name, {f.v}), U::kRange, s, e), {f.p}, {f.o}, {o});
  };
  // o: 1 1 2 4 N | 5 5 7. A NULL current row's frame is the NULL peers.
  EXPECT_EQ(c("sum", B(K::kPreceding, 0, one), B(K::kCurrentRow)), "10,10,40,40,50,60,60,80");
  EXPECT_EQ(c("sum", B(K::kPreceding, 0, I64({2})), B(K::kFollowing, 0, I64({2}))), "40,40,80,70,50,140,140,140");
  EXPECT_EQ(c("count", B(K::kUnboundedPreceding), B(K::kFollowing, 0, one)), "2,2,2,3,4,1,1,2");
  EXPECT_EQ(c("sum", B(K::kFollowing, 0, one), B(K::kFollowing, 0, I64({3}))), "70,70,40,NULL,50,80,80,NULL");
  // Descending keys: PRECEDING means larger values. Rows re-sorted: o = 4 2 1 1 (nulls last).
  auto o = I64({4, 2, 1, 1, std::nullopt});
  auto v = I64({40, 30, 10, 20, 50});
  EXPECT_EQ(Eval(Framed(Call("sum", {v}), U::kRange, B(K::kPreceding, 0, one), B(K::kCurrentRow)), {}, {o},
                 {{true, false}}),
            "40,30,60,60,50");
  EXPECT_EQ(Eval(Framed(Call("sum", {v}), U::kRange, B(K::kCurrentRow), B(K::kFollowing, 0, I64({2}))), {}, {o},
                 {{true, false}}),
            "70,60,30,30,50");
  // Nulls first with an offset start: the NULL rows are not in a non-NULL row's frame.
  auto onf = I64({std::nullopt, 1, 2});
  auto vnf = I64({5, 1, 2});
  EXPECT_EQ(Eval(Framed(Call("sum", {vnf}), U::kRange, B(K::kPreceding, 0, I64({10})), B(K::kCurrentRow)), {},
                 {onf}, {{false, true}}),
            "5,1,3");
  EXPECT_EQ(Eval(Framed(Call("sum", {vnf}), U::kRange, B(K::kUnboundedPreceding), B(K::kCurrentRow)), {},
                 {onf}, {{false, true}}),
            "5,6,8");
  // Decimal key with an integer offset compares exactly at the common scale.
  auto dk = Arr<int64_t>(decimal64(5, 2), {100, 150, 200, 301});
  auto dv = I64({1, 2, 3, 4});
  EXPECT_EQ(Eval(Framed(Call("sum", {dv}), U::kRange, B(K::kPreceding, 0, one), B(K::kCurrentRow)), {}, {dk}),
            "1,3,6,4");
  // Errors: negative / NULL offset, two order keys, unsupported key type.
  EXPECT_NE(c("sum", B(K::kPreceding, 0, I64({-1})), B(K::kCurrentRow)).find("invalid preceding"), std::string::npos);
  EXPECT_NE(c("sum", B(K::kPreceding, 0, I64({std::nullopt})), B(K::kCurrentRow)).find("Execution"),
            std::string::npos);
  EXPECT_NE(Eval(Framed(Call("sum", {f.v}), U::kRange, B(K::kPreceding, 0, one), B(K::kCurrentRow)), {f.p},
                 {f.o, f.o}),
            "");
  EXPECT_NE(Eval(Framed(Call("sum", {f.v}), U::kRange, B(K::kPreceding, 0, one), B(K::kCurrentRow)), {f.p},
                 {f.o, f.o})
                .find("exactly one ORDER BY"),
            std::string::npos);
  EXPECT_NE(Eval(Framed(Call("count"), U::kRange, B(K::kPreceding, 0, one), B(K::kCurrentRow)), {},
                 {Str({"a"})})
                .find("NotSupported"),
            std::string::npos);
}

struct Iv {
  int32_t months;
  int32_t days;
  int64_t nanos;
};

ArrayDataPtr Interval(Iv v) {
  ArrayBuilder b(interval());
  EXPECT_TRUE(b.AppendFixed(&v).ok());
  return *b.Finish();
}

TEST(Window, RangeOffsetsOnDatesAndTimestamps) {
  // 2024-01-31, 2024-02-29, 2024-03-01, 2024-03-31 (days since epoch).
  auto d = Arr<int32_t>(date32(), {19753, 19782, 19783, 19813});
  auto v = I64({1, 2, 3, 4});
  auto month = Interval({1, 0, 0});
  // 2024-03-31 - 1 month = 2024-02-29 (clamped); 2024-03-01 - 1 month = 2024-02-01.
  EXPECT_EQ(Eval(Framed(Call("sum", {v}), U::kRange, B(K::kPreceding, 0, month), B(K::kCurrentRow)), {}, {d}),
            "1,3,5,9");
  auto day = Interval({0, 1, 0});
  EXPECT_EQ(Eval(Framed(Call("count", {v}), U::kRange, B(K::kCurrentRow), B(K::kFollowing, 0, day)), {}, {d}),
            "1,2,1,1");
  // Sub-day offsets on dates compare at midnight: 12 hours reaches no other date.
  auto half = Interval({0, 0, 12LL * 3600 * 1000000000});
  EXPECT_EQ(Eval(Framed(Call("count", {v}), U::kRange, B(K::kPreceding, 0, half), B(K::kFollowing, 0, half)), {},
                 {d}),
            "1,1,1,1");
  auto ts = Arr<int64_t>(timestamp(TimeUnit::kMicro), {0, 1000000, 2500000, 3000000});
  auto sec = Interval({0, 0, 1000000000});
  EXPECT_EQ(Eval(Framed(Call("sum", {v}), U::kRange, B(K::kPreceding, 0, sec), B(K::kCurrentRow)), {}, {ts}),
            "1,3,3,7");
  auto tz = Arr<int64_t>(timestamp(TimeUnit::kMicro, "UTC"), {0});
  EXPECT_NE(Eval(Framed(Call("count"), U::kRange, B(K::kPreceding, 0, day), B(K::kCurrentRow)), {}, {tz})
                .find("NotSupported"),
            std::string::npos);
  EXPECT_NE(Eval(Framed(Call("count"), U::kRange, B(K::kPreceding, 0, I64({1})), B(K::kCurrentRow)), {}, {d})
                .find("interval"),
            std::string::npos);
}

TEST(Window, FloatAndDecimalSums) {
  auto f = F64({1e20, 1.0, -1e20, 2.0});
  auto sliding = Framed(Call("sum", {f}), U::kRows, B(K::kCurrentRow), B(K::kFollowing, 1));
  EXPECT_EQ(Eval(sliding, {}, {I64({1, 2, 3, 4})}), "1e+20,-1e+20,-1e+20,2");
  auto d = Arr<int64_t>(decimal64(10, 2), {150, std::nullopt, 251});
  EXPECT_EQ(Eval(Call("sum", {d}), {}, {}), "4.01,4.01,4.01");
  EXPECT_EQ(Eval(Call("avg", {d}), {}, {}), "2.005000,2.005000,2.005000");
  auto r = WindowFunctionReturnType("avg", {decimal64(10, 2)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->ToString(), "decimal(14,6)");
}

TEST(Window, IntegerSumOverflowIsExecutionError) {
  const int64_t big = std::numeric_limits<int64_t>::max();
  auto v = I64({big, 1});
  const std::string r = Eval(Call("sum", {v}), {}, {});
  EXPECT_NE(r.find("Execution"), std::string::npos) << r;
  // Intermediate prefixes may exceed int64 as long as each frame's sum fits.
  auto w = I64({big, big, -big});
  EXPECT_EQ(Eval(Framed(Call("sum", {w}), U::kRows, B(K::kCurrentRow), B(K::kCurrentRow)), {}, {}),
            "9223372036854775807,9223372036854775807,-9223372036854775807");
}

TEST(Window, MinMaxOfStringsAndDictionaryConstantInputs) {
  auto p = Dict(Str({"x", "y"}), {0, 0, 0, 1, 1});
  auto s = Str({"pear", "apple", std::nullopt, "fig", "date"});
  EXPECT_EQ(Eval(Call("min", {s}), {p}, {}), "apple,apple,apple,date,date");
  EXPECT_EQ(Eval(Call("max", {s}), {p}, {}), "pear,pear,pear,fig,fig");
  auto c = Const(I64({3}), 5);
  EXPECT_EQ(Eval(Call("sum", {c}), {p}, {}), "9,9,9,6,6");
  EXPECT_EQ(Eval(Call("rank"), {p}, {c}), "1,1,1,1,1");
}

TEST(Window, EmptyInputAndUnsupported) {
  auto e = I64({});
  for (const char* name : {"row_number", "rank", "cume_dist"}) {
    EXPECT_EQ(Eval(Call(name), {e}, {e}), "");
  }
  EXPECT_EQ(Eval(Call("sum", {e}), {e}, {e}), "");
  EXPECT_EQ(Eval(Call("lag", {e}), {e}, {e}), "");
  EXPECT_NE(Eval(Call("median", {I64({1})}), {}, {}).find("NotSupported"), std::string::npos);
  auto c = Call("sum", {I64({1})});
  c.ignore_nulls = true;
  EXPECT_NE(Eval(c, {}, {}).find("IGNORE NULLS"), std::string::npos);
}

TEST(WindowFunctionReturnType, TypesAndErrors) {
  EXPECT_EQ((*WindowFunctionReturnType("row_number", {}))->ToString(), "int64");
  EXPECT_EQ((*WindowFunctionReturnType("cume_dist", {}))->ToString(), "float64");
  EXPECT_EQ((*WindowFunctionReturnType("lag", {utf8(), int64(), utf8()}))->ToString(), "utf8");
  EXPECT_EQ((*WindowFunctionReturnType("sum", {int32()}))->ToString(), "int64");
  EXPECT_EQ((*WindowFunctionReturnType("sum", {float32()}))->ToString(), "float64");
  EXPECT_EQ((*WindowFunctionReturnType("sum", {decimal64(10, 2)}))->ToString(), "decimal(38,2)");
  EXPECT_EQ((*WindowFunctionReturnType("avg", {int64()}))->ToString(), "float64");
  EXPECT_EQ((*WindowFunctionReturnType("max", {date32()}))->ToString(), "date32");
  EXPECT_EQ((*WindowFunctionReturnType("count", {}))->ToString(), "int64");
  EXPECT_EQ(WindowFunctionReturnType("rank", {int64()}).status().code(), StatusCode::kPlan);
  EXPECT_EQ(WindowFunctionReturnType("sum", {utf8()}).status().code(), StatusCode::kPlan);
  EXPECT_EQ(WindowFunctionReturnType("ntile", {utf8()}).status().code(), StatusCode::kPlan);
  EXPECT_TRUE(IsWindowOnlyFunctionName("nth_value"));
  EXPECT_FALSE(IsWindowOnlyFunctionName("sum"));
}

}  // namespace
}  // namespace silt::sql
