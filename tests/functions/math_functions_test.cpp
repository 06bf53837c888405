#include <gtest/gtest.h>

#include <limits>

#include "function_test_util.h"

namespace silt::functions {
namespace {

using testing::Array;
using testing::Call;
using testing::CallTexts;
using testing::CheckEncodings;
using testing::Eval;
using testing::Int64s;
using Strs = std::vector<std::string>;

const auto f64 = float64();

TEST(MathFunctionsTest, FloatFunctions) {
  EXPECT_EQ(Eval("sqrt", {{f64, "2"}}), "1.4142135623730951");
  EXPECT_EQ(Eval("sqrt", {{int64(), "16"}}), "4");  // integers cast to float64
  EXPECT_EQ(Eval("sqrt", {{decimal(5, 2), "2.25"}}), "1.5");
  EXPECT_EQ(Eval("sqrt", {{f64, "-1"}}), "ERROR: sqrt(-1): cannot take square root of a negative number");
  EXPECT_EQ(Eval("cbrt", {{f64, "-8"}}), "-2");
  EXPECT_EQ(Eval("exp", {{f64, "0"}}), "1");
  EXPECT_EQ(Eval("exp", {{f64, "1000"}}), "ERROR: exp(1000): value out of range: overflow");
  EXPECT_EQ(Eval("ln", {{f64, "1"}}), "0");
  EXPECT_EQ(Eval("ln", {{f64, "0"}}), "ERROR: ln(0): cannot take logarithm of zero");
  EXPECT_EQ(Eval("ln", {{f64, "-1"}}), "ERROR: ln(-1): cannot take logarithm of a negative number");
  EXPECT_EQ(Eval("log", {{f64, "1000"}}), "3");
  EXPECT_EQ(Eval("log10", {{f64, "1000"}}), "3");
  EXPECT_EQ(Eval("log2", {{int32(), "1024"}}), "10");
  EXPECT_EQ(Eval("log", {{f64, "2"}, {f64, "8"}}), "3");
  EXPECT_EQ(Eval("log", {{f64, "1"}, {f64, "8"}}), "ERROR: log(1, 8): division by zero");
  EXPECT_EQ(Eval("power", {{f64, "2"}, {f64, "10"}}), "1024");
  EXPECT_EQ(Eval("pow", {{int64(), "2"}, {int64(), "-1"}}), "0.5");
  EXPECT_EQ(Eval("power", {{f64, "0"}, {f64, "-1"}}),
            "ERROR: power(0, -1): zero raised to a negative power is undefined");
  EXPECT_EQ(Eval("power", {{f64, "-8"}, {f64, "0.5"}}),
            "ERROR: power(-8, 0.5): a negative number raised to a non-integer power yields a complex result");
  EXPECT_EQ(Eval("power", {{f64, "-2"}, {f64, "3"}}), "-8");
  EXPECT_EQ(Eval("sin", {{f64, "0"}}), "0");
  EXPECT_EQ(Eval("cos", {{f64, "0"}}), "1");
  EXPECT_EQ(Eval("tan", {{f64, "0"}}), "0");
  EXPECT_EQ(Eval("cot", {{f64, "1"}}), "0.6420926159343306");
  EXPECT_EQ(Eval("asin", {{f64, "1"}}), "1.5707963267948966");
  EXPECT_EQ(Eval("acos", {{f64, "2"}}), "ERROR: acos(2): input is out of range");
  EXPECT_EQ(Eval("atan", {{f64, "1"}}), "0.7853981633974483");
  EXPECT_EQ(Eval("atan2", {{f64, "1"}, {f64, "-1"}}), "2.356194490192345");
  EXPECT_EQ(Eval("degrees", {{f64, "3.141592653589793"}}), "180");
  EXPECT_EQ(Eval("radians", {{f64, "180"}}), "3.141592653589793");
  EXPECT_EQ(Eval("pi", {}), "3.141592653589793");
  EXPECT_EQ(Eval("isnan", {{f64, "NaN"}}), "true");
  EXPECT_EQ(Eval("sqrt", {{f64, std::nullopt}}), "NULL");
}

TEST(MathFunctionsTest, NullRowsNeverRaiseDomainErrors) {
  auto a = Array<double>(f64, {4.0, std::nullopt});
  // The NULL slot's stored value is 0, which ln rejects; the row is NULL, so no error.
  EXPECT_EQ(CallTexts("ln", {a}), (Strs{"1.3862943611198906", "NULL"}));
  EXPECT_EQ(CheckEncodings("sqrt", Array<double>(f64, {4.0, std::nullopt, 9.0, 4.0})),
            (Strs{"2", "NULL", "3", "2"}));
}

TEST(MathFunctionsTest, RandomIsNondeterministicAndInRange) {
  auto bound = FunctionRegistry::Default().BindScalar("random", {});
  ASSERT_TRUE(bound.ok());
  EXPECT_FALSE(bound->deterministic);
  KernelContext ctx;
  ctx.random_seed = 42;
  auto a = bound->kernel(ctx, {}, 1000);
  auto b = bound->kernel(ctx, {}, 1000);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ((*a)->encoding, Encoding::kPlain);
  EXPECT_EQ(testing::Texts(*a), testing::Texts(*b));  // same seed, same stream
  const double* v = (*a)->values<double>();
  bool distinct = false;
  for (int i = 0; i < 1000; ++i) {
    EXPECT_GE(v[i], 0.0);
    EXPECT_LT(v[i], 1.0);
    distinct |= v[i] != v[0];
  }
  EXPECT_TRUE(distinct);
}

TEST(RoundingFunctionsTest, Integers) {
  EXPECT_EQ(Eval("abs", {{int32(), "-5"}}), "5");
  EXPECT_EQ(Eval("abs", {{int64(), "-9223372036854775808"}}),
            "ERROR: abs(-9223372036854775808): int64 overflow");
  EXPECT_EQ(Eval("abs", {{int8(), "-128"}}), "ERROR: abs(-128): int8 overflow");
  EXPECT_EQ(Eval("sign", {{int64(), "-7"}}), "-1");
  EXPECT_EQ(Eval("sign", {{int64(), "0"}}), "0");
  EXPECT_EQ(Eval("round", {{int64(), "1234"}}), "1234");
  EXPECT_EQ(Eval("round", {{int64(), "1250"}, {int64(), "-2"}}), "1300");
  EXPECT_EQ(Eval("round", {{int64(), "-1250"}, {int64(), "-2"}}), "-1300");
  EXPECT_EQ(Eval("trunc", {{int64(), "-1299"}, {int64(), "-2"}}), "-1200");
  EXPECT_EQ(Eval("round", {{int8(), "125"}, {int64(), "-1"}}), "ERROR: round(125): int8 overflow");
  EXPECT_EQ(Eval("ceil", {{int32(), "7"}}), "7");
  auto r = Call("abs", {Array<uint32_t>(uint32(), {7})});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->type->ToString(), "int64");
}

TEST(RoundingFunctionsTest, Floats) {
  EXPECT_EQ(Eval("round", {{f64, "2.5"}}), "3");
  EXPECT_EQ(Eval("round", {{f64, "-2.5"}}), "-3");
  EXPECT_EQ(Eval("round", {{f64, "2.345"}, {int64(), "2"}}), "2.35");
  EXPECT_EQ(Eval("round", {{f64, "1234.5"}, {int64(), "-2"}}), "1200");
  EXPECT_EQ(Eval("round", {{f64, "1e300"}, {int64(), "5"}}), "1e+300");
  EXPECT_EQ(Eval("ceil", {{f64, "1.2"}}), "2");
  EXPECT_EQ(Eval("ceiling", {{f64, "-1.2"}}), "-1");
  EXPECT_EQ(Eval("floor", {{f64, "-1.2"}}), "-2");
  EXPECT_EQ(Eval("trunc", {{f64, "-1.7"}}), "-1");
  EXPECT_EQ(Eval("trunc", {{f64, "1.789"}, {int64(), "1"}}), "1.7");
  EXPECT_EQ(Eval("abs", {{float32(), "-1.5"}}), "1.5");
  EXPECT_EQ(Eval("sign", {{f64, "-0.5"}}), "-1");
  EXPECT_EQ(Eval("round", {{f64, "NaN"}}), "NaN");
}

TEST(RoundingFunctionsTest, DecimalsAreExact) {
  const auto d = decimal(10, 3);
  auto type_of = [](const std::string& fn, std::vector<ArrayDataPtr> args) {
    auto r = Call(fn, args);
    return r.ok() ? (*r)->type->ToString() : r.status().ToString();
  };
  auto x = testing::FromText(d, "-12.345");
  EXPECT_EQ(type_of("round", {x}), "decimal(8,0)");
  EXPECT_EQ(type_of("round", {x, Int64s({1})}), "decimal(11,3)");
  EXPECT_EQ(type_of("trunc", {x}), "decimal(7,0)");
  EXPECT_EQ(type_of("sign", {x}), "decimal(1,0)");
  EXPECT_EQ(type_of("abs", {x}), "decimal(10,3)");
  EXPECT_EQ(Eval("round", {{d, "-12.345"}}), "-12");
  EXPECT_EQ(Eval("round", {{d, "-12.5"}}), "-13");
  EXPECT_EQ(Eval("round", {{d, "12.345"}, {int64(), "2"}}), "12.350");
  EXPECT_EQ(Eval("round", {{d, "-12.345"}, {int64(), "2"}}), "-12.350");
  EXPECT_EQ(Eval("round", {{d, "15.000"}, {int64(), "-1"}}), "20.000");
  EXPECT_EQ(Eval("round", {{d, "12.345"}, {int64(), "-5"}}), "0.000");
  EXPECT_EQ(Eval("round", {{decimal(4, 2), "99.99"}}), "100");
  EXPECT_EQ(Eval("ceil", {{d, "-12.345"}}), "-12");
  EXPECT_EQ(Eval("floor", {{d, "-12.345"}}), "-13");
  EXPECT_EQ(Eval("ceil", {{d, "12.001"}}), "13");
  EXPECT_EQ(Eval("trunc", {{d, "-12.999"}}), "-12");
  EXPECT_EQ(Eval("trunc", {{d, "-12.999"}, {int64(), "1"}}), "-12.900");
  EXPECT_EQ(Eval("abs", {{d, "-12.345"}}), "12.345");
  EXPECT_EQ(Eval("sign", {{d, "-0.001"}}), "-1");
  EXPECT_EQ(Eval("round", {{decimal(38, 0), std::string(38, '9')}, {int64(), "-1"}}).rfind("ERROR", 0), 0u);
  EXPECT_EQ(CheckEncodings("round", testing::FromText(decimal(20, 4), "1.23455")),
            (Strs{"1"}));
}

}  // namespace
}  // namespace silt::functions
