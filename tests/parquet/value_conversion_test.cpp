#include "silt/parquet/value_conversion.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace silt::parquet {
namespace {

BufferPtr BytesBuffer(const std::string& bytes) {
  auto b = *Buffer::Allocate(static_cast<int64_t>(bytes.size()));
  if (!bytes.empty()) std::memcpy(b->mutable_data(), bytes.data(), bytes.size());
  return b;
}

template <typename T>
BufferPtr ValuesBuffer(const std::vector<T>& v) {
  return BytesBuffer(std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T)));
}

LeafDescriptor DecimalLeaf(Type physical, int32_t type_length, DataTypePtr type,
                           LeafConversion conversion) {
  LeafDescriptor leaf;
  leaf.path = {"d"};
  leaf.physical_type = physical;
  leaf.type_length = type_length;
  leaf.type = std::move(type);
  leaf.conversion = conversion;
  return leaf;
}

/// Big-endian two's complement of `v` in `width` bytes.
std::string BigEndian(__int128 v, int width) {
  std::string s(static_cast<size_t>(width), '\0');
  auto u = static_cast<unsigned __int128>(v);
  for (int i = 0; i < width; ++i) {
    const uint8_t byte = i < 16 ? static_cast<uint8_t>(u >> (8 * i)) : (v < 0 ? 0xFF : 0x00);
    s[static_cast<size_t>(width - 1 - i)] = static_cast<char>(byte);
  }
  return s;
}

TEST(ValueConversion, FixedBytesToDecimal64) {
  const std::vector<__int128> values = {0, -1, INT64_MAX, INT64_MIN, 12345};
  std::string bytes;
  for (__int128 v : values) bytes += BigEndian(v, 9);
  PhysicalValues pv;
  pv.length = static_cast<int64_t>(values.size());
  pv.values = BytesBuffer(bytes);
  auto leaf = DecimalLeaf(Type::kFixedLenByteArray, 9, decimal64(18, 2),
                          LeafConversion::kDecimalFromBytes);
  auto a = ConvertPhysical(leaf, pv, MemoryPool::Default());
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE((*a)->type->Equals(*decimal64(18, 2)));
  for (size_t i = 0; i < values.size(); ++i) {
    EXPECT_TRUE((*a)->values<int64_t>()[i] == values[i]) << i;
  }
  // One past int64 either way does not fit decimal64: Corrupt, not a wrapped value.
  for (__int128 bad : {static_cast<__int128>(INT64_MAX) + 1, static_cast<__int128>(INT64_MIN) - 1}) {
    pv.length = 1;
    pv.values = BytesBuffer(BigEndian(bad, 9));
    auto r = ConvertPhysical(leaf, pv, MemoryPool::Default());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kCorrupt);
    EXPECT_NE(r.status().message().find("64 bits"), std::string::npos) << r.status().ToString();
  }
  // The same bytes fit decimal128.
  auto wide = DecimalLeaf(Type::kFixedLenByteArray, 9, decimal128(20, 2),
                          LeafConversion::kDecimalFromBytes);
  auto w = ConvertPhysical(wide, pv, MemoryPool::Default());
  ASSERT_TRUE(w.ok());
  EXPECT_TRUE((*w)->values<__int128>()[0] == static_cast<__int128>(INT64_MIN) - 1);
}

TEST(ValueConversion, ByteArrayToDecimal64) {
  // Variable lengths, including empty (zero) and sign extension beyond 16 bytes.
  const std::vector<std::string> cells = {"", "\x01", "\xff", std::string(20, '\xff'),
                                          BigEndian(-2, 20), BigEndian(987654321012345678, 8)};
  const std::vector<int64_t> expected = {0, 1, -1, -1, -2, 987654321012345678};
  std::vector<int64_t> offsets = {0};
  std::string data;
  for (const auto& c : cells) {
    data += c;
    offsets.push_back(static_cast<int64_t>(data.size()));
  }
  PhysicalValues pv;
  pv.length = static_cast<int64_t>(cells.size());
  pv.offsets = ValuesBuffer(offsets);
  pv.data = BytesBuffer(data);
  auto leaf =
      DecimalLeaf(Type::kByteArray, 0, decimal64(18, 0), LeafConversion::kDecimalFromBytes);
  auto a = ConvertPhysical(leaf, pv, MemoryPool::Default());
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ((*a)->values<int64_t>()[i], expected[i]);
}

TEST(ValueConversion, IntegersToDecimalStorages) {
  PhysicalValues pv;
  pv.length = 3;
  pv.values = ValuesBuffer(std::vector<int32_t>{INT32_MIN, -1, INT32_MAX});
  auto narrow =
      DecimalLeaf(Type::kInt32, 0, decimal64(9, 2), LeafConversion::kDecimalFromInt32);
  auto a = ConvertPhysical(narrow, pv, MemoryPool::Default());
  ASSERT_TRUE(a.ok());
  EXPECT_EQ((*a)->values<int64_t>()[0], INT32_MIN);
  EXPECT_EQ((*a)->values<int64_t>()[2], INT32_MAX);
  auto wide =
      DecimalLeaf(Type::kInt32, 0, decimal128(20, 2), LeafConversion::kDecimalFromInt32);
  auto b = ConvertPhysical(wide, pv, MemoryPool::Default());
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE((*b)->values<__int128>()[1] == -1);

  // INT64 values are decimal64's layout already: the buffer is reused as is.
  pv.values = ValuesBuffer(std::vector<int64_t>{INT64_MIN, 5, INT64_MAX});
  auto same = DecimalLeaf(Type::kInt64, 0, decimal64(18, 4), LeafConversion::kNone);
  auto c = ConvertPhysical(same, pv, MemoryPool::Default());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ((*c)->buffers[1].get(), pv.values.get());
  EXPECT_EQ((*c)->values<int64_t>()[0], INT64_MIN);
  auto widened =
      DecimalLeaf(Type::kInt64, 0, decimal128(20, 4), LeafConversion::kDecimalFromInt64);
  auto d = ConvertPhysical(widened, pv, MemoryPool::Default());
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE((*d)->values<__int128>()[2] == INT64_MAX);
}

TEST(ValueConversion, Decimal64Statistics) {
  auto leaf = DecimalLeaf(Type::kInt64, 0, decimal64(15, 2), LeafConversion::kNone);
  const int64_t v = -123456789;
  auto a = ConvertStatisticsValue(leaf, std::string(reinterpret_cast<const char*>(&v), 8));
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_TRUE((*a)->type->Equals(*decimal64(15, 2)));
  EXPECT_EQ((*a)->values<int64_t>()[0], v);
  EXPECT_FALSE(ConvertStatisticsValue(leaf, std::string(4, '\0')).ok());  // wrong size
  auto flba = DecimalLeaf(Type::kFixedLenByteArray, 6, decimal64(13, 2),
                          LeafConversion::kDecimalFromBytes);
  auto b = ConvertStatisticsValue(flba, BigEndian(-70000, 6));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ((*b)->values<int64_t>()[0], -70000);
}

}  // namespace
}  // namespace silt::parquet
