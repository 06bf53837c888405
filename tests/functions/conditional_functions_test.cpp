#include <gtest/gtest.h>

#include "function_test_util.h"

namespace silt::functions {
namespace {

using testing::Array;
using testing::Call;
using testing::CallTexts;
using testing::Constant;
using testing::Dictionary;
using testing::Eval;
using testing::Int64s;
using testing::Strings;
using Strs = std::vector<std::string>;

TEST(ConditionalFunctionsTest, Coalesce) {
  auto a = Int64s({1, std::nullopt, std::nullopt});
  auto b = Array<int32_t>(int32(), {10, 20, std::nullopt});
  EXPECT_EQ(CallTexts("coalesce", {a, b}), (Strs{"1", "20", "NULL"}));
  EXPECT_EQ(CallTexts("coalesce", {a, b, Constant(Int64s({0}), 3)}), (Strs{"1", "20", "0"}));
  EXPECT_EQ(CallTexts("coalesce", {Dictionary(a), Constant(Int64s({7}), 3)}), (Strs{"1", "7", "7"}));
  EXPECT_EQ(CallTexts("ifnull", {Strings({std::nullopt, "x"}), Strings({"y", "z"})}), (Strs{"y", "x"}));
  EXPECT_EQ(CallTexts("nvl", {Strings({std::nullopt}), Strings({std::nullopt})}), (Strs{"NULL"}));
  auto r = Call("coalesce", {a, Array<double>(float64(), {0.5, 1.5, 2.5})});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->type->ToString(), "float64");
  EXPECT_EQ(testing::Texts(*r), (Strs{"1", "1.5", "2.5"}));
  EXPECT_EQ(Eval("coalesce", {{decimal(5, 2), std::nullopt}, {int32(), "3"}}), "3.00");
  EXPECT_EQ(Eval("coalesce", {{null(), std::nullopt}, {date32(), "2024-01-01"}}), "2024-01-01");
  EXPECT_FALSE(FunctionRegistry::Default().BindScalar("coalesce", {utf8(), int64()}).ok());
}

TEST(ConditionalFunctionsTest, NullIf) {
  EXPECT_EQ(CallTexts("nullif", {Int64s({1, 2, std::nullopt}), Int64s({1, 3, 1})}), (Strs{"NULL", "2", "NULL"}));
  EXPECT_EQ(CallTexts("nullif", {Strings({"a", "b"}), Constant(Strings({"a"}), 2)}), (Strs{"NULL", "b"}));
  EXPECT_EQ(Eval("nullif", {{int64(), "5"}, {int64(), std::nullopt}}), "5");
  EXPECT_EQ(Eval("nullif", {{decimal(5, 2), "1.50"}, {float64(), "1.5"}}), "NULL");
  EXPECT_EQ(Eval("nullif", {{float64(), "NaN"}, {float64(), "NaN"}}), "NULL");
}

TEST(ConditionalFunctionsTest, GreatestAndLeastSkipNulls) {
  auto a = Int64s({1, std::nullopt, 5, std::nullopt});
  auto b = Int64s({3, 2, std::nullopt, std::nullopt});
  EXPECT_EQ(CallTexts("greatest", {a, b}), (Strs{"3", "2", "5", "NULL"}));
  EXPECT_EQ(CallTexts("least", {a, b}), (Strs{"1", "2", "5", "NULL"}));
  EXPECT_EQ(CallTexts("greatest", {a, Constant(Int64s({4}), 4)}), (Strs{"4", "4", "5", "4"}));
  EXPECT_EQ(CallTexts("least", {Strings({"b", "ä"}), Strings({"a", "z"})}), (Strs{"a", "z"}));
  EXPECT_EQ(Eval("greatest", {{float64(), "1"}, {float64(), "NaN"}}), "NaN");
  EXPECT_EQ(Eval("greatest", {{int32(), "1"}, {decimal(5, 2), "1.50"}, {int64(), "-3"}}), "1.50");
  EXPECT_EQ(Eval("least", {{date32(), "2024-01-01"}, {timestamp(TimeUnit::kMicro), "2023-12-31 23:00:00"}}),
            "2023-12-31 23:00:00");
  EXPECT_EQ(Eval("greatest", {{interval(), "1 month"}, {interval(), "29 days"}}), "P1M");
  EXPECT_EQ(Eval("greatest", {{boolean(), "false"}, {boolean(), "true"}}), "true");
}

}  // namespace
}  // namespace silt::functions

