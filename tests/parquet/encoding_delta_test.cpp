#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <string>
#include <vector>

#include "silt/parquet/encoding/bit_pack.h"
#include "silt/parquet/encoding/delta_binary_packed.h"
#include "silt/parquet/encoding/delta_byte_array.h"
#include "binary_output_test_util.h"

namespace silt::parquet {
namespace {

const uint8_t* Bytes(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }
int64_t Size(const std::string& s) { return static_cast<int64_t>(s.size()); }

constexpr int64_t kLengths[] = {0, 1, 2, 7, 8, 9, 127, 128, 129, 130, 257, 1000};

std::string Hex(const std::string& s) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += digits[c >> 4];
    out += digits[c & 15];
    out += ' ';
  }
  return out;
}

template <typename T>
std::string Encode(const std::vector<T>& values) {
  DeltaBinaryPackedEncoder<T> encoder;
  encoder.Put(values.data(), static_cast<int64_t>(values.size()));
  std::string out;
  encoder.Finish(&out);
  return out;
}

// Values whose consecutive differences need about `width` bits (wrapping freely).
template <typename T>
std::vector<T> MakeValues(int width, int64_t n, std::mt19937_64* rng) {
  using U = std::make_unsigned_t<T>;
  std::vector<T> out(static_cast<size_t>(n));
  U v = static_cast<U>((*rng)());
  for (auto& x : out) {
    const uint64_t r = (*rng)();
    const uint64_t delta = width == 0 ? 0 : (width >= 64 ? r : r & ((uint64_t{1} << width) - 1));
    v = static_cast<U>(v + static_cast<U>(delta));
    x = static_cast<T>(v);
  }
  return out;
}

template <typename T>
void CheckRoundTrip(const std::vector<T>& values, std::mt19937_64* rng) {
  const auto n = static_cast<int64_t>(values.size());
  std::string encoded = Encode(values);
  const int64_t encoded_size = Size(encoded);
  encoded += "trailing bytes";
  DeltaBinaryPackedDecoder<T> decoder;
  ASSERT_TRUE(decoder.Init(Bytes(encoded), Size(encoded), n).ok());
  ASSERT_EQ(decoder.total_values(), n);
  std::vector<T> out(static_cast<size_t>(n) + 8);
  int64_t done = 0;
  while (done < n) {
    const int64_t want = 1 + static_cast<int64_t>((*rng)() % 100);
    auto got = decoder.GetBatch(out.data() + done, std::min<int64_t>(want, n - done + 3));
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    ASSERT_EQ(*got, std::min(want, n - done));
    done += *got;
  }
  EXPECT_EQ(*decoder.GetBatch(out.data(), 5), 0);
  out.resize(static_cast<size_t>(n));
  ASSERT_EQ(out, values);
  EXPECT_EQ(decoder.bytes_consumed(), encoded_size);

  if (n > 0) {
    const int64_t skip = static_cast<int64_t>((*rng)() % static_cast<uint64_t>(n));
    DeltaBinaryPackedDecoder<T> d2;
    ASSERT_TRUE(d2.Init(Bytes(encoded), Size(encoded), n).ok());
    ASSERT_EQ(*d2.Skip(skip), skip);
    std::vector<T> rest(static_cast<size_t>(n - skip));
    ASSERT_EQ(*d2.GetBatch(rest.data(), n - skip), n - skip);
    ASSERT_TRUE(std::equal(rest.begin(), rest.end(), values.begin() + skip));
    EXPECT_EQ(d2.bytes_consumed(), encoded_size);
  }
}

