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