namespace silt::functions {
namespace {

using testing::CallTexts;
using testing::Constant;
using testing::Eval;
using testing::Int64s;
using testing::Strings;
using Strs = std::vector<std::string>;

TEST(ComparisonFunctionsTest, OperatorsCoerceAndPropagateNulls) {
  auto a = Int64s({1, 2, std::nullopt, 4});
  auto b = testing::Array<double>(float64(), {1.0, 2.5, 3.0, std::nullopt});
  EXPECT_EQ(CallTexts("=", {a, b}), (Strs{"true", "false", "NULL", "NULL"}));
  EXPECT_EQ(CallTexts("<>", {a, b}), (Strs{"false", "true", "NULL", "NULL"}));
  EXPECT_EQ(CallTexts("<", {a, b}), (Strs{"false", "true", "NULL", "NULL"}));
  EXPECT_EQ(CallTexts(">=", {a, Constant(Int64s({2}), 4)}), (Strs{"false", "true", "NULL", "true"}));
  EXPECT_EQ(CallTexts("<=", {a, Constant(Int64s({2}), 4)}), (Strs{"true", "true", "NULL", "false"}));
  EXPECT_EQ(CallTexts(">", {a, Constant(Int64s({2}), 4)}), (Strs{"false", "false", "NULL", "true"}));
  EXPECT_EQ(CallTexts("is_distinct_from", {a, b}), (Strs{"false", "true", "true", "true"}));
  EXPECT_EQ(CallTexts("is_not_distinct_from", {Int64s({std::nullopt, 1}), Int64s({std::nullopt, 2})}),
            (Strs{"true", "false"}));
  EXPECT_EQ(Eval("=", {{decimal(10, 2), "1.50"}, {decimal(5, 3), "1.500"}}), "true");
  EXPECT_EQ(Eval("<", {{date32(), "2024-01-01"}, {timestamp(TimeUnit::kMicro), "2024-01-01 00:00:01"}}), "true");
  EXPECT_EQ(Eval(">", {{utf8(), "é"}, {utf8(), "z"}}), "true");  // byte-wise UTF-8 order
  EXPECT_EQ(Eval("=", {{float64(), "NaN"}, {float64(), "NaN"}}), "true");
  EXPECT_EQ(Eval(">", {{float64(), "NaN"}, {float64(), "inf"}}), "true");
  EXPECT_EQ(Eval("=", {{interval(), "1 month"}, {interval(), "30 days"}}), "true");
  EXPECT_EQ(Eval("=", {{int64(), "-1"}, {uint64(), "18446744073709551615"}}), "false");
  EXPECT_FALSE(FunctionRegistry::Default().BindScalar("=", {utf8(), int64()}).ok());
  EXPECT_EQ(testing::CheckEncodings("=", Strings({"a", "b", std::nullopt, "a"}), {Strings({"a"})}),
            (Strs{"true", "false", "NULL", "true"}));
}

TEST(ComparisonFunctionsTest, ThreeValuedLogic) {
  auto t = testing::Array<bool>(boolean(), {true, true, true, false, false, false, std::nullopt, std::nullopt, std::nullopt});
  auto u = testing::Array<bool>(boolean(), {true, false, std::nullopt, true, false, std::nullopt, true, false, std::nullopt});
  EXPECT_EQ(CallTexts("and", {t, u}),
            (Strs{"true", "false", "NULL", "false", "false", "false", "NULL", "false", "NULL"}));
  EXPECT_EQ(CallTexts("or", {t, u}),
            (Strs{"true", "true", "true", "true", "false", "NULL", "true", "NULL", "NULL"}));
  EXPECT_EQ(CallTexts("not", {u}),
            (Strs{"false", "true", "NULL", "false", "true", "NULL", "false", "true", "NULL"}));
  EXPECT_EQ(CallTexts("is_null", {u}),
            (Strs{"false", "false", "true", "false", "false", "true", "false", "false", "true"}));
  EXPECT_EQ(CallTexts("is_not_null", {testing::Dictionary(Strings({"x", std::nullopt}))}), (Strs{"true", "false"}));
  EXPECT_EQ(CallTexts("and", {t, Constant(testing::Array<bool>(boolean(), {std::nullopt}), 9)}),
            (Strs{"NULL", "NULL", "NULL", "false", "false", "false", "NULL", "NULL", "NULL"}));
}

}  // namespace
}  // namespace silt::functions
