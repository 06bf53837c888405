#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "../functions/function_test_util.h"
#include "silt/sql/kernels/aggregate.h"

namespace silt::sql {
namespace {

using functions::testing::Array;
using functions::testing::Constant;
using functions::testing::Dictionary;
using functions::testing::Int64s;
using functions::testing::Opt;
using functions::testing::Strings;
using functions::testing::Texts;
using Strs = std::vector<std::string>;
using Ids = std::vector<uint32_t>;
constexpr uint32_t S = kSkipRow;

/// A bound aggregate and its accumulator.
struct Agg {
  BoundAggregate bound;
  std::unique_ptr<GroupedAccumulator> acc;
  int64_t groups = 0;
};

Agg Make(const std::string& name, const std::vector<DataTypePtr>& types, bool distinct = false,
         const std::vector<AggregateOrderKey>& order_by = {},
         MemoryPool* pool = MemoryPool::Default()) {
  Agg agg;
  auto bound = BindAggregate(name, types, distinct, order_by);
  EXPECT_TRUE(bound.ok()) << bound.status().ToString();
  agg.bound = *bound;
  auto acc = agg.bound.make(pool);
  EXPECT_TRUE(acc.ok());
  agg.acc = acc.MoveValue();
  return agg;
}

/// Resizes to cover the ids, casts args to the bound types and updates.
Status Feed(Agg* agg, std::vector<ArrayDataPtr> args, const Ids& ids) {
  for (uint32_t id : ids) {
    if (id != S) agg->groups = std::max<int64_t>(agg->groups, id + 1);
  }
  SILT_RETURN_NOT_OK(agg->acc->Resize(agg->groups));
  for (size_t k = 0; k < args.size(); ++k) {
    SILT_ASSIGN_OR_RETURN(args[k], functions::Cast(functions::KernelContext(), args[k],
                                                   agg->bound.arg_types[k], false));
  }
  return agg->acc->Update(args, ids.data(), static_cast<int64_t>(ids.size()));
}

Strs Finish(Agg* agg) {
  auto out = agg->acc->Finalize();
  if (!out.ok()) return {"ERROR: " + out.status().message()};
  EXPECT_TRUE((*out)->type->Equals(*agg->bound.return_type))
      << (*out)->type->ToString() << " vs " << agg->bound.return_type->ToString();
  EXPECT_TRUE(ValidateArray(**out).ok()) << ValidateArray(**out).ToString();
  EXPECT_EQ((*out)->length, agg->groups);
  return Texts(*out);
}

/// One aggregate over one batch.
Strs RunAgg(const std::string& name, const std::vector<ArrayDataPtr>& args, const Ids& ids,
         bool distinct = false, const std::vector<AggregateOrderKey>& order_by = {}) {
  std::vector<DataTypePtr> types;
  for (const auto& a : args) types.push_back(a->type);
  Agg agg = Make(name, types, distinct, order_by);
  Status st = Feed(&agg, args, ids);
  if (!st.ok()) return {"ERROR: " + st.message()};
  return Finish(&agg);
}

TEST(AggregateTest, CountCountStarNullsAndSkippedRows) {
  auto x = Int64s({1, std::nullopt, 3, 4, std::nullopt});
  EXPECT_EQ(RunAgg("count", {x}, {0, 0, 1, S, 1}), (Strs{"1", "1"}));
  Agg star = Make("COUNT", {});
  ASSERT_TRUE(Feed(&star, {}, {0, 0, 1, S, 1, 2}).ok());
  EXPECT_EQ(Finish(&star), (Strs{"2", "2", "1"}));
  // Constant and dictionary inputs.
  EXPECT_EQ(RunAgg("count", {Constant(Int64s({std::nullopt}), 3)}, {0, 0, 1}), (Strs{"0", "0"}));
  EXPECT_EQ(RunAgg("count", {Constant(Int64s({7}), 3)}, {0, 0, 1}), (Strs{"2", "1"}));
  EXPECT_EQ(RunAgg("count", {Dictionary(x)}, {0, 0, 1, S, 1}), (Strs{"1", "1"}));
}

TEST(AggregateTest, EmptyInputGivesCountZeroAndNullSums) {
  Agg count = Make("count", {int64()});
  Agg sum = Make("sum", {int64()});
  for (Agg* a : {&count, &sum}) {
    ASSERT_TRUE(a->acc->Resize(2).ok());
    a->groups = 2;
    ASSERT_TRUE(a->acc->Update({Int64s({})}, nullptr, 0).ok());
  }
  EXPECT_EQ(Finish(&count), (Strs{"0", "0"}));
  EXPECT_EQ(Finish(&sum), (Strs{"NULL", "NULL"}));
  Agg none = Make("avg", {int32()});
  EXPECT_EQ(Finish(&none), (Strs{}));
}

TEST(AggregateTest, SumTypesAndOverflow) {
  EXPECT_EQ(RunAgg("sum", {Array<int32_t>(int32(), {1, 2, std::nullopt, 4})}, {0, 0, 1, 0}),
            (Strs{"7", "NULL"}));
  EXPECT_EQ(BindAggregate("sum", {int8()}, false)->return_type->ToString(), "int64");
  EXPECT_EQ(BindAggregate("sum", {uint64()}, false)->return_type->ToString(), "decimal(38,0)");
  EXPECT_EQ(RunAgg("sum", {Array<uint64_t>(uint64(), {UINT64_MAX, UINT64_MAX})}, {0, 0}),
            (Strs{"36893488147419103230"}));
  EXPECT_EQ(RunAgg("sum", {Array<double>(float64(), {0.5, 0.25})}, {0, 0}), (Strs{"0.75"}));
  const int64_t max = std::numeric_limits<int64_t>::max();
  auto r = RunAgg("sum", {Int64s({max, 1})}, {0, 0});
  EXPECT_EQ(r, (Strs{"ERROR: integer overflow in sum of int64"}));
  EXPECT_EQ(RunAgg("sum", {Int64s({max, 1, -5})}, {0, 1, 1}), (Strs{"9223372036854775807", "-4"}));
  // Dictionary and constant input.
  EXPECT_EQ(RunAgg("sum", {Dictionary(Int64s({5, 5, 6}))}, {0, 1, 1}), (Strs{"5", "11"}));
  EXPECT_EQ(RunAgg("sum", {Constant(Int64s({5}), 3)}, {0, S, 0}), (Strs{"10"}));
}

TEST(AggregateTest, DecimalSumIsExactAndOverflowIsAnError) {
  auto d = Array<int64_t>(decimal(10, 2), {125, -25, std::nullopt});
  EXPECT_EQ(BindAggregate("sum", {decimal(10, 2)}, false)->return_type->ToString(),
            "decimal(38,2)");
  EXPECT_EQ(RunAgg("sum", {d}, {0, 0, 0}), (Strs{"1.00"}));
  __int128 big = 1;
  for (int i = 0; i < 37; ++i) big *= 10;
  big *= 9;  // 9 * 10^37: 38 digits
  auto huge = Array<__int128>(decimal128(38, 0), {big, big});
  EXPECT_EQ(RunAgg("sum", {huge}, {0, 1}).size(), 2u);
  auto over = RunAgg("sum", {huge}, {0, 0});
  ASSERT_EQ(over.size(), 1u);
  EXPECT_NE(over[0].find("decimal overflow in sum"), std::string::npos) << over[0];
}

TEST(AggregateTest, AvgTypesAndDecimalScaleRule) {
  EXPECT_EQ(RunAgg("avg", {Int64s({1, 2, std::nullopt})}, {0, 0, 0}), (Strs{"1.5"}));
  auto bound = BindAggregate("avg", {decimal(10, 2)}, false);
  EXPECT_EQ(bound->return_type->ToString(), "decimal(14,6)");
  EXPECT_EQ(BindAggregate("avg", {decimal(36, 36)}, false)->return_type->ToString(),
            "decimal(38,38)");
  EXPECT_EQ(RunAgg("avg", {Array<int64_t>(decimal(10, 2), {100, 200, 200})}, {0, 0, 0}),
            (Strs{"1.666667"}));
  // 0.01 / 32 = 0.0003125 rounds half away from zero at scale 6.
  std::vector<Opt<int64_t>> v(32, 0);
  v[0] = 1;
  Ids ids(32, 0);
  EXPECT_EQ(RunAgg("avg", {Array<int64_t>(decimal(10, 2), v)}, ids), (Strs{"0.000313"}));
  v[0] = -1;
  EXPECT_EQ(RunAgg("avg", {Array<int64_t>(decimal(10, 2), v)}, ids), (Strs{"-0.000313"}));
}

TEST(AggregateTest, MinMaxOverTypes) {
  auto ints = Int64s({5, std::nullopt, -2, 9});
  EXPECT_EQ(RunAgg("min", {ints}, {0, 0, 0, 1}), (Strs{"-2", "9"}));
  EXPECT_EQ(RunAgg("max", {ints}, {0, 0, 0, S}), (Strs{"5"}));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto floats = Array<double>(float64(), {1.0, nan, -3.0});
  EXPECT_EQ(RunAgg("max", {floats}, {0, 0, 0}), (Strs{"NaN"}));
  EXPECT_EQ(RunAgg("min", {floats}, {0, 0, 0}), (Strs{"-3"}));
  auto strs = Strings({"pear", std::nullopt, "apple", "\xc3\xa9", "zoo"});
  EXPECT_EQ(RunAgg("min", {strs}, {0, 0, 0, 1, 1}), (Strs{"apple", "zoo"}));
  EXPECT_EQ(RunAgg("max", {strs}, {0, 0, 0, 1, 1}), (Strs{"pear", "\xc3\xa9"}));
  EXPECT_EQ(RunAgg("max", {Dictionary(strs)}, {0, 0, 0, 1, 1}), (Strs{"pear", "\xc3\xa9"}));
  EXPECT_EQ(RunAgg("min", {Constant(Strings({"k"}), 2)}, {1, 1}), (Strs{"NULL", "k"}));
  EXPECT_EQ(RunAgg("max", {Array<int32_t>(date32(), {1, 19000})}, {0, 0}), (Strs{"2022-01-08"}));
  EXPECT_EQ(RunAgg("min", {Array<__int128>(decimal128(30, 1), {-5, 7})}, {0, 0}), (Strs{"-0.5"}));
  EXPECT_EQ(RunAgg("max", {Array<bool>(boolean(), {false, true})}, {0, 0}), (Strs{"true"}));
  EXPECT_EQ(RunAgg("min", {Array<bool>(boolean(), {false, true})}, {0, 0}), (Strs{"false"}));
  EXPECT_EQ(RunAgg("any_value", {Int64s({std::nullopt, 4})}, {0, 0}), (Strs{"4"}));
  // Growing strings force slot moves; many updates force arena compaction.
  std::vector<Opt<std::string>> grow;
  Ids ids;
  for (int i = 0; i < 3000; ++i) {
    grow.push_back(std::string(static_cast<size_t>(i % 700), static_cast<char>('a' + i % 26)));
    ids.push_back(static_cast<uint32_t>(i % 3));
  }
  auto r = RunAgg("max", {Strings(grow)}, ids);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].substr(0, 1), "z");
}

