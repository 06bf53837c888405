#include "silt/parquet/thrift_compact.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace silt::parquet {
namespace {

const uint8_t* Bytes(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

TEST(ThriftCompact, VarintAndZigzagRoundTrip) {
  std::string buf;
  ThriftCompactWriter w(&buf);
  const int64_t i64s[] = {0, 1, -1, 63, -64, 64, 1LL << 40, std::numeric_limits<int64_t>::max(),
                          std::numeric_limits<int64_t>::min()};
  for (int64_t v : i64s) w.WriteI64(v);
  w.WriteI32(std::numeric_limits<int32_t>::min());
  w.WriteI32(std::numeric_limits<int32_t>::max());
  w.WriteI16(-300);
  w.WriteByte(-5);
  w.WriteDouble(3.25);
  w.WriteBinary("hello");
  w.WriteBool(true);
  w.WriteBool(false);

  ThriftCompactReader r(Bytes(buf), static_cast<int64_t>(buf.size()));
  for (int64_t v : i64s) {
    int64_t got;
    ASSERT_TRUE(r.ReadI64(&got).ok());
    EXPECT_EQ(got, v);
  }
  int32_t i32;
  ASSERT_TRUE(r.ReadI32(&i32).ok());
  EXPECT_EQ(i32, std::numeric_limits<int32_t>::min());
  ASSERT_TRUE(r.ReadI32(&i32).ok());
  EXPECT_EQ(i32, std::numeric_limits<int32_t>::max());
  int16_t i16;
  ASSERT_TRUE(r.ReadI16(&i16).ok());
  EXPECT_EQ(i16, -300);
  int8_t i8;
  ASSERT_TRUE(r.ReadByte(&i8).ok());
  EXPECT_EQ(i8, -5);
  double d;
  ASSERT_TRUE(r.ReadDouble(&d).ok());
  EXPECT_EQ(d, 3.25);
  std::string s;
  ASSERT_TRUE(r.ReadBinary(&s).ok());
  EXPECT_EQ(s, "hello");
  bool b;
  ASSERT_TRUE(r.ReadBool(&b).ok());
  EXPECT_TRUE(b);
  ASSERT_TRUE(r.ReadBool(&b).ok());
  EXPECT_FALSE(b);
  EXPECT_EQ(r.position(), static_cast<int64_t>(buf.size()));
  EXPECT_EQ(r.remaining(), 0);
}

TEST(ThriftCompact, KnownEncodings) {
  // zigzag(-1) = 1, zigzag(1) = 2, zigzag(150) = 300 = 0xAC 0x02.
  std::string buf;
  ThriftCompactWriter w(&buf);
  w.WriteI32(-1);
  w.WriteI32(1);
  w.WriteI32(150);
  EXPECT_EQ(buf, std::string("\x01\x02\xAC\x02", 4));
}

TEST(ThriftCompact, VarintErrors) {
  // 11 continuation bytes: too long.
  std::string too_long(11, '\x80');
  ThriftCompactReader r1(Bytes(too_long), 11);
  uint64_t v;
  Status st = r1.ReadVarint(&v);
  EXPECT_EQ(st.code(), StatusCode::kCorrupt);

  // Tenth byte with more than one bit: overflow.
  std::string overflow(9, '\xFF');
  overflow.push_back('\x02');
  ThriftCompactReader r2(Bytes(overflow), 10);
  EXPECT_EQ(r2.ReadVarint(&v).code(), StatusCode::kCorrupt);

  // Maximum 64-bit value is fine.
  std::string max(9, '\xFF');
  max.push_back('\x01');
  ThriftCompactReader r3(Bytes(max), 10);
  ASSERT_TRUE(r3.ReadVarint(&v).ok());
  EXPECT_EQ(v, std::numeric_limits<uint64_t>::max());

  // Truncated varint.
  std::string trunc("\x80\x80", 2);
  ThriftCompactReader r4(Bytes(trunc), 2);
  st = r4.ReadVarint(&v);
  EXPECT_EQ(st.code(), StatusCode::kCorrupt);
  EXPECT_NE(st.message().find("varint"), std::string::npos);

  // i32 out of range.
  std::string big;
  ThriftCompactWriter w(&big);
  w.WriteI64(int64_t{1} << 33);
  ThriftCompactReader r5(Bytes(big), static_cast<int64_t>(big.size()));
  int32_t i32;
  EXPECT_EQ(r5.ReadI32(&i32).code(), StatusCode::kCorrupt);
}

TEST(ThriftCompact, BinaryLengthChecks) {
  std::string buf;
  ThriftCompactWriter w(&buf);
  w.WriteVarint(100);  // claims 100 bytes
  buf += "abc";
  ThriftCompactReader r(Bytes(buf), static_cast<int64_t>(buf.size()));
  std::string_view v;
  Status st = r.ReadBinary(&v);
  EXPECT_EQ(st.code(), StatusCode::kCorrupt);
  EXPECT_NE(st.message().find("binary"), std::string::npos);

  std::string ok;
  ThriftCompactWriter w2(&ok);
  w2.WriteBinary("abcdef");
  ThriftCompactReader limited(Bytes(ok), static_cast<int64_t>(ok.size()), /*max_binary=*/4);
  EXPECT_EQ(limited.ReadBinary(&v).code(), StatusCode::kCorrupt);
}

TEST(ThriftCompact, FieldHeadersShortAndLongForm) {
  std::string buf;
  ThriftCompactWriter w(&buf);
  w.StructBegin();
  w.I32Field(1, 7);
  w.BoolField(2, true);
  w.BoolField(3, false);
  w.I64Field(20, -9);     // delta 17: long form
  w.BinaryField(5, "x");  // negative delta: long form
  w.FieldBegin(6, CompactType::kStruct);
  w.StructBegin();  // nested struct: its own id context
  w.I32Field(1, 1);
  w.I32Field(2, 2);
  w.StructEnd();
  w.I32Field(300, 3);
  w.StructEnd();

  ThriftCompactReader r(Bytes(buf), static_cast<int64_t>(buf.size()));
  int16_t last = 0;
  FieldHeader h;
  ASSERT_TRUE(r.ReadFieldHeader(&last, &h).ok());
  EXPECT_EQ(h.id, 1);
  EXPECT_EQ(h.type, CompactType::kI32);
  int32_t i32;
  ASSERT_TRUE(r.ReadI32(&i32).ok());
  EXPECT_EQ(i32, 7);
  ASSERT_TRUE(r.ReadFieldHeader(&last, &h).ok());
  EXPECT_EQ(h.id, 2);
  EXPECT_TRUE(h.bool_value);
  ASSERT_TRUE(r.ReadFieldHeader(&last, &h).ok());
  EXPECT_EQ(h.id, 3);
  EXPECT_FALSE(h.bool_value);
  EXPECT_EQ(h.type, CompactType::kBoolFalse);
  ASSERT_TRUE(r.ReadFieldHeader(&last, &h).ok());
  EXPECT_EQ(h.id, 20);
  int64_t i64;
  ASSERT_TRUE(r.ReadI64(&i64).ok());
  EXPECT_EQ(i64, -9);
  ASSERT_TRUE(r.ReadFieldHeader(&last, &h).ok());
  EXPECT_EQ(h.id, 5);
  ASSERT_TRUE(r.Skip(h.type).ok());
  ASSERT_TRUE(r.ReadFieldHeader(&last, &h).ok());
  EXPECT_EQ(h.id, 6);
  EXPECT_EQ(h.type, CompactType::kStruct);
  {
    int16_t inner_last = 0;
    ASSERT_TRUE(r.ReadFieldHeader(&inner_last, &h).ok());
    EXPECT_EQ(h.id, 1);
    ASSERT_TRUE(r.Skip(h.type).ok());
    ASSERT_TRUE(r.ReadFieldHeader(&inner_last, &h).ok());
    EXPECT_EQ(h.id, 2);
    ASSERT_TRUE(r.Skip(h.type).ok());
    ASSERT_TRUE(r.ReadFieldHeader(&inner_last, &h).ok());
    EXPECT_EQ(h.type, CompactType::kStop);
  }
  // The outer struct's id context continues after the nested one (300 = long form).
  ASSERT_TRUE(r.ReadFieldHeader(&last, &h).ok());
  EXPECT_EQ(h.id, 300);
  ASSERT_TRUE(r.ReadI32(&i32).ok());
  EXPECT_EQ(i32, 3);
  ASSERT_TRUE(r.ReadFieldHeader(&last, &h).ok());
  EXPECT_EQ(h.type, CompactType::kStop);
  EXPECT_EQ(r.remaining(), 0);
}

TEST(ThriftCompact, ListAndMapHeaders) {
  std::string buf;
  ThriftCompactWriter w(&buf);
  w.ListBegin(CompactType::kI32, 3);
  for (int i = 0; i < 3; ++i) w.WriteI32(i);
  w.ListBegin(CompactType::kBinary, 20);  // long form
  for (int i = 0; i < 20; ++i) w.WriteBinary("v");
  w.ListBegin(CompactType::kBoolTrue, 2);
  w.WriteBool(true);
  w.WriteBool(false);
  w.MapBegin(CompactType::kBinary, CompactType::kI64, 1);
  w.WriteBinary("k");
  w.WriteI64(5);
  w.MapBegin(CompactType::kBinary, CompactType::kI64, 0);

  ThriftCompactReader r(Bytes(buf), static_cast<int64_t>(buf.size()));
  ListHeader l;
  ASSERT_TRUE(r.ReadListHeader(&l).ok());
  EXPECT_EQ(l.size, 3);
  EXPECT_EQ(l.element_type, CompactType::kI32);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(r.SkipElement(l.element_type).ok());
  ASSERT_TRUE(r.ReadListHeader(&l).ok());
  EXPECT_EQ(l.size, 20);
  EXPECT_EQ(l.element_type, CompactType::kBinary);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(r.SkipElement(l.element_type).ok());
  ASSERT_TRUE(r.ReadListHeader(&l).ok());
  EXPECT_EQ(l.size, 2);
  bool b1, b2;
  ASSERT_TRUE(r.ReadBool(&b1).ok());
  ASSERT_TRUE(r.ReadBool(&b2).ok());
  EXPECT_TRUE(b1);
  EXPECT_FALSE(b2);
  ASSERT_TRUE(r.Skip(CompactType::kMap).ok());
  MapHeader m;
  ASSERT_TRUE(r.ReadMapHeader(&m).ok());
  EXPECT_EQ(m.size, 0);
  EXPECT_EQ(r.remaining(), 0);
}

TEST(ThriftCompact, ListCountCheckedAgainstRemaining) {
  std::string buf;
  ThriftCompactWriter w(&buf);
  w.ListBegin(CompactType::kI64, 1000000);
  buf += "abc";
  ThriftCompactReader r(Bytes(buf), static_cast<int64_t>(buf.size()));
  ListHeader l;
  Status st = r.ReadListHeader(&l);
  EXPECT_EQ(st.code(), StatusCode::kCorrupt);
  EXPECT_NE(st.message().find("list"), std::string::npos);

  std::string map;
  ThriftCompactWriter wm(&map);
  wm.MapBegin(CompactType::kI32, CompactType::kI32, 1000);
  ThriftCompactReader rm(Bytes(map), static_cast<int64_t>(map.size()));
  MapHeader m;
  EXPECT_EQ(rm.ReadMapHeader(&m).code(), StatusCode::kCorrupt);
}

TEST(ThriftCompact, SkipDepthLimit) {
  // 100 nested structs: field 1 of type struct, repeated.
  std::string buf;
  for (int i = 0; i < 100; ++i) buf.push_back(static_cast<char>(0x1C));
  buf.append(101, '\0');
  ThriftCompactReader r(Bytes(buf), static_cast<int64_t>(buf.size()));
  Status st = r.Skip(CompactType::kStruct);
  EXPECT_EQ(st.code(), StatusCode::kCorrupt);
  EXPECT_NE(st.message().find("nesting"), std::string::npos);

  ThriftCompactReader shallow(Bytes(buf), static_cast<int64_t>(buf.size()));
  EXPECT_TRUE(shallow.Skip(CompactType::kStruct, /*max_depth=*/200).ok());

  // Nested lists of lists.
  std::string lists(200, static_cast<char>(0x19));
  ThriftCompactReader rl(Bytes(lists), static_cast<int64_t>(lists.size()));
  EXPECT_EQ(rl.Skip(CompactType::kList).code(), StatusCode::kCorrupt);
}

TEST(ThriftCompact, InvalidTypesAreCorrupt) {
  std::string buf("\x1D", 1);  // field delta 1, type 13
  ThriftCompactReader r(Bytes(buf), 1);
  int16_t last = 0;
  FieldHeader h;
  EXPECT_EQ(r.ReadFieldHeader(&last, &h).code(), StatusCode::kCorrupt);

  std::string list("\x1F\x00", 2);  // one element of type 15
  ThriftCompactReader rl(Bytes(list), 2);
  ListHeader l;
  EXPECT_EQ(rl.ReadListHeader(&l).code(), StatusCode::kCorrupt);
}

TEST(ThriftCompact, TruncationNeverReadsPastEnd) {
  // Build a rich struct, then parse every prefix with Skip: all must fail cleanly except
  // the full input.
  std::string buf;
  ThriftCompactWriter w(&buf);
  w.StructBegin();
  w.I32Field(1, 123456);
  w.BinaryField(2, "some string value");
  w.FieldBegin(3, CompactType::kList);
  w.ListBegin(CompactType::kStruct, 2);
  for (int i = 0; i < 2; ++i) {
    w.StructBegin();
    w.I64Field(1, i);
    w.FieldBegin(2, CompactType::kDouble);
    w.WriteDouble(1.5);
    w.StructEnd();
  }
  w.BoolField(4, true);
  w.FieldBegin(5, CompactType::kMap);
  w.MapBegin(CompactType::kBinary, CompactType::kBinary, 1);
  w.WriteBinary("a");
  w.WriteBinary("b");
  w.StructEnd();
  for (size_t n = 0; n < buf.size(); ++n) {
    std::string prefix = buf.substr(0, n);  // own allocation so ASan catches overreads
    ThriftCompactReader r(Bytes(prefix), static_cast<int64_t>(n));
    EXPECT_EQ(r.Skip(CompactType::kStruct).code(), StatusCode::kCorrupt) << n;
  }
  ThriftCompactReader full(Bytes(buf), static_cast<int64_t>(buf.size()));
  EXPECT_TRUE(full.Skip(CompactType::kStruct).ok());
  EXPECT_EQ(full.remaining(), 0);
}

}  // namespace
}  // namespace silt::parquet
