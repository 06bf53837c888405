#include "silt/functions/function_registry.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "function_test_util.h"
#include "silt/functions/kernel_util.h"

namespace silt::functions {
namespace {

TEST(FunctionRegistryTest, NamesAreCaseInsensitiveWithAliases) {
  const auto& r = FunctionRegistry::Default();
  for (const char* name : {"UPPER", "Upper", "upper", "ucase"}) {
    auto b = r.BindScalar(name, {utf8()});
    ASSERT_TRUE(b.ok()) << name;
    EXPECT_EQ(b->name, "upper");
  }
  EXPECT_EQ(r.BindScalar("CHARACTER_LENGTH", {utf8()})->name, "length");
  EXPECT_EQ(r.BindScalar("Substring", {utf8(), int32()})->name, "substr");
  EXPECT_EQ(r.BindScalar("extract", {utf8(), date32()})->name, "date_part");
  auto names = r.ScalarFunctionNames();
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_GT(names.size(), 80u);
  for (const auto& n : names) {
    const ScalarFunctionDef* def = r.Find(n);
    ASSERT_NE(def, nullptr) << n;
    EXPECT_FALSE(def->description.empty()) << n;
    EXPECT_FALSE(def->example.empty()) << n;
    for (const auto& alias : def->aliases) EXPECT_EQ(r.Find(alias), def) << alias;
  }
}

TEST(FunctionRegistryTest, ArgumentCastsAreReported) {
  auto b = FunctionRegistry::Default().BindScalar("substr", {utf8(), int32(), int8()});
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b->arg_types.size(), 3u);
  EXPECT_EQ(b->arg_types[1]->ToString(), "int64");
  EXPECT_EQ(b->arg_types[2]->ToString(), "int64");
  EXPECT_EQ(b->return_type->ToString(), "utf8");
  EXPECT_TRUE(b->deterministic);
}

TEST(FunctionRegistryTest, ErrorsNameTheFunctionAndTypes) {
  const auto& r = FunctionRegistry::Default();
  auto unknown = r.BindScalar("uper", {utf8()});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kPlan);
  EXPECT_EQ(unknown.status().message(), "unknown function 'uper'; did you mean upper?");
  auto mismatch = r.BindScalar("substr", {int64()});
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.status().message(),
            "no function matches substr(int64); candidates: substr(utf8, int64) -> utf8, "
            "substr(utf8, int64, int64) -> utf8");
}

TEST(FunctionRegistryTest, UserFunctionsUseTheSameInterface) {
  FunctionRegistry registry;
  ASSERT_TRUE(RegisterBuiltinFunctions(&registry).ok());
  ScalarKernel twice = [](const KernelContext& ctx, const std::vector<ArrayDataPtr>& args,
                          int64_t n) -> Result<ArrayDataPtr> {
    internal::FixedArg<int64_t> x(*args[0]);
    return internal::MapFixedRows<int64_t>(ctx, args, n, int64(), [&](int64_t i, int64_t* out) {
      *out = 2 * x[i];
      return Status::OK();
    });
  };
  ScalarFunctionDef def{"twice", {"double_it"}, "Doubles.", "twice(2) -> 4",
                        {internal::FixedOverload("twice", {int64()}, int64(), twice)}};
  ASSERT_TRUE(registry.Register(def).ok());
  EXPECT_EQ(registry.Register(def).code(), StatusCode::kInvalidArgument);  // duplicate
  ScalarFunctionDef clash{"new_name", {"UPPER"}, "x", "x", def.overloads};
  EXPECT_EQ(registry.Register(clash).code(), StatusCode::kInvalidArgument);
  auto bound = registry.BindScalar("DOUBLE_IT", {int32()});
  ASSERT_TRUE(bound.ok());
  KernelContext ctx;
  auto arg = *Cast(ctx, testing::Array<int32_t>(int32(), {3, std::nullopt}), bound->arg_types[0], false);
  auto out = bound->kernel(ctx, {testing::Dictionary(arg)}, 2);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(testing::Texts(*out), (std::vector<std::string>{"6", "NULL"}));
  EXPECT_FALSE(FunctionRegistry::Default().Find("twice"));
}

}  // namespace
}  // namespace silt::functions