TEST(DeltaBinaryPacked, SpecExamples) {
  // Example 1 (1..5) with a legal block size of 128 in 4 miniblocks: min delta 1, widths 0.
  const std::string example1("\x80\x01\x04\x05\x02\x02\x00\x00\x00\x00", 10);
  EXPECT_EQ(Hex(Encode<int32_t>({1, 2, 3, 4, 5})), Hex(example1));
  DeltaBinaryPackedDecoder<int32_t> d;
  ASSERT_TRUE(d.Init(Bytes(example1), Size(example1)).ok());
  int32_t out[8];
  ASSERT_EQ(*d.GetBatch(out, 8), 5);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(out[i], i + 1);
  EXPECT_EQ(d.bytes_consumed(), 10);

  // Example 2 (7 5 3 1 2 3 4 5): min delta -2, relative deltas 0 0 0 3 3 3 3 in 2 bits.
  std::string example2("\x80\x01\x04\x08\x0E\x03\x02\x00\x00\x00\xC0\x3F", 12);
  example2.append(6, '\0');
  EXPECT_EQ(Hex(Encode<int64_t>({7, 5, 3, 1, 2, 3, 4, 5})), Hex(example2));
  DeltaBinaryPackedDecoder<int64_t> d64;
  ASSERT_TRUE(d64.Init(Bytes(example2), Size(example2)).ok());
  int64_t out64[8];
  ASSERT_EQ(*d64.GetBatch(out64, 8), 8);
  const int64_t expect[] = {7, 5, 3, 1, 2, 3, 4, 5};
  for (int i = 0; i < 8; ++i) EXPECT_EQ(out64[i], expect[i]);
  EXPECT_EQ(d64.bytes_consumed(), Size(example2));
}

TEST(DeltaBinaryPacked, RoundTripInt32AllWidths) {
  std::mt19937_64 rng(1);
  for (int w = 0; w <= 32; ++w) {
    for (int64_t n : kLengths) CheckRoundTrip(MakeValues<int32_t>(w, n, &rng), &rng);
  }
  const int32_t lo = std::numeric_limits<int32_t>::min();
  const int32_t hi = std::numeric_limits<int32_t>::max();
  CheckRoundTrip<int32_t>({lo, hi, lo, hi, 0, -1, lo, lo, hi}, &rng);
}

TEST(DeltaBinaryPacked, RoundTripInt64AllWidths) {
  std::mt19937_64 rng(2);
  for (int w = 0; w <= 64; ++w) {
    for (int64_t n : kLengths) CheckRoundTrip(MakeValues<int64_t>(w, n, &rng), &rng);
  }
  const int64_t lo = std::numeric_limits<int64_t>::min();
  const int64_t hi = std::numeric_limits<int64_t>::max();
  CheckRoundTrip<int64_t>({lo, hi, lo, hi, 0, -1, lo, lo, hi}, &rng);
}

// Builds a stream with any block layout (the encoder always uses 128 / 4), junk in the
// widths of unused miniblocks, and 64-bit first value and deltas for an int32 column.
std::string BuildStream(const std::vector<int64_t>& values, int block_size, int miniblocks,
                        int junk_width) {
  std::string out;
  AppendUleb128(static_cast<uint64_t>(block_size), &out);
  AppendUleb128(static_cast<uint64_t>(miniblocks), &out);
  AppendUleb128(values.size(), &out);
  AppendUleb128(ZigZagEncode(values.empty() ? 0 : values[0]), &out);
  const int per_mini = block_size / miniblocks;
  for (size_t start = 1; start < values.size(); start += static_cast<size_t>(block_size)) {
    const size_t count = std::min<size_t>(static_cast<size_t>(block_size), values.size() - start);
    std::vector<int64_t> deltas(count);
    for (size_t i = 0; i < count; ++i) deltas[i] = values[start + i] - values[start + i - 1];
    const int64_t min = *std::min_element(deltas.begin(), deltas.end());
    AppendUleb128(ZigZagEncode(min), &out);
    std::vector<uint64_t> rel(static_cast<size_t>(block_size), 0);
    for (size_t i = 0; i < count; ++i) rel[i] = static_cast<uint64_t>(deltas[i] - min);
    const size_t used = (count + static_cast<size_t>(per_mini) - 1) / static_cast<size_t>(per_mini);
    std::vector<int> widths(static_cast<size_t>(miniblocks), junk_width);
    for (size_t m = 0; m < used; ++m) {
      uint64_t max = 0;
      for (int i = 0; i < per_mini; ++i)
        max |= rel[m * static_cast<size_t>(per_mini) + static_cast<size_t>(i)];
      widths[m] = BitWidthOf(max);
    }
    for (int w : widths) out.push_back(static_cast<char>(w));
    for (size_t m = 0; m < used; ++m) {
      std::string packed(static_cast<size_t>(PackedBytes(per_mini, widths[m])), '\0');
      PackBits(rel.data() + m * static_cast<size_t>(per_mini), per_mini, widths[m],
               reinterpret_cast<uint8_t*>(packed.data()));
      out += packed;
    }
  }
  return out;
}