TEST(AggregateTest, VarianceFamily) {
  auto x = Int64s({1, 2, 3, 4, 10, std::nullopt});
  Ids ids = {0, 0, 0, 0, 1, 1};
  EXPECT_EQ(RunAgg("var_samp", {x}, ids), (Strs{"1.6666666666666667", "NULL"}));
  EXPECT_EQ(RunAgg("variance", {x}, ids), (Strs{"1.6666666666666667", "NULL"}));
  EXPECT_EQ(RunAgg("var_pop", {x}, ids), (Strs{"1.25", "0"}));
  EXPECT_EQ(RunAgg("stddev", {x}, ids), (Strs{"1.2909944487358056", "NULL"}));
  EXPECT_EQ(RunAgg("stddev_pop", {x}, ids), (Strs{"1.118033988749895", "0"}));
  EXPECT_EQ(BindAggregate("stddev", {decimal(10, 2)}, false)->arg_types[0]->ToString(),
            "float64");
}

TEST(AggregateTest, BoolAndOr) {
  auto b = Array<bool>(boolean(), {true, false, std::nullopt, true, std::nullopt});
  EXPECT_EQ(RunAgg("bool_and", {b}, {0, 0, 1, 1, 2}), (Strs{"false", "true", "NULL"}));
  EXPECT_EQ(RunAgg("every", {b}, {0, 0, 1, 1, 2}), (Strs{"false", "true", "NULL"}));
  EXPECT_EQ(RunAgg("bool_or", {b}, {0, 0, 1, 1, 2}), (Strs{"true", "true", "NULL"}));
}

