#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "silt/parquet/encoding/byte_stream_split.h"

namespace silt::parquet {
namespace {

const uint8_t* Bytes(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }
int64_t Size(const std::string& s) { return static_cast<int64_t>(s.size()); }

TEST(ByteStreamSplit, SpecExample) {
  const std::string values("\xAA\xBB\xCC\xDD\x00\x11\x22\x33\xA3\xB4\xC5\xD6", 12);
  const std::string streams("\xAA\x00\xA3\xBB\x11\xB4\xCC\x22\xC5\xDD\x33\xD6", 12);
  std::string encoded;
  EncodeByteStreamSplit(Bytes(values), 3, 4, &encoded);
  EXPECT_EQ(encoded, streams);
  std::string out(12, '\0');
  ASSERT_TRUE(
      DecodeByteStreamSplit(Bytes(streams), 12, 4, 0, 3, reinterpret_cast<uint8_t*>(out.data()))
          .ok());
  EXPECT_EQ(out, values);
  float f[3];
  ASSERT_TRUE(
      DecodeByteStreamSplit(Bytes(streams), 12, 4, 0, 3, reinterpret_cast<uint8_t*>(f)).ok());
  EXPECT_EQ(std::memcmp(f, values.data(), 12), 0);
}

TEST(ByteStreamSplit, RoundTripsAllWidthsInBatches) {
  std::mt19937_64 rng(1);
  for (int width : {1, 2, 3, 4, 5, 8, 12, 16, 33}) {
    for (int64_t n : {0, 1, 7, 8, 9, 127, 128, 129, 1000}) {
      std::string values(static_cast<size_t>(n * width), '\0');
      for (auto& c : values) c = static_cast<char>(rng());
      std::string encoded;
      EncodeByteStreamSplit(Bytes(values), n, width, &encoded);
      ASSERT_EQ(Size(encoded), n * width);
      std::string out(values.size(), '\0');
      int64_t done = 0;
      while (done < n) {
        const int64_t want = std::min<int64_t>(n - done, 1 + static_cast<int64_t>(rng() % 50));
        ASSERT_TRUE(DecodeByteStreamSplit(Bytes(encoded), Size(encoded), width, done, want,
                                          reinterpret_cast<uint8_t*>(out.data()) + done * width)
                        .ok());
        done += want;
      }
      ASSERT_EQ(out, values) << width << " " << n;
    }
  }
}

TEST(ByteStreamSplit, CorruptInputs) {
  uint8_t data[10] = {};
  uint8_t out[16];
  EXPECT_EQ(DecodeByteStreamSplit(data, 10, 4, 0, 2, out).code(), StatusCode::kCorrupt);
  EXPECT_EQ(DecodeByteStreamSplit(data, 8, 4, 0, 3, out).code(), StatusCode::kCorrupt);
  EXPECT_EQ(DecodeByteStreamSplit(data, 8, 4, 2, 1, out).code(), StatusCode::kCorrupt);
  EXPECT_EQ(DecodeByteStreamSplit(data, 8, 4, 3, INT64_MAX, out).code(), StatusCode::kCorrupt);
  EXPECT_TRUE(DecodeByteStreamSplit(data, 8, 4, 2, 0, out).ok());
  EXPECT_EQ(DecodeByteStreamSplit(data, 8, 0, 0, 1, out).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace silt::parquet