TEST(DeltaBinaryPacked, OtherBlockLayoutsAndJunkWidths) {
  std::mt19937_64 rng(3);
  for (auto [block, minis] : {std::pair{128, 1}, {256, 8}, {256, 2}, {384, 3}, {1024, 4}}) {
    for (int64_t n : {1, 2, 33, 300, 1000}) {
      std::vector<int64_t> values(static_cast<size_t>(n));
      for (auto& v : values) v = static_cast<int64_t>(rng() % 100000) - 50000;
      const std::string s = BuildStream(values, block, minis, 0xEE);
      DeltaBinaryPackedDecoder<int64_t> d;
      ASSERT_TRUE(d.Init(Bytes(s), Size(s)).ok());
      std::vector<int64_t> out(static_cast<size_t>(n));
      ASSERT_EQ(*d.GetBatch(out.data(), n), n);
      EXPECT_EQ(out, values);
      EXPECT_EQ(d.bytes_consumed(), Size(s));
    }
  }
  // The same stream read as int32.
  std::string s = BuildStream({0, 1, 2}, 128, 4, 0);
  DeltaBinaryPackedDecoder<int32_t> d32;
  ASSERT_TRUE(d32.Init(Bytes(s), Size(s)).ok());
  int32_t out[3];
  ASSERT_EQ(*d32.GetBatch(out, 3), 3);
  EXPECT_EQ(out[2], 2);
}

TEST(DeltaBinaryPacked, CorruptInputs) {
  auto init_code = [](const std::string& s, int64_t max = std::numeric_limits<int64_t>::max()) {
    DeltaBinaryPackedDecoder<int32_t> d;
    return d.Init(Bytes(s), Size(s), max).code();
  };
  EXPECT_EQ(init_code(std::string("\x80\x01\x04\x05", 4)), StatusCode::kCorrupt);  // truncated
  EXPECT_EQ(init_code(std::string("\x64\x04\x05\x02", 4)), StatusCode::kCorrupt);  // block 100
  EXPECT_EQ(init_code(std::string("\x00\x04\x05\x02", 4)), StatusCode::kCorrupt);  // block 0
  EXPECT_EQ(init_code(std::string("\x80\x01\x00\x05\x02", 5)), StatusCode::kCorrupt);
  EXPECT_EQ(init_code(std::string("\x80\x01\x08\x05\x02", 5)), StatusCode::kCorrupt);  // 16/mb
  EXPECT_EQ(init_code(std::string("\x80\x01\x03\x05\x02", 5)), StatusCode::kCorrupt);
  EXPECT_EQ(init_code(std::string("\x80\x01\x04\x05\x02", 5), 4), StatusCode::kCorrupt);
  EXPECT_EQ(init_code(std::string("\x80\x01\x04\x05\x02", 5), 5), StatusCode::kOk);

  auto decode_code = [](const std::string& s, bool wide) {
    int64_t out[200];
    if (wide) {
      DeltaBinaryPackedDecoder<int64_t> d;
      if (!d.Init(Bytes(s), Size(s)).ok()) return StatusCode::kInternal;
      return d.GetBatch(out, 200).status().code();
    }
    DeltaBinaryPackedDecoder<int32_t> d;
    if (!d.Init(Bytes(s), Size(s)).ok()) return StatusCode::kInternal;
    return d.GetBatch(reinterpret_cast<int32_t*>(out), 200).status().code();
  };
  const std::string header("\x80\x01\x04\x05\x02", 5);                           // 5 values
  EXPECT_EQ(decode_code(header, false), StatusCode::kCorrupt);                   // no block
  EXPECT_EQ(decode_code(header + "\x02\x00\x00", false), StatusCode::kCorrupt);  // widths cut
  EXPECT_EQ(decode_code(header + std::string("\x02\x01\x00\x00\x00", 5), false),
            StatusCode::kCorrupt);  // miniblock of width 1 needs 4 bytes
  EXPECT_EQ(decode_code(header + std::string("\x02\x01\x00\x00\x00", 5) + "abcd", false),
            StatusCode::kOk);
  EXPECT_EQ(
      decode_code(header + std::string("\x02\x21\x00\x00\x00", 5) + std::string(132, 'x'), false),
      StatusCode::kCorrupt);  // width 33 for int32
  EXPECT_EQ(
      decode_code(header + std::string("\x02\x21\x00\x00\x00", 5) + std::string(132, 'x'), true),
      StatusCode::kOk);
  EXPECT_EQ(
      decode_code(header + std::string("\x02\x41\x00\x00\x00", 5) + std::string(300, 'x'), true),
      StatusCode::kCorrupt);                                             // width 65
  EXPECT_EQ(decode_code(header + "\x80", false), StatusCode::kCorrupt);  // min delta cut
}