TEST(AggregateTest, StringAggAndArrayAgg) {
  auto v = Strings({"a", std::nullopt, "b", "c", "d"});
  auto sep = Strings({"-", "+", "|", std::nullopt, ";"});
  EXPECT_EQ(RunAgg("string_agg", {v, sep}, {0, 0, 0, 1, 1}), (Strs{"a|b", "c;d"}));
  EXPECT_EQ(RunAgg("group_concat", {v}, {0, 0, 0, 1, S}), (Strs{"a,b", "c"}));
  EXPECT_EQ(RunAgg("listagg", {v, sep}, {0, 1, 0, 0, 0}), (Strs{"a|bc;d", "NULL"}));
  EXPECT_EQ(RunAgg("array_agg", {v}, {0, 0, 0, 1, 1}), (Strs{"[\"a\",null,\"b\"]", "[\"c\",\"d\"]"}));
  EXPECT_EQ(RunAgg("array_agg", {Int64s({1, 2, 3})}, {1, S, 1}), (Strs{"NULL", "[1,3]"}));
  // ORDER BY keys follow the arguments.
  auto key = Int64s({3, 1, std::nullopt, 2, 5});
  EXPECT_EQ(RunAgg("string_agg", {v, sep, key}, {0, 0, 0, 0, 0}, false, {{true, false}}),
            (Strs{"d-ac|b"}));
  EXPECT_EQ(RunAgg("array_agg", {v, key}, {0, 0, 0, 1, 1}, false, {{false, true}}),
            (Strs{"[\"b\",null,\"a\"]", "[\"c\",\"d\"]"}));
  EXPECT_EQ(RunAgg("array_agg", {v, key}, {0, 0, 0, 1, 1}, false, {{true, false}}),
            (Strs{"[\"a\",null,\"b\"]", "[\"d\",\"c\"]"}));
  EXPECT_EQ(BindAggregate("array_agg", {int32()}, false)->return_type->ToString(),
            "list<int32>");
}

