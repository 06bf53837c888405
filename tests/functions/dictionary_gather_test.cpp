// Kernels over dictionary-encoded inputs run on the distinct values and gather the results
// back to the rows (kernel_util's GatherByIndices): the bit-packed boolean path and the
// fixed-width path without validity, and the general path with NULL rows, must equal the
// plain evaluation, across 64-row word boundaries.
#include <gtest/gtest.h>

#include "function_test_util.h"

namespace silt::functions {
namespace {

using testing::CheckEncodings;
using testing::One;
using testing::Opt;
using testing::Strings;

std::vector<Opt<std::string>> Modes(int64_t n, bool with_nulls) {
  const char* names[] = {"MAIL", "SHIP", "AIR", "RAIL", "TRUCK", "REG AIR", "FOB"};
  std::vector<Opt<std::string>> out;
  for (int64_t i = 0; i < n; ++i) {
    if (with_nulls && i % 11 == 3) {
      out.emplace_back(std::nullopt);
    } else {
      out.emplace_back(std::string(names[(i * 5 + i / 7) % 7]));
    }
  }
  return out;
}

TEST(DictionaryGatherTest, ComparisonsAndLengthsMatchPlainEvaluation) {
  for (int64_t n : {1, 63, 64, 65, 200}) {
    for (bool nulls : {false, true}) {
      auto column = Strings(Modes(n, nulls));
      auto eq = CheckEncodings("=", column, {One<std::string>(utf8(), std::string("SHIP"))});
      EXPECT_EQ(eq.size(), static_cast<size_t>(n));
      CheckEncodings("<>", column, {One<std::string>(utf8(), std::string("MAIL"))});
      CheckEncodings("length", column);
    }
  }
}

}  // namespace
}  // namespace silt::functions