TEST(DeltaBinaryPacked, RandomBytesNeverCrash) {
  std::mt19937_64 rng(4);
  std::vector<int64_t> out(512);
  for (int iter = 0; iter < 5000; ++iter) {
    std::string s;
    // A plausible header followed by noise reaches the block decoding paths.
    if (rng() % 2 == 0)
      s = std::string("\x80\x01\x04", 3) + static_cast<char>(rng() % 128) + '\x02';
    const size_t extra = rng() % 80;
    for (size_t i = 0; i < extra; ++i)
      s.push_back(static_cast<char>(rng() % (rng() % 2 ? 8 : 256)));
    DeltaBinaryPackedDecoder<int64_t> d64;
    if (d64.Init(Bytes(s), Size(s), 100000).ok()) {
      while (true) {
        auto got = d64.GetBatch(out.data(), 1 + static_cast<int64_t>(rng() % 100));
        if (!got.ok() || *got == 0) break;
      }
    }
    DeltaBinaryPackedDecoder<int32_t> d32;
    if (d32.Init(Bytes(s), Size(s), 100000).ok()) {
      (void)d32.Skip(static_cast<int64_t>(rng() % 300));
    }
    DeltaLengthByteArrayDecoder dlba;
    (void)dlba.Init(Bytes(s), Size(s), 100000);
    DeltaByteArrayDecoder dba;
    (void)dba.Init(Bytes(s), Size(s), 100000);
  }
}

using testing::OwnedBinaryOutput;

TEST(DeltaLengthByteArray, SpecExample) {
  const std::vector<std::string_view> values = {"Hello", "World", "Foobar", "ABCDEF"};
  std::string encoded;
  ASSERT_TRUE(EncodeDeltaLengthByteArray(values.data(), 4, &encoded).ok());
  EXPECT_EQ(encoded, Encode<int32_t>({5, 5, 6, 6}) + "HelloWorldFoobarABCDEF");
  DeltaLengthByteArrayDecoder d;
  ASSERT_TRUE(d.Init(Bytes(encoded), Size(encoded), 4).ok());
  EXPECT_EQ(d.bytes_consumed(), Size(encoded));
  OwnedBinaryOutput out;
  ASSERT_EQ(*d.GetBatch(&out.out, 10), 4);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(out.Get(i), values[static_cast<size_t>(i)]);
}