TEST(AggregateTest, DistinctDedupesPerGroup) {
  auto x = Int64s({1, 1, 2, std::nullopt, 2, 1, 3});
  Ids ids = {0, 0, 0, 0, 1, 1, S};
  EXPECT_EQ(RunAgg("count", {x}, ids, true), (Strs{"2", "2"}));
  EXPECT_EQ(RunAgg("sum", {x}, ids, true), (Strs{"3", "3"}));
  EXPECT_EQ(RunAgg("array_agg", {x}, ids, true), (Strs{"[1,2,null]", "[2,1]"}));
  EXPECT_EQ(RunAgg("string_agg", {Strings({"x", "x", "y"}), Strings({",", ",", ","})}, {0, 0, 0},
                true),
            (Strs{"x,y"}));
  // Across batches.
  Agg agg = Make("count", {int64()}, true);
  ASSERT_TRUE(Feed(&agg, {Int64s({1, 2})}, {0, 0}).ok());
  ASSERT_TRUE(Feed(&agg, {Int64s({2, 3, 1})}, {0, 0, 1}).ok());
  EXPECT_EQ(Finish(&agg), (Strs{"3", "1"}));
}

TEST(AggregateTest, MergeCombinesPartialStates) {
  struct Case {
    std::string name;
    bool distinct;
    std::vector<ArrayDataPtr> a, b;
    Strs expected;
  };
  std::vector<Case> cases = {
      {"sum", false, {Int64s({1, 2})}, {Int64s({10, 20, 30})}, {"11", "52"}},
      {"count", true, {Int64s({1, 2})}, {Int64s({1, 2, 2})}, {"1", "1"}},
      {"min", false, {Strings({"m", "b"})}, {Strings({"a", "c", "z"})}, {"a", "b"}},
      {"max", false, {Array<double>(float64(), {1, 2})}, {Array<double>(float64(), {3, 0, 1})},
       {"3", "2"}},
      {"var_pop", false, {Int64s({1, 2})}, {Int64s({3, 4, 6})}, {"1", "2.6666666666666665"}},
      {"string_agg", false, {Strings({"a", "b"}), Strings({",", ","})},
       {Strings({"c", "d", "e"}), Strings({",", ",", ","})}, {"a,c", "b,d,e"}},
      {"approx_distinct", false, {Int64s({1, 2})}, {Int64s({1, 3, 2})}, {"1", "2"}},
      {"bool_or", false, {Array<bool>(boolean(), {false, false})},
       {Array<bool>(boolean(), {true, false, false})}, {"true", "false"}},
  };
  for (auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<DataTypePtr> types;
    for (const auto& a : c.a) types.push_back(a->type);
    Agg final_agg = Make(c.name, types, c.distinct);
    Agg partial = Make(c.name, types, c.distinct);
    ASSERT_TRUE(Feed(&final_agg, c.a, {0, 1}).ok());
    // The partial's group 0 is the final's group 1 and vice versa.
    ASSERT_TRUE(Feed(&partial, c.b, {1, 0, 0}).ok());
    const uint32_t map[] = {1, 0};
    ASSERT_TRUE(final_agg.acc->Merge(*partial.acc, map).ok());
    EXPECT_EQ(Finish(&final_agg), c.expected);
  }
}

