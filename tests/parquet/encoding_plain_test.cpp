#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "silt/common/bit_util.h"
#include "silt/parquet/encoding/plain.h"
#include "binary_output_test_util.h"

namespace silt::parquet {
namespace {

const uint8_t* Bytes(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }
int64_t Size(const std::string& s) { return static_cast<int64_t>(s.size()); }

constexpr int64_t kLengths[] = {0, 1, 7, 8, 9, 127, 128, 129, 1000};

using testing::OwnedBinaryOutput;

TEST(Plain, FixedWidthRoundTrip) {
  std::mt19937_64 rng(1);
  for (int64_t n : kLengths) {
    std::vector<int64_t> v64(static_cast<size_t>(n));
    for (auto& v : v64) v = static_cast<int64_t>(rng());
    std::vector<double> vd(static_cast<size_t>(n));
    for (auto& v : vd) v = static_cast<double>(rng()) / 3.0;
    std::string encoded;
    EncodePlainFixed(v64.data(), n, 8, &encoded);
    EncodePlainFixed(vd.data(), n, 8, &encoded);
    EXPECT_EQ(Size(encoded), n * 16);

    std::vector<int64_t> back64(static_cast<size_t>(n));
    std::vector<double> backd(static_cast<size_t>(n));
    int64_t consumed = -1;
    ASSERT_TRUE(DecodePlain(Bytes(encoded), Size(encoded), n, back64.data(), &consumed).ok());
    EXPECT_EQ(consumed, n * 8);
    ASSERT_TRUE(
        DecodePlain(Bytes(encoded) + consumed, Size(encoded) - consumed, n, backd.data(), &consumed)
            .ok());
    EXPECT_EQ(back64, v64);
    EXPECT_EQ(backd, vd);
    if (n > 0) {
      EXPECT_EQ(DecodePlain(Bytes(encoded), n * 16 - 1, 2 * n, back64.data(), &consumed).code(),
                StatusCode::kCorrupt);
    }
  }
  // Little-endian int32 bytes and FIXED_LEN_BYTE_ARRAY of width 3.
  const uint8_t bytes[] = {1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF};
  int32_t out[2];
  int64_t consumed;
  ASSERT_TRUE(DecodePlain(bytes, 8, 2, out, &consumed).ok());
  EXPECT_EQ(out[0], 1);
  EXPECT_EQ(out[1], -1);
  uint8_t flba[6];
  ASSERT_TRUE(DecodePlainFixed(bytes, 8, 2, 3, flba, &consumed).ok());
  EXPECT_EQ(consumed, 6);
  EXPECT_EQ(DecodePlainFixed(bytes, 8, 3, 3, flba, &consumed).code(), StatusCode::kCorrupt);
  EXPECT_EQ(DecodePlainFixed(bytes, 8, INT64_MAX / 2, 4, flba, &consumed).code(),
            StatusCode::kCorrupt);
}

TEST(Plain, Booleans) {
  std::mt19937_64 rng(2);
  for (int64_t n : kLengths) {
    std::vector<uint8_t> src(static_cast<size_t>(n / 8 + 2));
    for (auto& b : src) b = static_cast<uint8_t>(rng());
    std::string encoded;
    EncodePlainBooleans(src.data(), 3, n, &encoded);
    EXPECT_EQ(Size(encoded), (n + 7) / 8);
    // Decode in batches at odd offsets, as a column reader would.
    std::vector<uint8_t> out(static_cast<size_t>(n / 8 + 3));
    int64_t done = 0;
    while (done < n) {
      const int64_t want = std::min<int64_t>(n - done, 1 + static_cast<int64_t>(rng() % 30));
      ASSERT_TRUE(
          DecodePlainBooleans(Bytes(encoded), Size(encoded), done, want, out.data(), 7 + done)
              .ok());
      done += want;
    }
    for (int64_t i = 0; i < n; ++i) {
      ASSERT_EQ(bit_util::GetBit(out.data(), 7 + i), bit_util::GetBit(src.data(), 3 + i));
    }
    EXPECT_EQ(DecodePlainBooleans(Bytes(encoded), Size(encoded), Size(encoded) * 8 - n + 1, n,
                                  out.data(), 0)
                  .code(),
              StatusCode::kCorrupt);
  }
  // Spec: LSB first.
  const uint8_t packed = 0b00000101;
  uint8_t out = 0;
  ASSERT_TRUE(DecodePlainBooleans(&packed, 1, 0, 3, &out, 0).ok());
  EXPECT_EQ(out, 0b101);
}

TEST(Plain, Int96) {
  // 2000-01-01T00:00:00.000001 is Julian day 2451545 plus 1000 ns.
  std::string encoded;
  const int64_t micros[] = {0, 946684800000001, -1, -86400000001, 1700000000123456};
  ASSERT_TRUE(EncodePlainInt96(micros, 5, &encoded).ok());
  ASSERT_EQ(Size(encoded), 60);
  uint64_t nanos;
  uint32_t julian;
  std::memcpy(&nanos, encoded.data() + 12, 8);
  std::memcpy(&julian, encoded.data() + 20, 4);
  EXPECT_EQ(nanos, 1000u);
  EXPECT_EQ(julian, 2451545u);
  std::memcpy(&julian, encoded.data() + 8, 4);
  EXPECT_EQ(julian, 2440588u);

  int64_t out[5];
  int64_t consumed;
  ASSERT_TRUE(DecodePlainInt96(Bytes(encoded), Size(encoded), 5, out, &consumed).ok());
  EXPECT_EQ(consumed, 60);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(out[i], micros[i]);

  std::mt19937_64 rng(3);
  std::vector<int64_t> many(1000);
  for (auto& m : many) m = static_cast<int64_t>(rng());
  encoded.clear();
  ASSERT_TRUE(EncodePlainInt96(many.data(), 1000, &encoded).ok());
  std::vector<int64_t> back(1000);
  ASSERT_TRUE(DecodePlainInt96(Bytes(encoded), Size(encoded), 1000, back.data(), &consumed).ok());
  EXPECT_EQ(back, many);

  // The int64 extremes round-trip through the wrapping arithmetic.
  const int64_t extremes[] = {INT64_MIN, INT64_MIN + 1, INT64_MAX, INT64_MAX - 86400000000LL};
  encoded.clear();
  ASSERT_TRUE(EncodePlainInt96(extremes, 4, &encoded).ok());
  ASSERT_TRUE(DecodePlainInt96(Bytes(encoded), Size(encoded), 4, back.data(), &consumed).ok());
  for (int i = 0; i < 4; ++i) EXPECT_EQ(back[static_cast<size_t>(i)], extremes[i]);

  // The Julian day is signed: 0xFFFFFFFF is day -1.
  uint8_t far[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF};
  ASSERT_TRUE(DecodePlainInt96(far, 12, 1, out, &consumed).ok());
  EXPECT_EQ(out[0], (-1 - 2440588LL) * 86400000000LL);
  // A nanoseconds-of-day of a whole day or more cannot come from a writer.
  const uint64_t day_nanos = 86400ULL * 1000 * 1000 * 1000;
  std::memcpy(far, &day_nanos, 8);
  auto st = DecodePlainInt96(far, 12, 1, out, &consumed);
  ASSERT_EQ(st.code(), StatusCode::kCorrupt);
  EXPECT_NE(st.message().find("INT96 timestamp out of range"), std::string::npos);
  EXPECT_EQ(DecodePlainInt96(far, 11, 1, out, &consumed).code(), StatusCode::kCorrupt);
}

TEST(Plain, ByteArrayRoundTrip) {
  std::mt19937_64 rng(4);
  for (int64_t n : kLengths) {
    std::vector<std::string> values(static_cast<size_t>(n));
    for (auto& v : values) {
      v.resize(rng() % 4 == 0 ? 0 : rng() % 40);
      for (auto& c : v) c = static_cast<char>(rng());
    }
    std::vector<std::string_view> views(values.begin(), values.end());
    std::string encoded;
    ASSERT_TRUE(EncodePlainByteArray(views.data(), n, &encoded).ok());
    // The offsets form produces the same bytes.
    std::vector<int64_t> offsets = {0};
    std::string concat;
    for (const auto& v : values) {
      concat += v;
      offsets.push_back(Size(concat));
    }
    std::string encoded2;
    ASSERT_TRUE(EncodePlainByteArray(offsets.data(), Bytes(concat), n, &encoded2).ok());
    EXPECT_EQ(encoded, encoded2);
    encoded += "tail";

    OwnedBinaryOutput out;
    int64_t consumed = 0;
    ASSERT_TRUE(DecodePlainByteArray(Bytes(encoded), Size(encoded), n, &out.out, &consumed).ok());
    EXPECT_EQ(consumed, Size(encoded) - 4);
    ASSERT_EQ(out.count(), n);
    for (int64_t i = 0; i < n; ++i) ASSERT_EQ(out.Get(i), values[static_cast<size_t>(i)]);

    std::vector<std::string_view> back(static_cast<size_t>(n));
    ASSERT_TRUE(
        DecodePlainByteArrayViews(Bytes(encoded), Size(encoded), n, back.data(), &consumed).ok());
    EXPECT_EQ(back, views);
    EXPECT_EQ(consumed, Size(encoded) - 4);

    // Every truncation of the values is Corrupt.
    if (n > 0 && n < 200) {
      for (int64_t cut = 0; cut < Size(encoded) - 4; ++cut) {
        ASSERT_EQ(DecodePlainByteArray(Bytes(encoded), cut, n, &out.out, &consumed).code(),
                  StatusCode::kCorrupt);
        ASSERT_EQ(DecodePlainByteArrayViews(Bytes(encoded), cut, n, back.data(), &consumed).code(),
                  StatusCode::kCorrupt);
      }
    }
  }
  // A length near 2^32 must not wrap.
  const uint8_t huge[] = {0xFF, 0xFF, 0xFF, 0xFF, 'a'};
  OwnedBinaryOutput out;
  int64_t consumed;
  EXPECT_EQ(DecodePlainByteArray(huge, 5, 1, &out.out, &consumed).code(), StatusCode::kCorrupt);
  EXPECT_EQ(out.count(), 0);
}

}  // namespace
}  // namespace silt::parquet