TEST(DeltaByteArray, SpecExample) {
  const std::vector<std::string_view> values = {"axis", "axle", "babble", "babyhood"};
  std::string encoded;
  ASSERT_TRUE(EncodeDeltaByteArray(values.data(), 4, &encoded).ok());
  EXPECT_EQ(encoded,
            Encode<int32_t>({0, 2, 0, 3}) + Encode<int32_t>({4, 2, 6, 5}) + "axislebabbleyhood");
  DeltaByteArrayDecoder d;
  ASSERT_TRUE(d.Init(Bytes(encoded), Size(encoded), 4).ok());
  EXPECT_EQ(d.bytes_consumed(), Size(encoded));
  OwnedBinaryOutput out;
  ASSERT_EQ(*d.GetBatch(&out.out, 3), 3);
  ASSERT_EQ(*d.GetBatch(&out.out, 3), 1);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(out.Get(i), values[static_cast<size_t>(i)]);
}

std::vector<std::string> MakeStrings(int64_t n, std::mt19937_64* rng) {
  std::vector<std::string> out;
  std::string prev;
  for (int64_t i = 0; i < n; ++i) {
    std::string v = prev.substr(0, (*rng)() % (prev.size() + 1));
    const size_t extra = (*rng)() % 5 == 0 ? 0 : (*rng)() % 20;
    for (size_t j = 0; j < extra; ++j) v.push_back(static_cast<char>('a' + (*rng)() % 3));
    out.push_back(v);
    prev = v;
  }
  return out;
}

TEST(DeltaByteArray, RoundTrips) {
  std::mt19937_64 rng(5);
  for (int64_t n : kLengths) {
    const auto values = MakeStrings(n, &rng);
    std::vector<int64_t> offsets = {0};
    std::string concat;
    for (const auto& v : values) {
      concat += v;
      offsets.push_back(Size(concat));
    }
    for (bool prefix_coding : {false, true}) {
      std::string encoded;
      if (prefix_coding) {
        ASSERT_TRUE(EncodeDeltaByteArray(offsets.data(), Bytes(concat), n, &encoded).ok());
      } else {
        ASSERT_TRUE(EncodeDeltaLengthByteArray(offsets.data(), Bytes(concat), n, &encoded).ok());
      }
      const int64_t encoded_size = Size(encoded);
      encoded += "xyz";
      OwnedBinaryOutput out;
      int64_t done = 0;
      DeltaLengthByteArrayDecoder dlba;
      DeltaByteArrayDecoder dba;
      if (prefix_coding) {
        ASSERT_TRUE(dba.Init(Bytes(encoded), Size(encoded), n).ok());
        EXPECT_EQ(dba.bytes_consumed(), encoded_size);
      } else {
        ASSERT_TRUE(dlba.Init(Bytes(encoded), Size(encoded), n).ok());
        EXPECT_EQ(dlba.bytes_consumed(), encoded_size);
      }
      while (done < n) {
        const int64_t want = 1 + static_cast<int64_t>(rng() % 40);
        const int op = static_cast<int>(rng() % 4);
        int64_t got;
        if (op == 0) {
          // Skipped values become empty placeholders.
          got = prefix_coding ? *dba.Skip(want) : dlba.Skip(want);
          for (int64_t i = 0; i < got; ++i) ASSERT_TRUE(out.out.Append(nullptr, 0).ok());
        } else {
          got = prefix_coding ? *dba.GetBatch(&out.out, want) : *dlba.GetBatch(&out.out, want);
        }
        for (int64_t i = done; i < done + got; ++i) {
          ASSERT_EQ(out.Get(i), op == 0 ? std::string() : values[static_cast<size_t>(i)]) << i;
        }
        ASSERT_EQ(got, std::min(want, n - done));
        done += got;
      }
      EXPECT_EQ(out.count(), n);
    }
  }
}

