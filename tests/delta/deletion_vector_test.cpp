// Deletion vector kernel: Z85, DV paths, RoaringBitmapArray parsing (each container kind,
// both cookies, portable and native formats), the DeletionVector queries, and corrupt input.

#include "silt/delta/kernel/deletion_vector.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <set>

#include "roaring_test_serializer.h"
#include "silt/common/bit_util.h"

namespace silt::delta {
namespace {

using testing::ContainerPolicy;
using testing::SerializeNative;
using testing::SerializePortable;
using testing::SerializeRoaring32;

DeletionVectorDescriptor Descriptor(std::string type, std::string value, int32_t size = 0,
                                    int64_t cardinality = 0) {
  DeletionVectorDescriptor d;
  d.storage_type = std::move(type);
  d.path_or_inline_dv = std::move(value);
  d.size_in_bytes = size;
  d.cardinality = cardinality;
  return d;
}

std::vector<uint64_t> SortedUnique(std::vector<uint64_t> rows) {
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  return rows;
}

// Checks `dv` against the sorted unique `rows` through every query, over windows that start
// and end inside, across and between 64Ki chunks.
void ExpectRows(const DeletionVector& dv, const std::vector<uint64_t>& rows, uint64_t seed = 1) {
  ASSERT_EQ(dv.cardinality(), static_cast<int64_t>(rows.size()));
  ASSERT_EQ(dv.ToRowIndexes(), rows);
  std::set<uint64_t> set(rows.begin(), rows.end());
  std::mt19937_64 rng(seed);
  std::vector<std::pair<uint64_t, int64_t>> windows = {
      {0, 1}, {0, 70000}, {65530, 20}, {65536, 65536}, {100, 0}};
  for (size_t i = 0; i < rows.size(); i += 1 + rows.size() / 50) {
    uint64_t r = rows[i];
    EXPECT_TRUE(dv.Contains(r)) << r;
    EXPECT_EQ(dv.Contains(r + 1), set.count(r + 1) != 0) << r + 1;
    if (r > 0) {
      EXPECT_EQ(dv.Contains(r - 1), set.count(r - 1) != 0) << r - 1;
    }
    uint64_t start = r > 70 ? r - 70 : 0;
    windows.push_back({start, 141});
    windows.push_back({r, 1});
    windows.push_back({start, static_cast<int64_t>(rng() % 200000)});
  }
  for (auto [first, n] : windows) {
    SCOPED_TRACE("window " + std::to_string(first) + "+" + std::to_string(n));
    // The expected keep-mask, one byte per row, from the sorted rows.
    std::vector<uint8_t> expected(static_cast<size_t>(n), 1);
    int64_t deleted = 0;
    for (auto it = std::lower_bound(rows.begin(), rows.end(), first);
         it != rows.end() && *it < first + static_cast<uint64_t>(n); ++it) {
      expected[*it - first] = 0;
      ++deleted;
    }
    EXPECT_EQ(dv.CountInRange(first, n), deleted);
    std::vector<uint8_t> keep(bit_util::BytesForBits(n) + 1, 0xA5);
    dv.FillSelection(first, n, keep.data());
    EXPECT_EQ(keep.back(), 0xA5) << "wrote past the mask";
    int64_t mismatches = 0;
    for (int64_t i = 0; i < n; ++i) {
      mismatches += bit_util::GetBit(keep.data(), i) != expected[static_cast<size_t>(i)];
    }
    EXPECT_EQ(mismatches, 0);
    std::vector<uint8_t> keep_bytes(static_cast<size_t>(n) + 1, 0xA5);
    dv.FillSelectionBytes(first, n, keep_bytes.data());
    EXPECT_EQ(keep_bytes.back(), 0xA5) << "wrote past the mask";
    keep_bytes.pop_back();
    EXPECT_TRUE(keep_bytes == expected);
  }
}

std::string Bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

// --- Z85 -------------------------------------------------------------------------------------

TEST(Z85, SpecificationVector) {
  // ZeroMQ RFC 32's example.
  const std::string bytes = Bytes({0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B});
  EXPECT_EQ(EncodeZ85(bytes), "HelloWorld");
  auto decoded = DecodeZ85("HelloWorld");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, bytes);
}

TEST(Z85, RoundTripPadsToFourBytes) {
  std::mt19937 rng(7);
  for (size_t len = 0; len <= 21; ++len) {
    std::string bytes;
    for (size_t i = 0; i < len; ++i) bytes.push_back(static_cast<char>(rng()));
    std::string text = EncodeZ85(bytes);
    EXPECT_EQ(text.size(), (len + 3) / 4 * 5);
    auto decoded = DecodeZ85(text);
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(decoded->substr(0, len), bytes);
    EXPECT_EQ(decoded->substr(len), std::string(decoded->size() - len, '\0'));
  }
  // Every alphabet character round-trips through the extremes.
  EXPECT_EQ(EncodeZ85(std::string(4, '\0')), "00000");
  EXPECT_EQ(EncodeZ85(std::string(4, '\xFF')), "%nSc0");
}

TEST(Z85, RejectsMalformedText) {
  EXPECT_EQ(DecodeZ85("abcd").status().code(), StatusCode::kCorrupt);    // not 5-aligned
  EXPECT_EQ(DecodeZ85("ab\"cd").status().code(), StatusCode::kCorrupt);  // not in alphabet
  EXPECT_EQ(DecodeZ85("ab cd").status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(DecodeZ85("abc\xC3\xA9").status().code(), StatusCode::kCorrupt);  // non-ASCII
  EXPECT_EQ(DecodeZ85(std::string("ab\0cd", 5)).status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(DecodeZ85("#####").status().code(), StatusCode::kCorrupt);  // > 2^32 - 1
  EXPECT_EQ(DecodeZ85("%nSc1").status().code(), StatusCode::kCorrupt);  // 2^32
  EXPECT_TRUE(DecodeZ85("").ok());
}

// The Rust z85 crate's tail form (delta-kernel-rs writes it): encodes `bytes` of any length.
std::string EncodeZ85WithHashTail(const std::string& bytes) {
  const size_t full = bytes.size() / 4 * 4;
  std::string out = EncodeZ85(bytes.substr(0, full));
  const size_t tail = bytes.size() - full;
  if (tail > 0) {
    // Left-padded to 4 bytes, the value's leading 4 - tail digits are '0'; they become '#'.
    std::string group = EncodeZ85(std::string(4 - tail, '\0') + bytes.substr(full));
    EXPECT_EQ(group.substr(0, 4 - tail), std::string(4 - tail, '0'));
    out += std::string(4 - tail, '#') + group.substr(4 - tail);
  }
  return out;
}

TEST(Z85, RustCrateTailForm) {
  auto decoded = DecodeZ85("##093");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, Bytes({0x03, 0x00}));
  std::mt19937 rng(3);
  for (size_t len = 0; len <= 13; ++len) {
    std::string bytes;
    for (size_t i = 0; i < len; ++i) bytes.push_back(static_cast<char>(rng()));
    auto round = DecodeZ85(EncodeZ85WithHashTail(bytes));
    ASSERT_TRUE(round.ok()) << round.status().ToString();
    EXPECT_EQ(*round, bytes);
  }
  EXPECT_EQ(DecodeZ85("##09300000").status().code(), StatusCode::kCorrupt);  // not last
  EXPECT_EQ(DecodeZ85("#%nSc").status().code(), StatusCode::kCorrupt);       // > 3 bytes
  EXPECT_EQ(DecodeZ85("###4#").status().code(), StatusCode::kCorrupt);       // > 1 byte
  EXPECT_EQ(DecodeZ85("####0").status().code(), StatusCode::kCorrupt);
}

TEST(Z85, Uuid) {
  auto uuid = DecodeZ85Uuid("^-aqEH.-t@S}K{vb[*k^");
  ASSERT_TRUE(uuid.ok());
  EXPECT_EQ(*uuid, "d2c639aa-8816-431a-aaf6-d3fe2512ff61");
  EXPECT_EQ(DecodeZ85Uuid("^-aqEH.-t@S}K{vb[*k").status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(DecodeZ85Uuid("^-aqEH.-t@S}K{vb[*k^^").status().code(), StatusCode::kCorrupt);
}

// --- Paths -----------------------------------------------------------------------------------

TEST(DeletionVectorPath, ProtocolExamples) {
  // PROTOCOL.md "JSON Example 1": random prefix "ab".
  auto with_prefix = DeletionVectorRelativePath(Descriptor("u", "ab^-aqEH.-t@S}K{vb[*k^", 40, 6));
  ASSERT_TRUE(with_prefix.ok()) << with_prefix.status().ToString();
  EXPECT_EQ(*with_prefix, "ab/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin");
  auto no_prefix = DeletionVectorRelativePath(Descriptor("u", "^-aqEH.-t@S}K{vb[*k^"));
  ASSERT_TRUE(no_prefix.ok());
  EXPECT_EQ(*no_prefix, "deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin");
  // table-with-dv-small's descriptor names its (existing) file.
  auto corpus = DeletionVectorRelativePath(Descriptor("u", "vBn[lx{q8@P<9BNH/isA"));
  ASSERT_TRUE(corpus.ok());
  EXPECT_EQ(*corpus, "deletion_vector_61d16c75-6994-46b7-a15b-8b538852e50e.bin");
  // "JSON Example 2": absolute paths pass through untouched (still URI-encoded).
  const std::string uri =
      "s3://mytable/a%20b/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin";
  auto absolute = DeletionVectorRelativePath(Descriptor("p", uri));
  ASSERT_TRUE(absolute.ok());
  EXPECT_EQ(*absolute, uri);
}

TEST(DeletionVectorPath, Errors) {
  EXPECT_EQ(DeletionVectorRelativePath(Descriptor("i", "wi5b=")).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(DeletionVectorRelativePath(Descriptor("u", "short")).status().code(),
            StatusCode::kCorrupt);
  EXPECT_EQ(DeletionVectorRelativePath(Descriptor("u", "ab^-aqEH.-t@S}K{vb[*k ")).status().code(),
            StatusCode::kCorrupt);
  EXPECT_EQ(DeletionVectorRelativePath(Descriptor("x", "whatever")).status().code(),
            StatusCode::kCorrupt);
  EXPECT_EQ(DeletionVectorRelativePath(Descriptor("", "")).status().code(), StatusCode::kCorrupt);
}

// --- Inline vectors --------------------------------------------------------------------------

TEST(InlineDeletionVector, ProtocolExample) {
  // PROTOCOL.md "JSON Example 3" (rows 3, 4, 7, 11, 18, 29) writes the native format's magic,
  // bitmap count and size big-endian, which no reader accepts (a known erratum: delta-io/delta
  // issue 1905, PRs 2050 and 3063). Its Z85 and its 32-bit bitmap are fine: the example must
  // be rejected as is, and parse once its framing is rewritten little-endian.
  const DeletionVectorDescriptor example =
      Descriptor("i", "wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L", 40, 6);
  auto as_written = DecodeInlineDeletionVector(example);
  EXPECT_EQ(as_written.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(as_written.status().message().find("magic"), std::string::npos);

  auto bytes = DecodeZ85(example.path_or_inline_dv);
  ASSERT_TRUE(bytes.ok());
  ASSERT_EQ(bytes->substr(0, 12), Bytes({0x64, 0x39, 0xD3, 0xD0, 0, 0, 0, 1, 0, 0, 0, 28}));
  std::string little_endian;
  testing::PutLE32(little_endian, 1681511376u);
  testing::PutLE32(little_endian, 1);
  testing::PutLE32(little_endian, 28);
  little_endian += bytes->substr(12);
  auto dv = DecodeInlineDeletionVector(Descriptor("i", EncodeZ85(little_endian), 40, 6));
  ASSERT_TRUE(dv.ok()) << dv.status().ToString();
  ExpectRows(*dv, {3, 4, 7, 11, 18, 29});
}

TEST(InlineDeletionVector, CorpusDescriptors) {
  // cdf-table-with-dv (delta-kernel-rs): portable format, value 4 -> rows 0, 1, 4, 5 (its CDF
  // expectations delete values 0, 1, 4, 5 at version 3 and 3 at version 5).
  auto four = DecodeInlineDeletionVector(
      Descriptor("i", "^Bg9^0rr910000000000iXQKl0rr91000935c8Xg000311onP9", 40, 4));
  ASSERT_TRUE(four.ok()) << four.status().ToString();
  EXPECT_EQ(four->ToRowIndexes(), (std::vector<uint64_t>{0, 1, 4, 5}));
  // 34 bytes, written with the Rust z85 crate's '#' tail.
  auto one = DecodeInlineDeletionVector(
      Descriptor("i", "^Bg9^0rr910000000000iXQKl0rr91000005c8Xg##093", 34, 1));
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(one->ToRowIndexes(), (std::vector<uint64_t>{3}));
  const std::string bytes = SerializePortable({7, 8, 9});
  auto hash_tail = DecodeInlineDeletionVector(
      Descriptor("i", EncodeZ85WithHashTail(bytes), static_cast<int32_t>(bytes.size()), 3));
  ASSERT_TRUE(hash_tail.ok()) << hash_tail.status().ToString();
  EXPECT_EQ(hash_tail->ToRowIndexes(), (std::vector<uint64_t>{7, 8, 9}));
}

TEST(InlineDeletionVector, TrimsPaddingAndChecksSizes) {
  const std::vector<uint64_t> rows = {1, 2, 3, 900, 70000};
  const std::string bytes = SerializePortable(rows);
  const std::string text = EncodeZ85(bytes);
  const auto size = static_cast<int32_t>(bytes.size());
  ASSERT_NE(bytes.size() % 4, 0u) << "want a padded encoding";
  auto dv = DecodeInlineDeletionVector(Descriptor("i", text, size, 5));
  ASSERT_TRUE(dv.ok()) << dv.status().ToString();
  ExpectRows(*dv, rows);

  auto code = [&](DeletionVectorDescriptor d) {
    return DecodeInlineDeletionVector(d).status().code();
  };
  EXPECT_EQ(code(Descriptor("i", text, size, 4)), StatusCode::kCorrupt);  // cardinality
  EXPECT_EQ(code(Descriptor("i", text, size, 6)), StatusCode::kCorrupt);
  EXPECT_EQ(code(Descriptor("i", text, size + 4, 5)), StatusCode::kCorrupt);  // size > data
  EXPECT_EQ(code(Descriptor("i", text, size - 4, 5)), StatusCode::kCorrupt);  // size << data
  EXPECT_EQ(code(Descriptor("i", text, -1, 5)), StatusCode::kCorrupt);
  EXPECT_EQ(code(Descriptor("i", text.substr(1), size, 5)), StatusCode::kCorrupt);
  EXPECT_EQ(code(Descriptor("u", text, size, 5)), StatusCode::kInvalidArgument);
}

// --- Roaring containers ----------------------------------------------------------------------

std::vector<uint64_t> Range(uint64_t begin, uint64_t end, uint64_t step = 1) {
  std::vector<uint64_t> rows;
  for (uint64_t r = begin; r < end; r += step) rows.push_back(r);
  return rows;
}

TEST(RoaringBitmapArray, ArrayContainers) {
  const std::vector<uint64_t> rows = {0,
                                      5,
                                      65535,
                                      65536 + 3,
                                      3 * 65536,
                                      (uint64_t{1} << 32) + 7,
                                      (uint64_t{5} << 32) + 65536 * 9 + 1};
  for (bool run_cookie : {false, true}) {
    auto dv = ParseDeletionVectorBytes(SerializePortable(rows, ContainerPolicy::kAuto, run_cookie));
    ASSERT_TRUE(dv.ok()) << dv.status().ToString();
    ExpectRows(*dv, rows);
  }
}

TEST(RoaringBitmapArray, BitmapContainers) {
  std::vector<uint64_t> rows = Range(0, 15000, 3);                          // 5000 in chunk 0
  for (uint64_t r : Range(65536 * 4 + 1, 65536 * 5, 2)) rows.push_back(r);  // 32767 in chunk 4
  rows.push_back(65536 * 6 + 100);                                          // an array between
  for (bool run_cookie : {false, true}) {
    auto dv = ParseDeletionVectorBytes(SerializePortable(rows, ContainerPolicy::kAuto, run_cookie));
    ASSERT_TRUE(dv.ok()) << dv.status().ToString();
    ExpectRows(*dv, rows);
  }
}

TEST(RoaringBitmapArray, RunContainers) {
  // Fewer than 4 containers: the run cookie omits the offset header.
  std::vector<uint64_t> few = Range(100, 70000);
  for (uint64_t r : Range(65536 * 2, 65536 * 3)) few.push_back(r);  // a full chunk: one run
  auto dv = ParseDeletionVectorBytes(SerializePortable(few, ContainerPolicy::kRuns));
  ASSERT_TRUE(dv.ok()) << dv.status().ToString();
  ExpectRows(*dv, few);
  EXPECT_LT(dv->MemoryUsage(), 1024) << "runs must stay runs";

  // Four or more containers: offsets present; runs mixed with arrays and bitmaps.
  std::vector<uint64_t> many = Range(10, 20);
  for (uint64_t r : Range(65536 + 7, 65536 + 12000, 2)) many.push_back(r);       // bitmap
  for (uint64_t r : Range(65536 * 3 + 5, 65536 * 3 + 40000)) many.push_back(r);  // run
  many.push_back(65536 * 8 + 65535);                                             // array
  for (uint64_t r : Range((uint64_t{2} << 32), (uint64_t{2} << 32) + 300000)) many.push_back(r);
  for (ContainerPolicy policy : {ContainerPolicy::kMixed, ContainerPolicy::kRuns}) {
    auto parsed = ParseDeletionVectorBytes(SerializePortable(many, policy));
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    ExpectRows(*parsed, many);
  }
}

TEST(RoaringBitmapArray, NativeFormat) {
  std::vector<uint64_t> rows = {1, 2, 3, (uint64_t{2} << 32) + 9};  // key 1 is an empty bitmap
  for (uint64_t r : Range(65536, 65536 + 6000)) rows.push_back(r);
  for (ContainerPolicy policy : {ContainerPolicy::kAuto, ContainerPolicy::kMixed}) {
    auto dv = ParseDeletionVectorBytes(SerializeNative(rows, policy));
    ASSERT_TRUE(dv.ok()) << dv.status().ToString();
    ExpectRows(*dv, SortedUnique(rows));
  }
}

TEST(RoaringBitmapArray, Empty) {
  for (const std::string& bytes : {SerializePortable({}), SerializeNative({})}) {
    auto dv = ParseDeletionVectorBytes(bytes);
    ASSERT_TRUE(dv.ok()) << dv.status().ToString();
    EXPECT_TRUE(dv->empty());
    ExpectRows(*dv, {});
  }
  // A portable bucket holding an empty 32-bit bitmap.
  std::string bytes;
  testing::PutLE32(bytes, 1681511377u);
  testing::PutLE64(bytes, 1);
  testing::PutLE32(bytes, 0);
  bytes += SerializeRoaring32({}, ContainerPolicy::kAuto);
  auto dv = ParseDeletionVectorBytes(bytes);
  ASSERT_TRUE(dv.ok()) << dv.status().ToString();
  EXPECT_TRUE(dv->empty());
}

TEST(RoaringBitmapArray, RandomRoundTrips) {
  std::mt19937_64 rng(42);
  for (int iteration = 0; iteration < 36; ++iteration) {
    std::vector<uint64_t> rows;
    int clusters = 1 + static_cast<int>(rng() % 5);
    for (int c = 0; c < clusters; ++c) {
      uint64_t base = (rng() % 3 == 0 ? (rng() % 4) << 32 : 0) + rng() % 400000;
      uint64_t span = 1 + rng() % 80000;
      double density = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
      bool dense_run = rng() % 3 == 0;
      for (uint64_t r = base; r < base + span; ++r) {
        if (dense_run || std::uniform_real_distribution<double>(0.0, 1.0)(rng) < density * 0.2) {
          rows.push_back(r);
        }
      }
    }
    rows = SortedUnique(rows);
    auto policy = static_cast<ContainerPolicy>(iteration % 3);
    SCOPED_TRACE("iteration " + std::to_string(iteration));
    auto portable = ParseDeletionVectorBytes(SerializePortable(rows, policy, iteration % 2 == 0));
    ASSERT_TRUE(portable.ok()) << portable.status().ToString();
    ExpectRows(*portable, rows, rng());
    auto native = ParseDeletionVectorBytes(SerializeNative(rows, policy));
    ASSERT_TRUE(native.ok()) << native.status().ToString();
    EXPECT_EQ(native->ToRowIndexes(), rows);
    ExpectRows(DeletionVector::FromRowIndexes(rows), rows, rng());
  }
}

TEST(DeletionVectorQueries, EdgeRanges) {
  const std::vector<uint64_t> rows = {0, 63, 64, 65535, 65536, (uint64_t{0x7FFFFFFF} << 32) + 3};
  DeletionVector dv = DeletionVector::FromRowIndexes(
      {65536, 0, 63, 64, 64, 65535, (uint64_t{0x7FFFFFFF} << 32) + 3});
  ExpectRows(dv, rows);
  const uint64_t max = std::numeric_limits<uint64_t>::max();
  EXPECT_EQ(dv.CountInRange(0, std::numeric_limits<int64_t>::max()), 6);
  EXPECT_EQ(dv.CountInRange(max - 5, 100), 0);  // saturates instead of wrapping
  EXPECT_EQ(dv.CountInRange(10, -5), 0);
  uint8_t keep[2] = {0, 0};
  dv.FillSelection(max - 3, 3, keep);
  EXPECT_EQ(keep[0], 0x07);
  dv.FillSelection(60, 0, keep);  // no-op
  EXPECT_EQ(keep[0], 0x07);
  dv.FillSelection(60, 8, keep);  // rows 60..67: 63 and 64 deleted
  EXPECT_EQ(keep[0], 0b11100111);
}

// --- Corrupt input ---------------------------------------------------------------------------

// Offset of the 32-bit bitmap in a one-bucket portable serialization.
constexpr size_t kBitmapStart = 16;

void Patch16(std::string& bytes, size_t at, uint32_t value) {
  bytes[at] = static_cast<char>(value & 0xFF);
  bytes[at + 1] = static_cast<char>((value >> 8) & 0xFF);
}
void Patch32(std::string& bytes, size_t at, uint32_t value) {
  Patch16(bytes, at, value & 0xFFFF);
  Patch16(bytes, at + 2, value >> 16);
}

void ExpectCorrupt(const std::string& bytes, const std::string& needle = "") {
  auto dv = ParseDeletionVectorBytes(bytes);
  ASSERT_FALSE(dv.ok());
  EXPECT_EQ(dv.status().code(), StatusCode::kCorrupt) << dv.status().ToString();
  EXPECT_NE(dv.status().message().find(needle), std::string::npos) << dv.status().ToString();
}

TEST(RoaringBitmapArrayCorrupt, HeaderFields) {
  const std::string good = SerializePortable({1, 2, 3});
  ASSERT_TRUE(ParseDeletionVectorBytes(good).ok());
  std::string bad = good;
  bad[3] ^= 0x40;  // (bit 0 would turn it into the native magic)
  ExpectCorrupt(bad, "magic");
  bad = good;
  Patch32(bad, 4, 1000);  // bucket count far beyond the input
  ExpectCorrupt(bad, "buckets");
  bad = good;
  bad[11] = 1;  // 2^56 buckets
  ExpectCorrupt(bad, "buckets");
  bad = good;
  Patch32(bad, 12, 0x80000000u);  // negative bucket key
  ExpectCorrupt(bad, "bucket key");
  bad = good;
  Patch32(bad, kBitmapStart, 12345);  // unknown cookie
  ExpectCorrupt(bad, "cookie");
  bad = good;
  Patch32(bad, kBitmapStart + 4, 70000);  // more containers than 16 bits allow
  ExpectCorrupt(bad, "containers");
  ExpectCorrupt(good + std::string(1, '\0'), "trailing");
  ExpectCorrupt("", "truncated");
  ExpectCorrupt(good.substr(0, 3), "truncated");
}

TEST(RoaringBitmapArrayCorrupt, KeysMustAscend) {
  for (uint32_t second_key : {5u, 3u}) {  // duplicate, then descending
    std::string bytes;
    testing::PutLE32(bytes, 1681511377u);
    testing::PutLE64(bytes, 2);
    testing::PutLE32(bytes, 5);
    bytes += SerializeRoaring32({1}, ContainerPolicy::kAuto);
    testing::PutLE32(bytes, second_key);
    bytes += SerializeRoaring32({2}, ContainerPolicy::kAuto);
    ExpectCorrupt(bytes, "not ascending");
  }
  // Container keys inside one bitmap: header entries at +8 and +12 (after cookie and count).
  std::string bytes = SerializePortable({5, 65536 + 5});
  Patch16(bytes, kBitmapStart + 12, 0);
  ExpectCorrupt(bytes, "not ascending");
}

TEST(RoaringBitmapArrayCorrupt, ContainerContents) {
  // Array values must strictly ascend (the array is the last 6 bytes).
  std::string bytes = SerializePortable({1, 2, 3});
  Patch16(bytes, bytes.size() - 2, 2);
  ExpectCorrupt(bytes, "not ascending");
  Patch16(bytes, bytes.size() - 2, 1);
  ExpectCorrupt(bytes, "not ascending");

  // Runs (1..3) and (10..11): layout cookie(4) flags(1) header(4) runs(2 + 8).
  const std::string runs = SerializePortable({1, 2, 3, 10, 11}, ContainerPolicy::kRuns);
  ASSERT_TRUE(ParseDeletionVectorBytes(runs).ok());
  const size_t run_body = kBitmapStart + 4 + 1 + 4;
  bytes = runs;
  Patch16(bytes, run_body + 2 + 4, 3);  // second run starts inside the first
  ExpectCorrupt(bytes, "overlaps");
  bytes = runs;
  Patch16(bytes, run_body + 2 + 4, 65530);  // 65530 + 1 fits; make the length overflow
  Patch16(bytes, run_body + 2 + 6, 10);
  ExpectCorrupt(bytes, "16 bits");
  bytes = runs;
  Patch16(bytes, kBitmapStart + 4 + 1 + 2, 5);  // header says 6 values, runs cover 5
  ExpectCorrupt(bytes, "cover");
  bytes = runs;
  Patch16(bytes, run_body, 200);  // run count beyond the input
  ExpectCorrupt(bytes, "truncated");

  // Bitmap popcount must match the header cardinality.
  bytes = SerializePortable(Range(0, 15000, 3));
  Patch16(bytes, kBitmapStart + 8 + 2, 5000);  // says 5001
  ExpectCorrupt(bytes, "bitmap holds 5000");
}

TEST(RoaringBitmapArrayCorrupt, NativeSizes) {
  std::string good = SerializeNative({1, 2, 3});
  ASSERT_TRUE(ParseDeletionVectorBytes(good).ok());
  std::string bad = good;
  Patch32(bad, 8, 1000);  // bitmap size beyond the input
  ExpectCorrupt(bad, "truncated");
  bad = good + std::string(4, '\0');
  Patch32(bad, 8, static_cast<uint32_t>(good.size() - 12 + 4));  // unused bytes inside
  ExpectCorrupt(bad, "unused");
  bad = good;
  Patch32(bad, 4, 0xFFFFFFFFu);
  ExpectCorrupt(bad, "bitmaps");
}

TEST(RoaringBitmapArrayCorrupt, EveryTruncationIsCorrupt) {
  std::vector<uint64_t> rows = Range(0, 15000, 3);
  for (uint64_t r : Range(70000, 71000)) rows.push_back(r);
  rows.push_back((uint64_t{3} << 32) + 17);
  for (const std::string& bytes : {SerializePortable(rows, ContainerPolicy::kMixed),
                                   SerializePortable(rows, ContainerPolicy::kAuto),
                                   SerializeNative(rows, ContainerPolicy::kMixed)}) {
    ASSERT_TRUE(ParseDeletionVectorBytes(bytes).ok());
    for (size_t len = 0; len < bytes.size(); ++len) {
      auto dv = ParseDeletionVectorBytes(std::string_view(bytes).substr(0, len));
      ASSERT_FALSE(dv.ok()) << "prefix of " << len << " bytes parsed";
      ASSERT_EQ(dv.status().code(), StatusCode::kCorrupt);
    }
  }
}

TEST(RoaringBitmapArrayCorrupt, RandomMutationsNeverCrash) {
  std::vector<uint64_t> rows = {1, 7, 8, 9, 4000};
  for (uint64_t r : Range(65536, 65536 + 5000)) rows.push_back(r);
  for (uint64_t r : Range(65536 * 5, 65536 * 5 + 9000, 2)) rows.push_back(r);
  rows.push_back((uint64_t{1} << 32) + 2);
  const std::vector<std::string> seeds = {SerializePortable(rows, ContainerPolicy::kMixed),
                                          SerializeNative(rows, ContainerPolicy::kMixed),
                                          SerializePortable({3, 4, 5}, ContainerPolicy::kRuns)};
  std::mt19937_64 rng(99);
  int parsed_ok = 0;
  for (int i = 0; i < 6000; ++i) {
    std::string bytes = seeds[i % seeds.size()];
    int flips = 1 + static_cast<int>(rng() % 3);
    for (int f = 0; f < flips; ++f) {
      // Favour the headers, where counts and lengths live.
      size_t at = rng() % 2 ? rng() % std::min<size_t>(bytes.size(), 64) : rng() % bytes.size();
      bytes[at] = static_cast<char>(rng());
    }
    auto dv = ParseDeletionVectorBytes(bytes);
    if (dv.ok()) {
      ++parsed_ok;
      ASSERT_LT(dv->cardinality(), int64_t{1} << 40);
      if (dv->cardinality() < 5'000'000) {
        ASSERT_EQ(static_cast<int64_t>(dv->ToRowIndexes().size()), dv->cardinality());
      }
    } else {
      ASSERT_EQ(dv.status().code(), StatusCode::kCorrupt) << dv.status().ToString();
    }
  }
  // Bitmap and array payload bytes can change without breaking structure.
  EXPECT_GT(parsed_ok, 0);
}

}  // namespace
}  // namespace silt::delta