TEST(AggregateTest, ApproxDistinctIsWithinTwoPercent) {
  for (int64_t n : {10, 1000, 30000, 1000000}) {
    Agg agg = Make("approx_distinct", {int64()});
    const int64_t batch = 65536;
    std::vector<uint32_t> ids(static_cast<size_t>(batch), 0);
    for (int64_t start = 0; start < n; start += batch) {
      const int64_t len = std::min(batch, n - start);
      std::vector<Opt<int64_t>> values;
      for (int64_t i = 0; i < len; ++i) values.push_back((start + i) * 7 + 3);
      ids.resize(static_cast<size_t>(len));
      ASSERT_TRUE(Feed(&agg, {Int64s(values)}, ids).ok());
      if (start == 0) {
        ASSERT_TRUE(Feed(&agg, {Int64s(values)}, ids).ok());  // duplicates
      }
    }
    auto out = Finish(&agg);
    const double estimate = std::stod(out[0]);
    EXPECT_NEAR(estimate, static_cast<double>(n), 0.02 * static_cast<double>(n)) << n;
  }
  EXPECT_EQ(RunAgg("approx_distinct", {Strings({"a", "b", std::nullopt, "a"})}, {0, 0, 0, 0}),
            (Strs{"2"}));
  EXPECT_EQ(RunAgg("approx_distinct", {Int64s({std::nullopt})}, {0}), (Strs{"0"}));
}

TEST(AggregateTest, PoolLimitIsResourcesExhausted) {
  MemoryPool pool("limited", 4 << 20);
  Agg agg = Make("approx_distinct", {int64()}, false, {}, &pool);
  std::vector<Opt<int64_t>> values;
  Ids ids;
  for (uint32_t i = 0; i < 1000; ++i) {
    values.push_back(i);
    ids.push_back(i);
  }
  Status st = Feed(&agg, {Int64s(values)}, ids);
  EXPECT_EQ(st.code(), StatusCode::kResourcesExhausted) << st.ToString();
}

TEST(AggregateTest, BindingErrorsAndNames) {
  auto r = BindAggregate("sum", {utf8()}, false);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kPlan);
  EXPECT_NE(r.status().message().find("sum(utf8)"), std::string::npos) << r.status().message();
  auto unknown = BindAggregate("summ", {int64()}, false);
  EXPECT_EQ(unknown.status().code(), StatusCode::kPlan);
  EXPECT_NE(unknown.status().message().find("did you mean sum"), std::string::npos)
      << unknown.status().message();
  EXPECT_FALSE(BindAggregate("count", {int64(), int64()}, false).ok());
  EXPECT_TRUE(IsAggregateFunctionName("EVERY"));
  EXPECT_TRUE(IsAggregateFunctionName("approx_count_distinct"));
  EXPECT_FALSE(IsAggregateFunctionName("upper"));
  auto names = AggregateFunctionNames();
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_NE(std::find(names.begin(), names.end(), "group_concat"), names.end());
  EXPECT_EQ(BindAggregate("Variance", {int64()}, false)->name, "var_samp");
}

}  // namespace
}  // namespace silt::sql
