#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "silt/common/bit_util.h"
#include "silt/parquet/encoding/bit_pack.h"
#include "silt/parquet/encoding/levels.h"
#include "silt/parquet/encoding/rle_bit_packed.h"

namespace silt::parquet {
namespace {

const uint8_t* Bytes(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }
int64_t Size(const std::string& s) { return static_cast<int64_t>(s.size()); }

constexpr int64_t kLengths[] = {0, 1, 7, 8, 9, 127, 128, 129, 1000};

// Values mixing long repeats, short repeats and random stretches.
std::vector<int32_t> MakeValues(int bit_width, int64_t n, std::mt19937_64* rng) {
  const uint64_t max =
      bit_width == 0 ? 0 : (bit_width == 32 ? 0xFFFFFFFFull : (1ull << bit_width) - 1);
  std::uniform_int_distribution<uint64_t> value(0, max);
  std::vector<int32_t> out;
  while (static_cast<int64_t>(out.size()) < n) {
    const int kind = static_cast<int>((*rng)() % 3);
    const int64_t len = kind == 0 ? 1 + (*rng)() % 40 : 1 + (*rng)() % 6;
    const auto v = static_cast<int32_t>(static_cast<uint32_t>(value(*rng)));
    for (int64_t i = 0; i < len && static_cast<int64_t>(out.size()) < n; ++i) {
      out.push_back(kind == 2 ? static_cast<int32_t>(static_cast<uint32_t>(value(*rng))) : v);
    }
  }
  return out;
}

TEST(BitPack, UnpackMatchesPackForAllWidths) {
  std::mt19937_64 rng(1);
  for (int w = 0; w <= 64; ++w) {
    for (int64_t n : {0, 1, 7, 8, 9, 31, 32, 33, 100}) {
      std::vector<uint64_t> values(static_cast<size_t>(n));
      for (auto& v : values) v = w == 64 ? rng() : (w == 0 ? 0 : rng() & ((1ull << w) - 1));
      std::vector<uint8_t> packed(static_cast<size_t>(PackedBytes(n, w)));
      PackBits(values.data(), n, w, packed.data());
      std::vector<uint64_t> back(static_cast<size_t>(n));
      UnpackBits(packed.data(), static_cast<int64_t>(packed.size()), w, n, back.data());
      ASSERT_EQ(back, values) << "width " << w << " n " << n;
      if (w <= 32) {
        std::vector<uint32_t> v32(values.begin(), values.end());
        std::vector<uint8_t> p32(packed.size());
        PackBits(v32.data(), n, w, p32.data());
        ASSERT_EQ(p32, packed);
        std::vector<uint32_t> b32(static_cast<size_t>(n));
        UnpackBits(packed.data(), static_cast<int64_t>(packed.size()), w, n, b32.data());
        ASSERT_EQ(b32, v32);
      }
    }
  }
}

TEST(BitPack, CopyBitmapAllOffsets) {
  std::mt19937_64 rng(2);
  std::vector<uint8_t> src(40);
  for (auto& b : src) b = static_cast<uint8_t>(rng());
  for (int64_t so = 0; so < 9; ++so) {
    for (int64_t dof = 0; dof < 9; ++dof) {
      for (int64_t len : std::vector<int64_t>{0, 1, 7, 8, 63, 64, 65, 200, 300 - so}) {
        std::vector<uint8_t> dst(42, 0xA5);
        std::vector<uint8_t> expect = dst;
        for (int64_t i = 0; i < len; ++i) {
          bit_util::SetBitTo(expect.data(), dof + i, bit_util::GetBit(src.data(), so + i));
        }
        // Only the bytes holding source bits are readable.
        std::vector<uint8_t> exact(src.begin(), src.begin() + (so + len + 7) / 8);
        CopyBitmap(exact.data(), so, dst.data(), dof, len);
        ASSERT_EQ(dst, expect) << so << " " << dof << " " << len;
      }
    }
  }
}

TEST(BitPack, Varints) {
  std::string s;
  for (uint64_t v : {0ull, 1ull, 127ull, 128ull, 300ull, ~0ull}) AppendUleb128(v, &s);
  const uint8_t* p = Bytes(s);
  const uint8_t* end = p + s.size();
  for (uint64_t v : {0ull, 1ull, 127ull, 128ull, 300ull, ~0ull}) {
    uint64_t got;
    ASSERT_TRUE(ReadUleb128(&p, end, &got));
    EXPECT_EQ(got, v);
  }
  EXPECT_EQ(p, end);
  const uint8_t too_long[] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02};
  p = too_long;
  uint64_t got;
  EXPECT_FALSE(ReadUleb128(&p, too_long + 10, &got));
  for (int64_t v : std::vector<int64_t>{0, -1, 1, -64, INT64_MIN, INT64_MAX}) {
    EXPECT_EQ(ZigZagDecode(ZigZagEncode(v)), v);
  }
  EXPECT_EQ(ZigZagEncode(-1), 1u);
  EXPECT_EQ(ZigZagEncode(1), 2u);
}

TEST(RleBitPacked, SpecExampleBitPacked) {
  // Spec: 0..7 with bit width 3 pack to 10001000 11000110 11111010.
  const uint8_t data[] = {0x03, 0x88, 0xC6, 0xFA};
  RleBitPackedDecoder decoder(data, sizeof(data), 3);
  int32_t out[10];
  auto got = decoder.GetBatch(out, 10);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(*got, 8);
  for (int i = 0; i < 8; ++i) EXPECT_EQ(out[i], i);

  std::string encoded;
  RleBitPackedEncoder encoder(3, &encoded);
  for (uint32_t i = 0; i < 8; ++i) encoder.Put(i);
  encoder.Flush();
  EXPECT_EQ(encoded, std::string(reinterpret_cast<const char*>(data), sizeof(data)));
}

TEST(RleBitPacked, EncoderUsesRleForRepeats) {
  std::string encoded;
  RleBitPackedEncoder encoder(3, &encoded);
  for (int i = 0; i < 10; ++i) encoder.Put(5);
  encoder.Flush();
  EXPECT_EQ(encoded, std::string("\x14\x05", 2));  // header 10 << 1, value in one byte

  encoded.clear();
  RleBitPackedEncoder wide(17, &encoded);
  std::vector<int32_t> values(1000, 70000);
  wide.PutBatch(values.data(), 1000);
  wide.Flush();
  EXPECT_EQ(encoded, std::string("\xD0\x0F\x70\x11\x01", 5));  // varint 2000, 3 value bytes
}

TEST(RleBitPacked, RoundTripAllWidthsAndLengths) {
  std::mt19937_64 rng(3);
  for (int w = 0; w <= 32; ++w) {
    for (int64_t n : kLengths) {
      const auto values = MakeValues(w, n, &rng);
      std::string encoded;
      RleBitPackedEncoder encoder(w, &encoded);
      encoder.PutBatch(values.data(), n);
      encoder.Flush();

      // Decode in uneven batches.
      RleBitPackedDecoder decoder(Bytes(encoded), Size(encoded), w);
      std::vector<int32_t> out(static_cast<size_t>(n) + 16, -7);
      int64_t done = 0;
      while (done < n) {
        const int64_t want = std::min<int64_t>(n - done, 1 + static_cast<int64_t>(rng() % 50));
        auto got = decoder.GetBatch(out.data() + done, want);
        ASSERT_TRUE(got.ok()) << got.status().ToString();
        ASSERT_EQ(*got, want);
        done += want;
      }
      out.resize(static_cast<size_t>(n));
      ASSERT_EQ(out, values) << "width " << w << " n " << n;

      // Skip then read the rest.
      if (n > 0) {
        const int64_t skip = static_cast<int64_t>(rng() % static_cast<uint64_t>(n));
        RleBitPackedDecoder d2(Bytes(encoded), Size(encoded), w);
        ASSERT_EQ(*d2.Skip(skip), skip);
        std::vector<int32_t> rest(static_cast<size_t>(n - skip));
        ASSERT_EQ(*d2.GetBatch(rest.data(), n - skip), n - skip);
        ASSERT_TRUE(std::equal(rest.begin(), rest.end(), values.begin() + skip));
      }
    }
  }
}

TEST(RleBitPacked, Int16Output) {
  std::mt19937_64 rng(4);
  for (int w = 0; w <= 16; ++w) {
    const auto values = MakeValues(w, 1000, &rng);
    std::string encoded;
    RleBitPackedEncoder encoder(w, &encoded);
    encoder.PutBatch(values.data(), 1000);
    encoder.Flush();
    RleBitPackedDecoder decoder(Bytes(encoded), Size(encoded), w);
    std::vector<int16_t> out(1000);
    ASSERT_EQ(*decoder.GetBatch(out.data(), 1000), 1000);
    for (int i = 0; i < 1000; ++i) {
      ASSERT_EQ(static_cast<uint16_t>(out[i]), static_cast<uint32_t>(values[i]));
    }
  }
  RleBitPackedDecoder wide(nullptr, 0, 17);
  int16_t out[1];
  EXPECT_EQ(wide.GetBatch(out, 1).status().code(), StatusCode::kCorrupt);
}

TEST(RleBitPacked, CorruptInputs) {
  int32_t out[64];
  {
    RleBitPackedDecoder d(nullptr, 0, 33);
    EXPECT_EQ(d.GetBatch(out, 1).status().code(), StatusCode::kCorrupt);
  }
  {
    const uint8_t truncated_header[] = {0x80};
    RleBitPackedDecoder d(truncated_header, 1, 3);
    EXPECT_EQ(d.GetBatch(out, 1).status().code(), StatusCode::kCorrupt);
  }
  {
    const uint8_t overflow[] = {0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x01};
    RleBitPackedDecoder d(overflow, sizeof(overflow), 3);
    EXPECT_EQ(d.GetBatch(out, 1).status().code(), StatusCode::kCorrupt);
  }
  {
    const uint8_t truncated_value[] = {0x10, 0x01};  // RLE run of 8, 16-bit value
    RleBitPackedDecoder d(truncated_value, sizeof(truncated_value), 16);
    EXPECT_EQ(d.GetBatch(out, 1).status().code(), StatusCode::kCorrupt);
  }
  {
    // A bit-packed run of 2 groups (16 values of 8 bits) with only 10 bytes: the 10 whole
    // values decode, then the input ends.
    const uint8_t short_run[] = {0x05, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    RleBitPackedDecoder d(short_run, sizeof(short_run), 8);
    auto got = d.GetBatch(out, 16);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(*got, 10);
    EXPECT_EQ(out[9], 10);
  }
  {
    // Empty runs are skipped; a huge zero-width run yields only what is asked for.
    const uint8_t data[] = {0x00, 0x01, 0xFE, 0xFF, 0xFF, 0xFF, 0x0F};
    RleBitPackedDecoder d(data, sizeof(data), 0);
    auto got = d.GetBatch(out, 64);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(*got, 64);
  }
}

TEST(RleBitPacked, RandomBytesNeverCrash) {
  std::mt19937_64 rng(5);
  std::vector<int32_t> out(4096);
  std::vector<int16_t> out16(4096);
  std::vector<uint8_t> bits(4096 / 8 + 2);
  for (int iter = 0; iter < 3000; ++iter) {
    std::vector<uint8_t> data(rng() % 64);
    for (auto& b : data) b = static_cast<uint8_t>(rng());
    const int w = static_cast<int>(rng() % 34);
    RleBitPackedDecoder d(data.data(), static_cast<int64_t>(data.size()), w);
    for (int step = 0; step < 8; ++step) {
      const int64_t n = static_cast<int64_t>(rng() % 600);
      switch (rng() % 5) {
        case 0:
          (void)d.GetBatch(out.data(), n);
          break;
        case 1:
          (void)d.GetBatch(out16.data(), n);
          break;
        case 2:
          (void)d.GetIndices(out.data(), n, 5);
          break;
        case 3:
          (void)d.Skip(n);
          break;
        default:
          (void)d.GetBitmap(bits.data(), 3, n);
          break;
      }
    }
    // Level decoders over the same bytes.
    const auto max_level = static_cast<int16_t>(rng() % 40);
    const int64_t num_levels = static_cast<int64_t>(rng() % 600);
    int64_t consumed = 0;
    (void)DecodeLevelsV1(rng() % 2 ? LevelEncoding::kRle : LevelEncoding::kBitPacked, max_level,
                         data.data(), static_cast<int64_t>(data.size()), num_levels, out16.data(),
                         &consumed);
    (void)DecodeLevelsV2(max_level, data.data(), static_cast<int64_t>(data.size()), num_levels,
                         out16.data());
    RleBitPackedDecoder booleans;
    if (InitRleBooleanDecoder(data.data(), static_cast<int64_t>(data.size()), &booleans, &consumed)
            .ok()) {
      (void)booleans.GetBitmap(bits.data(), 1, num_levels);
    }
  }
}

TEST(RleBitPacked, DictionaryIndices) {
  std::string encoded;
  std::vector<int32_t> indices = {0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 0, 3};
  EncodeDictionaryIndices(indices.data(), 15, 2, &encoded);
  EXPECT_EQ(encoded[0], 2);

  RleBitPackedDecoder d;
  ASSERT_TRUE(InitDictionaryIndexDecoder(Bytes(encoded), Size(encoded), &d).ok());
  const int64_t dict[] = {10, 11, 12, 13};
  std::vector<int64_t> out(15);
  ASSERT_EQ(*d.GetBatchWithDictionary(dict, 4, out.data(), 15), 15);
  for (int i = 0; i < 15; ++i) EXPECT_EQ(out[i], 10 + indices[i]);

  // Index 3 with a 3-entry dictionary.
  ASSERT_TRUE(InitDictionaryIndexDecoder(Bytes(encoded), Size(encoded), &d).ok());
  auto bad = d.GetBatchWithDictionary(dict, 3, out.data(), 15);
  ASSERT_EQ(bad.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(bad.status().message().find("dictionary index out of range"), std::string::npos);

  // The RLE run of 2s is checked too.
  ASSERT_TRUE(InitDictionaryIndexDecoder(Bytes(encoded), Size(encoded), &d).ok());
  std::vector<int32_t> idx(15);
  EXPECT_EQ(d.GetIndices(idx.data(), 15, 2).status().code(), StatusCode::kCorrupt);
  ASSERT_TRUE(InitDictionaryIndexDecoder(Bytes(encoded), Size(encoded), &d).ok());
  ASSERT_EQ(*d.GetIndices(idx.data(), 15, 4), 15);
  EXPECT_EQ(idx, indices);

  // String dictionary into a binary output.
  const std::string_view words[] = {"a", "bb", "", "dddd"};
  Buffer offsets;
  Buffer data;
  const int64_t zero = 0;
  ASSERT_TRUE(offsets.Append(&zero, 8).ok());
  BinaryOutput bin{&offsets, &data};
  ASSERT_TRUE(InitDictionaryIndexDecoder(Bytes(encoded), Size(encoded), &d).ok());
  ASSERT_EQ(*d.GetBatchWithDictionary(words, 4, &bin, 15), 15);
  std::string expect;
  for (int32_t i : indices) expect += words[i];
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(data.data()), data.size()), expect);
  EXPECT_EQ(offsets.size(), 16 * 8);
  EXPECT_EQ(bin.last_offset(), Size(expect));

  uint8_t wide[] = {33, 0};
  EXPECT_EQ(InitDictionaryIndexDecoder(wide, 2, &d).code(), StatusCode::kCorrupt);
  ASSERT_TRUE(InitDictionaryIndexDecoder(wide, 0, &d).ok());
  EXPECT_EQ(*d.GetIndices(idx.data(), 1, 4), 0);
}

TEST(RleBitPacked, Booleans) {
  std::mt19937_64 rng(6);
  for (int64_t n : kLengths) {
    std::vector<uint8_t> src(static_cast<size_t>(n / 8 + 2));
    for (int64_t i = 0; i < n; ++i) {
      // Runs of trues and falses with some noise.
      bit_util::SetBitTo(src.data(), 1 + i, (i / 37) % 2 == 0 ? rng() % 10 != 0 : rng() % 2 == 0);
    }
    std::string encoded;
    EncodeRleBooleans(src.data(), 1, n, &encoded);
    encoded += "trailing";
    RleBitPackedDecoder d;
    int64_t consumed = 0;
    ASSERT_TRUE(InitRleBooleanDecoder(Bytes(encoded), Size(encoded), &d, &consumed).ok());
    EXPECT_EQ(consumed, Size(encoded) - 8);
    std::vector<uint8_t> out(static_cast<size_t>(n / 8 + 3), 0);
    int64_t done = 0;
    while (done < n) {
      const int64_t want = std::min<int64_t>(n - done, 1 + static_cast<int64_t>(rng() % 70));
      ASSERT_EQ(*d.GetBitmap(out.data(), 5 + done, want), want);
      done += want;
    }
    for (int64_t i = 0; i < n; ++i) {
      ASSERT_EQ(bit_util::GetBit(out.data(), 5 + i), bit_util::GetBit(src.data(), 1 + i)) << i;
    }
  }
  RleBitPackedDecoder d;
  int64_t consumed;
  const uint8_t short_prefix[] = {1, 0};
  EXPECT_EQ(InitRleBooleanDecoder(short_prefix, 2, &d, &consumed).code(), StatusCode::kCorrupt);
  const uint8_t long_length[] = {9, 0, 0, 0, 1};
  EXPECT_EQ(InitRleBooleanDecoder(long_length, 5, &d, &consumed).code(), StatusCode::kCorrupt);
}

TEST(Levels, SpecBitPackedExample) {
  // Spec (deprecated BIT_PACKED): 0..7 with bit width 3 -> 00000101 00111001 01110111.
  const uint8_t data[] = {0x05, 0x39, 0x77, 0xEE};
  int16_t out[8];
  int64_t consumed = 0;
  ASSERT_TRUE(
      DecodeLevelsV1(LevelEncoding::kBitPacked, 7, data, sizeof(data), 8, out, &consumed).ok());
  EXPECT_EQ(consumed, 3);
  for (int i = 0; i < 8; ++i) EXPECT_EQ(out[i], i);
  std::string encoded;
  const int16_t levels[] = {0, 1, 2, 3, 4, 5, 6, 7};
  EncodeBitPackedLevels(levels, 8, 7, &encoded);
  EXPECT_EQ(encoded, std::string("\x05\x39\x77", 3));
}

TEST(Levels, RoundTrips) {
  std::mt19937_64 rng(7);
  for (int16_t max_level : {0, 1, 2, 3, 7, 8, 100, 32767}) {
    for (int64_t n : kLengths) {
      std::vector<int16_t> levels(static_cast<size_t>(n));
      for (auto& l : levels) {
        l = static_cast<int16_t>(rng() % 4 == 0 ? rng() % (max_level + 1) : max_level);
      }
      std::vector<int16_t> out(static_cast<size_t>(n) + 16);
      int64_t consumed = -1;

      std::string v1;
      EncodeLevels(levels.data(), n, max_level, true, &v1);
      const int64_t level_bytes = Size(v1);
      v1 += "values";
      ASSERT_TRUE(DecodeLevelsV1(LevelEncoding::kRle, max_level, Bytes(v1), Size(v1), n, out.data(),
                                 &consumed)
                      .ok());
      EXPECT_EQ(consumed, level_bytes);
      ASSERT_TRUE(std::equal(levels.begin(), levels.end(), out.begin()));

      std::string v2;
      EncodeLevels(levels.data(), n, max_level, false, &v2);
      ASSERT_TRUE(DecodeLevelsV2(max_level, Bytes(v2), Size(v2), n, out.data()).ok());
      ASSERT_TRUE(std::equal(levels.begin(), levels.end(), out.begin()));

      std::string packed;
      EncodeBitPackedLevels(levels.data(), n, max_level, &packed);
      LevelDecoder decoder;
      ASSERT_TRUE(decoder
                      .InitV1(LevelEncoding::kBitPacked, max_level, n, Bytes(packed), Size(packed),
                              &consumed)
                      .ok());
      EXPECT_EQ(consumed, Size(packed));
      int64_t done = 0;
      while (done < n) {
        const int64_t want = std::min<int64_t>(n - done, 1 + static_cast<int64_t>(rng() % 20));
        ASSERT_EQ(*decoder.GetBatch(out.data() + done, want), want);
        done += want;
      }
      ASSERT_TRUE(std::equal(levels.begin(), levels.end(), out.begin()));
      if (n > 0 && max_level > 0) {
        EXPECT_EQ(DecodeLevelsV2(max_level, Bytes(v2), Size(v2), n + 9, out.data()).code(),
                  StatusCode::kCorrupt);
      }
    }
  }
}

TEST(Levels, CorruptInputs) {
  int16_t out[16];
  int64_t consumed;
  // Level 3 with max level 2 (bit width 2 allows it).
  std::string encoded;
  RleBitPackedEncoder encoder(2, &encoded);
  for (int i = 0; i < 9; ++i) encoder.Put(3);
  encoder.Flush();
  EXPECT_EQ(DecodeLevelsV2(2, Bytes(encoded), Size(encoded), 9, out).code(), StatusCode::kCorrupt);
  // A 2-byte RLE value of 0xFFFF with max level 300 (bit width 9).
  const uint8_t negative[] = {0x10, 0xFF, 0xFF};
  EXPECT_EQ(DecodeLevelsV2(300, negative, 3, 8, out).code(), StatusCode::kCorrupt);
  // Length prefix larger than the page.
  const uint8_t long_prefix[] = {10, 0, 0, 0, 0x02, 0x01};
  EXPECT_EQ(DecodeLevelsV1(LevelEncoding::kRle, 1, long_prefix, 6, 1, out, &consumed).code(),
            StatusCode::kCorrupt);
  EXPECT_EQ(DecodeLevelsV1(LevelEncoding::kRle, 1, long_prefix, 3, 1, out, &consumed).code(),
            StatusCode::kCorrupt);
  // Bit-packed levels needing more bytes than remain.
  EXPECT_EQ(DecodeLevelsV1(LevelEncoding::kBitPacked, 3, long_prefix, 2, 9, out, &consumed).code(),
            StatusCode::kCorrupt);
  // Max level 0: nothing stored, all zeros, nothing consumed.
  ASSERT_TRUE(DecodeLevelsV1(LevelEncoding::kRle, 0, nullptr, 0, 16, out, &consumed).ok());
  EXPECT_EQ(consumed, 0);
  EXPECT_EQ(out[15], 0);
  EXPECT_EQ(LevelBitWidth(1), 1);
  EXPECT_EQ(LevelBitWidth(7), 3);
  EXPECT_EQ(LevelBitWidth(8), 4);
  EXPECT_EQ(LevelBitWidth(32767), 15);
}

}  // namespace
}  // namespace silt::parquet