TEST(DeltaByteArray, FixedLength) {
  std::mt19937_64 rng(6);
  for (int32_t width : {1, 2, 3, 16}) {
    for (int64_t n : kLengths) {
      std::string values(static_cast<size_t>(n * width), '\0');
      for (auto& c : values) c = static_cast<char>('a' + rng() % 2);
      std::string encoded;
      ASSERT_TRUE(EncodeDeltaByteArrayFixed(Bytes(values), width, n, &encoded).ok());
      DeltaByteArrayDecoder d;
      ASSERT_TRUE(d.Init(Bytes(encoded), Size(encoded), n).ok());
      std::string out(values.size(), '?');
      int64_t done = 0;
      while (done < n) {
        const int64_t want = 1 + static_cast<int64_t>(rng() % 40);
        auto got =
            d.GetBatchFixed(reinterpret_cast<uint8_t*>(out.data()) + done * width, width, want);
        ASSERT_TRUE(got.ok());
        done += *got;
      }
      EXPECT_EQ(out, values);
      if (n > 0) {
        ASSERT_TRUE(d.Init(Bytes(encoded), Size(encoded), n).ok());
        EXPECT_EQ(
            d.GetBatchFixed(reinterpret_cast<uint8_t*>(out.data()), width + 1, n).status().code(),
            StatusCode::kCorrupt);
      }
    }
  }
}

TEST(DeltaByteArray, CorruptInputs) {
  // Prefix length 3 after a 2-byte value.
  std::string bad = Encode<int32_t>({0, 3}) + Encode<int32_t>({2, 1}) + "abc";
  DeltaByteArrayDecoder d;
  EXPECT_EQ(d.Init(Bytes(bad), Size(bad), 10).code(), StatusCode::kCorrupt);
  // First value with a non-zero prefix.
  bad = Encode<int32_t>({1}) + Encode<int32_t>({1}) + "a";
  EXPECT_EQ(d.Init(Bytes(bad), Size(bad), 10).code(), StatusCode::kCorrupt);
  // Prefix and suffix counts differ.
  bad = Encode<int32_t>({0, 0}) + Encode<int32_t>({1}) + "a";
  EXPECT_EQ(d.Init(Bytes(bad), Size(bad), 10).code(), StatusCode::kCorrupt);
  // Negative prefix.
  bad = Encode<int32_t>({0, -1}) + Encode<int32_t>({1, 1}) + "ab";
  EXPECT_EQ(d.Init(Bytes(bad), Size(bad), 10).code(), StatusCode::kCorrupt);
  // Suffix bytes missing.
  bad = Encode<int32_t>({0, 1}) + Encode<int32_t>({2, 1}) + "ab";
  EXPECT_EQ(d.Init(Bytes(bad), Size(bad), 10).code(), StatusCode::kCorrupt);
  // More values than the page holds.
  bad = Encode<int32_t>({0, 1}) + Encode<int32_t>({2, 1}) + "abc";
  EXPECT_EQ(d.Init(Bytes(bad), Size(bad), 1).code(), StatusCode::kCorrupt);
  ASSERT_TRUE(d.Init(Bytes(bad), Size(bad), 2).ok());

  DeltaLengthByteArrayDecoder dl;
  bad = Encode<int32_t>({3, -1}) + "abcdef";
  EXPECT_EQ(dl.Init(Bytes(bad), Size(bad), 10).code(), StatusCode::kCorrupt);
  bad = Encode<int32_t>({3, 4}) + "abcdef";
  EXPECT_EQ(dl.Init(Bytes(bad), Size(bad), 10).code(), StatusCode::kCorrupt);
  // Lengths near INT32_MAX must not overflow the total.
  bad = Encode<int32_t>({std::numeric_limits<int32_t>::max(), std::numeric_limits<int32_t>::max()});
  EXPECT_EQ(dl.Init(Bytes(bad), Size(bad), 10).code(), StatusCode::kCorrupt);
  EXPECT_EQ(dl.total_values(), 0);
}

}  // namespace
}  // namespace silt::parquet
