#include <gtest/gtest.h>

#include "silt/common/types.h"

namespace silt {
namespace {

TEST(DataType, DecimalStorages) {
  auto d64 = decimal64(15, 2);
  auto d128 = decimal128(15, 2);
  EXPECT_EQ(d64->id(), TypeId::kDecimal64);
  EXPECT_EQ(d64->FixedWidth(), 8);
  EXPECT_EQ(d128->FixedWidth(), 16);
  EXPECT_TRUE(d64->IsFixedWidth());
  EXPECT_TRUE(d64->IsDecimal());
  EXPECT_TRUE(d128->IsDecimal());
  EXPECT_FALSE(int64()->IsDecimal());
  EXPECT_FALSE(d64->IsInteger());
  // One logical type, two layouts: printed alike, never Equals.
  EXPECT_EQ(d64->ToString(), "decimal(15,2)");
  EXPECT_EQ(d64->ToString(), d128->ToString());
  EXPECT_FALSE(d64->Equals(*d128));
  EXPECT_FALSE(d128->Equals(*d64));
  EXPECT_TRUE(d64->Equals(*decimal64(15, 2)));
  EXPECT_FALSE(d64->Equals(*decimal64(15, 3)));
  EXPECT_FALSE(d64->Equals(*decimal64(16, 2)));
}

TEST(DataType, DecimalPicksStorageByPrecision) {
  for (int32_t p = 1; p <= 38; ++p) {
    auto t = decimal(p, p / 2);
    EXPECT_EQ(t->id(), p <= 18 ? TypeId::kDecimal64 : TypeId::kDecimal128) << p;
    EXPECT_EQ(t->precision(), p);
    EXPECT_EQ(t->scale(), p / 2);
  }
}

}  // namespace
}  // namespace silt
