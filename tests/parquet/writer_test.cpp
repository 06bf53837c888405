#include "silt/parquet/writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "silt/common/decimal.h"
#include "silt/expr/predicate_parser.h"
#include "silt/parquet/writer_schema.h"
#include "silt/parquet/writer_statistics.h"
#include "writer_test_util.h"

namespace silt::parquet {
namespace {

using testing::ColumnOf;
using testing::CompareArrays;
using testing::RandomData;
using testing::ReadBytes;
using testing::WriteToBytes;

SchemaPtr MakeSchema(std::vector<FieldPtr> fields) {
  return std::make_shared<Schema>(std::move(fields));
}

RecordBatchPtr MakeBatch(const SchemaPtr& schema, std::vector<ArrayDataPtr> cols) {
  const int64_t n = cols.empty() ? 0 : cols[0]->length;
  return std::make_shared<RecordBatch>(schema, n, std::move(cols));
}

/// Every primitive type, nullable, plus a required column.
SchemaPtr FlatSchema() {
  return MakeSchema({
      field("b", boolean()),
      field("i8", int8()),
      field("i16", int16()),
      field("i32", int32()),
      field("i64", int64()),
      field("u8", uint8()),
      field("u16", uint16()),
      field("u32", uint32()),
      field("u64", uint64()),
      field("f32", float32()),
      field("f64", float64()),
      field("d7", decimal64(7, 2)),
      field("d12", decimal64(12, 0)),
      field("d18", decimal64(18, 4)),
      field("d38", decimal128(38, 10)),
      field("s", utf8()),
      field("bin", binary()),
      field("fb", fixed_binary(5)),
      field("date", date32()),
      field("t_us", time64(silt::TimeUnit::kMicro)),
      field("t_ns", time64(silt::TimeUnit::kNano)),
      field("ts_ms", timestamp(silt::TimeUnit::kMilli)),
      field("ts_us_utc", timestamp(silt::TimeUnit::kMicro, "UTC")),
      field("ts_ns", timestamp(silt::TimeUnit::kNano)),
      field("iv", interval()),
      field("nul", null()),
      field("req", int64(), /*nullable=*/false),
  });
}

/// Writes random batches and checks every value reads back; returns the bytes.
std::string RoundTrip(const SchemaPtr& schema, const std::vector<RecordBatchPtr>& batches,
                      const ParquetWriteOptions& options) {
  auto bytes = WriteToBytes(schema, batches, options);
  EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
  if (!bytes.ok()) return "";
  auto back = ReadBytes(*bytes);
  EXPECT_TRUE(back.ok()) << back.status().ToString();
  if (!back.ok()) return "";
  EXPECT_EQ(back->schema->num_fields(), schema->num_fields());
  for (int c = 0; c < schema->num_fields() && c < back->schema->num_fields(); ++c) {
    EXPECT_TRUE(back->schema->field(c)->type->Equals(*schema->field(c)->type))
        << schema->field(c)->name << ": " << back->schema->field(c)->type->ToString() << " vs "
        << schema->field(c)->type->ToString();
    EXPECT_EQ(back->schema->field(c)->nullable, schema->field(c)->nullable)
        << schema->field(c)->name;
    EXPECT_EQ(CompareArrays(*ColumnOf(batches, c), *back->columns[static_cast<size_t>(c)],
                            schema->field(c)->name),
              "");
  }
  return *bytes;
}

std::vector<RecordBatchPtr> RandomBatches(const SchemaPtr& schema, uint64_t seed, int count,
                                          int64_t rows, double null_p) {
  RandomData rd(seed);
  std::vector<RecordBatchPtr> out;
  for (int i = 0; i < count; ++i) out.push_back(*rd.Batch(schema, rows, null_p));
  return out;
}

class WriterCodecTest : public ::testing::TestWithParam<CompressionCodec> {};

TEST_P(WriterCodecTest, FlatTypesRoundTrip) {
  SchemaPtr schema = FlatSchema();
  auto batches = RandomBatches(schema, 7, 3, 700, 0.2);
  ParquetWriteOptions options;
  options.compression = GetParam();
  options.page_bytes = 2000;
  options.row_group_rows = 900;
  std::string bytes = RoundTrip(schema, batches, options);
  auto back = ReadBytes(bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->metadata.row_groups.size(), 3u);  // 2100 rows / 900
  for (const auto& rg : back->metadata.row_groups) {
    for (const auto& cc : rg.columns) EXPECT_EQ(cc.meta_data->codec, GetParam());
  }
}

INSTANTIATE_TEST_SUITE_P(Codecs, WriterCodecTest,
                         ::testing::Values(CompressionCodec::kUncompressed,
                                           CompressionCodec::kSnappy, CompressionCodec::kZstd,
                                           CompressionCodec::kGzip, CompressionCodec::kBrotli,
                                           CompressionCodec::kLz4Raw));

TEST(ParquetWriter, OptionVariantsRoundTrip) {
  SchemaPtr schema = FlatSchema();
  auto batches = RandomBatches(schema, 11, 2, 1500, 0.3);
  for (int variant = 0; variant < 4; ++variant) {
    SCOPED_TRACE(variant);
    ParquetWriteOptions options;
    options.dictionary = variant % 2 == 0;
    options.data_page_v2 = variant >= 2;
    options.write_page_crc = true;
    options.page_bytes = 512;
    options.compression = CompressionCodec::kZstd;
    options.compression_level = 5;
    options.parallelism = 1 + variant % 3;
    RoundTrip(schema, batches, options);
  }
}

TEST(ParquetWriter, PhysicalSchema) {
  auto ws = BuildWriterSchema(*FlatSchema());
  ASSERT_TRUE(ws.ok());
  auto find = [&](const std::string& name) -> const SchemaElement& {
    for (const auto& e : (*ws)->elements) {
      if (e.name == name) return e;
    }
    static SchemaElement none;
    ADD_FAILURE() << "no element " << name;
    return none;
  };
  EXPECT_EQ(find("i8").type, Type::kInt32);
  EXPECT_EQ(find("i8").logical_type->bit_width, 8);
  EXPECT_EQ(find("u32").logical_type->is_signed, false);
  EXPECT_EQ(find("u64").type, Type::kInt64);
  EXPECT_EQ(find("u64").converted_type, ConvertedType::kUint64);
  EXPECT_EQ(find("d7").type, Type::kInt32);
  EXPECT_EQ(find("d12").type, Type::kInt64);
  EXPECT_EQ(find("d18").type, Type::kInt64);
  EXPECT_EQ(find("d38").type, Type::kFixedLenByteArray);
  EXPECT_EQ(find("d38").type_length, 16);
  EXPECT_EQ(find("d38").precision, 38);
  EXPECT_EQ(find("s").converted_type, ConvertedType::kUtf8);
  EXPECT_EQ(find("t_us").logical_type->is_adjusted_to_utc, false);
  EXPECT_EQ(find("ts_us_utc").logical_type->is_adjusted_to_utc, true);
  EXPECT_EQ(find("ts_us_utc").converted_type, ConvertedType::kTimestampMicros);
  EXPECT_FALSE(find("ts_ms").converted_type.has_value());
  EXPECT_EQ(find("iv").type_length, 12);
  EXPECT_EQ(find("iv").converted_type, ConvertedType::kInterval);
  EXPECT_EQ(find("nul").logical_type->kind, LogicalType::Kind::kUnknown);
  EXPECT_EQ(find("req").repetition_type, FieldRepetitionType::kRequired);
  EXPECT_EQ(DecimalByteWidth(9), 4);
  EXPECT_EQ(DecimalByteWidth(10), 5);
  EXPECT_EQ(DecimalByteWidth(19), 9);
  EXPECT_EQ(DecimalByteWidth(38), 16);
}

TEST(ParquetWriter, TimestampZoneReadsBackAsUtc) {
  auto schema = MakeSchema({field("ts", timestamp(silt::TimeUnit::kMicro, "Europe/Paris"))});
  auto a = *MakeArray<int64_t>(schema->field(0)->type, {1, 2, 3});
  auto bytes = WriteToBytes(schema, {MakeBatch(schema, {a})});
  ASSERT_TRUE(bytes.ok());
  auto back = ReadBytes(*bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->schema->field(0)->type->ToString(),
            timestamp(silt::TimeUnit::kMicro, "UTC")->ToString());
  EXPECT_EQ(CompareArrays(*a, *back->columns[0], "ts"), "");
}

TEST(ParquetWriter, NonNullableFieldWithNullsIsRejected) {
  auto schema = MakeSchema({field("x", int32(), /*nullable=*/false)});
  auto a = *MakeArray<int32_t>(int32(), {1, 2, 3}, {true, false, true});
  auto bytes = WriteToBytes(schema, {MakeBatch(schema, {a})});
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bytes.status().message().find("'x'"), std::string::npos) << bytes.status().ToString();

  // A required child of a struct may hold nulls only under null parents.
  auto inner = field("v", int32(), false);
  auto schema2 = MakeSchema({field("s", struct_({inner}))});
  ArrayBuilder b(schema2->field(0)->type);
  ASSERT_TRUE(b.child(0)->Append<int32_t>(1).ok());
  ASSERT_TRUE(b.AppendStructValid().ok());
  ASSERT_TRUE(b.AppendNull().ok());  // child gets a null under a null parent: fine
  auto ok_array = *b.Finish();
  EXPECT_TRUE(WriteToBytes(schema2, {MakeBatch(schema2, {ok_array})}).ok());
  ASSERT_TRUE(b.child(0)->AppendNull().ok());
  ASSERT_TRUE(b.AppendStructValid().ok());
  auto bad_array = *b.Finish();
  auto bad = WriteToBytes(schema2, {MakeBatch(schema2, {bad_array})});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("s.v"), std::string::npos) << bad.status().ToString();
}

TEST(ParquetWriter, UnrepresentableValuesAreRejected) {
  auto schema = MakeSchema({field("iv", interval())});
  uint8_t bytes[16] = {};
  const int64_t nanos = 1500;  // not whole milliseconds
  std::memcpy(bytes + 8, &nanos, 8);
  ArrayBuilder b(interval());
  ASSERT_TRUE(b.AppendFixed(bytes).ok());
  auto r = WriteToBytes(schema, {MakeBatch(schema, {*b.Finish()})});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("'iv'"), std::string::npos);
  const int32_t negative_months = -1;
  std::memset(bytes, 0, sizeof(bytes));
  std::memcpy(bytes, &negative_months, 4);
  ArrayBuilder nb(interval());
  ASSERT_TRUE(nb.AppendFixed(bytes).ok());
  auto r_neg = WriteToBytes(schema, {MakeBatch(schema, {*nb.Finish()})});
  ASSERT_FALSE(r_neg.ok());
  EXPECT_EQ(r_neg.status().code(), StatusCode::kInvalidArgument);

  auto dschema = MakeSchema({field("d", decimal128(3, 0))});
  auto d = *MakeArray<__int128>(decimal128(3, 0), {static_cast<__int128>(1000)});
  auto r2 = WriteToBytes(dschema, {MakeBatch(dschema, {d})});
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.status().code(), StatusCode::kInvalidArgument);
  for (int32_t p : {3, 12}) {  // INT32 and INT64 from decimal64 check the precision too
    auto d64schema = MakeSchema({field("d", decimal64(p, 0))});
    auto d64 = *MakeArray<int64_t>(decimal64(p, 0), {1, -static_cast<int64_t>(Pow10Int128(p))});
    auto r3 = WriteToBytes(d64schema, {MakeBatch(d64schema, {d64})});
    ASSERT_FALSE(r3.ok()) << p;
    EXPECT_EQ(r3.status().code(), StatusCode::kInvalidArgument);
  }

  auto bad_type = MakeBatch(schema, {*MakeArray<int32_t>(int32(), {1})});
  EXPECT_FALSE(WriteToBytes(schema, {bad_type}).ok());
}

TEST(ParquetWriter, DictionaryAndConstantInputs) {
  auto schema = MakeSchema({field("s", utf8()), field("i", int64()), field("c", utf8())});
  auto dict =
      *MakeArray<std::string>(utf8(), {"red", "green", "", "blue"}, {true, true, false, true});
  auto indices = *MakeArray<int32_t>(int32(), {0, 1, 2, 3, 3, 0, 1, 0},
                                     {true, true, true, true, false, true, true, true});
  auto s = std::make_shared<ArrayData>(*indices);
  s->type = utf8();
  s->encoding = silt::Encoding::kDictionary;
  s->dictionary = dict;
  auto ivals = *MakeArray<int64_t>(int64(), {10, 20});
  auto iidx = *MakeArray<int32_t>(int32(), {1, 1, 0, 1, 0, 0, 1, 1});
  auto i = std::make_shared<ArrayData>(*iidx);
  i->type = int64();
  i->encoding = silt::Encoding::kDictionary;
  i->dictionary = ivals;
  auto c = MakeConstantArray(*MakeArray<std::string>(utf8(), {"k"}), 8);
  auto batch = MakeBatch(schema, {s, i, c});
  for (bool dictionary : {true, false}) {
    ParquetWriteOptions options;
    options.dictionary = dictionary;
    RoundTrip(schema, {batch, batch->Slice(3, 4)}, options);
  }
}

TEST(ParquetWriter, DictionaryFallsBackToPlain) {
  auto schema = MakeSchema({field("s", utf8()), field("i", int64())});
  ArrayBuilder sb(utf8());
  ArrayBuilder ib(int64());
  for (int k = 0; k < 20000; ++k) {
    std::string v(k < 5000 ? "v" : "u");
    v += std::to_string(k < 5000 ? k % 10 : k);
    ASSERT_TRUE(sb.AppendString(v).ok());
    ASSERT_TRUE(ib.Append<int64_t>(k < 5000 ? k % 7 : k).ok());
  }
  auto batch = MakeBatch(schema, {*sb.Finish(), *ib.Finish()});
  ParquetWriteOptions options;
  options.dictionary_page_bytes_limit = 4096;
  options.page_bytes = 8192;
  std::string bytes = RoundTrip(schema, {batch}, options);
  auto back = ReadBytes(bytes);
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->metadata.row_groups.size(), 1u);
  for (const auto& cc : back->metadata.row_groups[0].columns) {
    const auto& meta = *cc.meta_data;
    auto has = [&](Encoding e) {
      return std::find(meta.encodings.begin(), meta.encodings.end(), e) != meta.encodings.end();
    };
    EXPECT_TRUE(has(Encoding::kRleDictionary));
    EXPECT_TRUE(has(Encoding::kPlain));
    ASSERT_TRUE(meta.dictionary_page_offset.has_value());
    int dict_pages = 0, dict_data = 0, plain_data = 0;
    for (const auto& s : meta.encoding_stats) {
      if (s.page_type == PageType::kDictionaryPage) dict_pages += s.count;
      if (s.page_type == PageType::kDataPage && s.encoding == Encoding::kRleDictionary)
        dict_data += s.count;
      if (s.page_type == PageType::kDataPage && s.encoding == Encoding::kPlain)
        plain_data += s.count;
    }
    EXPECT_EQ(dict_pages, 1);
    EXPECT_GE(dict_data, 1);
    EXPECT_GE(plain_data, 1);
  }
  // Without a dictionary the reader keeps no dictionary either way; with keep_dictionary off
  // the values are identical.
  ParquetReadOptions ro;
  ro.keep_dictionary = false;
  auto plain_back = ReadBytes(bytes, ro);
  ASSERT_TRUE(plain_back.ok());
  EXPECT_EQ(CompareArrays(*batch->column(0), *plain_back->columns[0], "s"), "");
}

TEST(ParquetWriter, ChunkStatistics) {
  auto schema = MakeSchema({field("i", int32()), field("u", uint32()), field("f", float64()),
                            field("z", float32()), field("nan", float64()), field("s", utf8()),
                            field("bin", binary()), field("d", decimal128(30, 2)),
                            field("iv", interval()), field("allnull", int64())});
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto i = *MakeArray<int32_t>(int32(), {5, -3, 7, 0}, {true, true, true, false});
  auto u = *MakeArray<uint32_t>(uint32(), {1, 4000000000u, 7, 2});
  auto f = *MakeArray<double>(float64(), {1.5, nan, -2.5, 3.0});
  auto z = *MakeArray<float>(float32(), {0.0f, 0.0f, -0.0f, 0.0f});
  auto allnan = *MakeArray<double>(float64(), {nan, nan, 0, 0}, {true, true, false, false});
  const std::string long_a(100, 'a');
  std::string long_max =
      std::string(70, 'z') + "\xe6\x97\xa5\xe6\x9c\xac";  // multi-byte at the cut
  auto s = *MakeArray<std::string>(utf8(), {long_a + "b", long_max, "m", "zz"});
  auto bin = *MakeArray<std::string>(binary(), {std::string(80, '\xff'), "a", "b", "c"});
  auto d = *MakeArray<__int128>(decimal128(30, 2),
                                {static_cast<__int128>(-5), static_cast<__int128>(3),
                                 static_cast<__int128>(-700), static_cast<__int128>(2)});
  RandomData rd(3);
  auto iv = *rd.Array(*schema->field(8), 4, 0);
  auto allnull = *MakeArray<int64_t>(int64(), {0, 0, 0, 0}, {false, false, false, false});
  auto bytes =
      WriteToBytes(schema, {MakeBatch(schema, {i, u, f, z, allnan, s, bin, d, iv, allnull})});
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto back = ReadBytes(*bytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  const auto& cols = back->metadata.row_groups[0].columns;
  auto stats = [&](int c) { return *cols[static_cast<size_t>(c)].meta_data->statistics; };
  auto i32 = [](const std::string& s) {
    int32_t v;
    std::memcpy(&v, s.data(), 4);
    return v;
  };
  auto f64 = [](const std::string& s) {
    double v;
    std::memcpy(&v, s.data(), 8);
    return v;
  };
  EXPECT_EQ(i32(*stats(0).min_value), -3);
  EXPECT_EQ(i32(*stats(0).max_value), 7);
  EXPECT_EQ(*stats(0).null_count, 1);
  EXPECT_EQ(static_cast<uint32_t>(i32(*stats(1).min_value)), 1u);
  EXPECT_EQ(static_cast<uint32_t>(i32(*stats(1).max_value)), 4000000000u);  // unsigned order
  EXPECT_EQ(f64(*stats(2).min_value), -2.5);
  EXPECT_EQ(f64(*stats(2).max_value), 3.0);
  EXPECT_EQ(*stats(2).nan_count, 1);
  float zmin, zmax;
  std::memcpy(&zmin, stats(3).min_value->data(), 4);
  std::memcpy(&zmax, stats(3).max_value->data(), 4);
  EXPECT_TRUE(zmin == 0 && std::signbit(zmin));
  EXPECT_TRUE(zmax == 0 && !std::signbit(zmax));
  EXPECT_FALSE(stats(4).min_value.has_value());
  EXPECT_FALSE(stats(4).max_value.has_value());
  EXPECT_EQ(*stats(4).nan_count, 2);
  // Strings: min truncated to 64 bytes, max truncated on a character boundary and bumped.
  EXPECT_EQ(*stats(5).min_value, std::string(64, 'a'));
  EXPECT_FALSE(*stats(5).is_min_value_exact);
  EXPECT_EQ(*stats(5).max_value, std::string(63, 'z') + "{");
  EXPECT_FALSE(*stats(5).is_max_value_exact);
  // Binary max of all 0xFF cannot be truncated upwards: omitted.
  EXPECT_EQ(*stats(6).min_value, "a");
  EXPECT_FALSE(stats(6).max_value.has_value());
  // Decimal FLBA: signed big-endian.
  ASSERT_EQ(stats(7).min_value->size(), 13u);
  EXPECT_EQ(static_cast<uint8_t>((*stats(7).min_value)[0]), 0xFF);
  EXPECT_EQ(static_cast<uint8_t>((*stats(7).max_value)[12]), 3);
  EXPECT_FALSE(stats(8).min_value.has_value());  // INTERVAL has no order
  EXPECT_EQ(*stats(9).null_count, 4);
  EXPECT_FALSE(stats(9).min_value.has_value());
  // Column orders are declared for every leaf.
  ASSERT_EQ(back->metadata.column_orders.size(), 10u);
  for (const auto& o : back->metadata.column_orders) EXPECT_TRUE(o.type_defined_order);
}

/// The unscaled value of row i of a plain decimal array of either storage.
__int128 Unscaled(const ArrayData& a, int64_t i) {
  if (a.type->id() == TypeId::kDecimal64) return a.values<int64_t>()[i];
  return a.values<__int128>()[i];
}

// Every precision reads back in its canonical storage (decimal64 up to 18 digits) with the
// physical type the writer picks for it, whichever storage was written.
TEST(ParquetWriter, DecimalStorageByPrecision) {
  for (int32_t p = 1; p <= 38; ++p) {
    SCOPED_TRACE(p);
    const int32_t s = p / 3;
    const __int128 top = Pow10Int128(p) - 1;
    std::vector<__int128> values = {top, -top, 0, 1, -1, top / 7, -(top / 3)};
    std::vector<bool> valid = {true, true, true, false, true, true, true};
    std::vector<DataTypePtr> written;
    written.push_back(decimal128(p, s));
    if (p <= 18) written.push_back(decimal64(p, s));
    for (const DataTypePtr& type : written) {
      ArrayDataPtr a;
      if (type->id() == TypeId::kDecimal64) {
        std::vector<int64_t> narrow(values.begin(), values.end());
        a = *MakeArray<int64_t>(type, narrow, valid);
      } else {
        a = *MakeArray<__int128>(type, values, valid);
      }
      auto schema = MakeSchema({field("d", type)});
      for (bool dictionary : {false, true}) {
        ParquetWriteOptions options;
        options.dictionary = dictionary;
        auto bytes = WriteToBytes(schema, {MakeBatch(schema, {a}), MakeBatch(schema, {a})},
                                  options);
        ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
        auto back = ReadBytes(*bytes);
        ASSERT_TRUE(back.ok()) << back.status().ToString();
        const DataType& got = *back->schema->field(0)->type;
        EXPECT_TRUE(got.Equals(*decimal(p, s))) << got.ToString();
        EXPECT_EQ(got.id(), p <= 18 ? TypeId::kDecimal64 : TypeId::kDecimal128);
        const Type physical = back->metadata.row_groups[0].columns[0].meta_data->type;
        EXPECT_EQ(physical, p <= 9    ? Type::kInt32
                            : p <= 18 ? Type::kInt64
                                      : Type::kFixedLenByteArray);
        auto flat = Flatten(back->columns[0]);
        ASSERT_TRUE(flat.ok());
        const ArrayData& r = **flat;
        ASSERT_EQ(r.length, 14);
        for (int64_t i = 0; i < r.length; ++i) {
          const size_t k = static_cast<size_t>(i % 7);
          ASSERT_EQ(r.IsValid(i), valid[k]) << i;
          if (valid[k]) {
            EXPECT_TRUE(Unscaled(r, i) == values[k]) << i;
          }
        }
      }
    }
  }
}

// INT64 decimals (decimal64) keep signed int64 statistics that prune row groups.
TEST(ParquetWriter, Decimal64StatisticsAndPruning) {
  auto schema = MakeSchema({field("d", decimal64(15, 2))});
  std::vector<RecordBatchPtr> batches;
  for (int64_t g = 0; g < 4; ++g) {
    std::vector<int64_t> v;
    for (int64_t i = 0; i < 100; ++i) v.push_back((g - 2) * 1000000 + i * 7);
    batches.push_back(MakeBatch(schema, {*MakeArray<int64_t>(decimal64(15, 2), v)}));
  }
  ParquetWriteOptions options;
  options.row_group_rows = 100;
  auto bytes = WriteToBytes(schema, batches, options);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto back = ReadBytes(*bytes);
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->metadata.row_groups.size(), 4u);
  const auto& st = *back->metadata.row_groups[0].columns[0].meta_data->statistics;
  int64_t mn, mx;
  std::memcpy(&mn, st.min_value->data(), 8);
  std::memcpy(&mx, st.max_value->data(), 8);
  EXPECT_EQ(mn, -2000000);
  EXPECT_EQ(mx, -2000000 + 99 * 7);
  // d < -15000.00 holds in row group 0 only; d = 10000.07 in row group 3 only.
  for (const char* where : {"d < -15000.00", "d = 10000.07", "d >= '10000.07'"}) {
    SCOPED_TRACE(where);
    ParquetReadOptions ro;
    ro.predicate = *ParsePredicate(where);
    auto reader = ParquetFileReader::Open(testing::FileOf(*bytes), ro);
    ASSERT_TRUE(reader.ok());
    auto read = (*reader)->ReadAll();
    ASSERT_TRUE(read.ok());
    EXPECT_EQ((*reader)->metrics().row_groups_pruned, 3);
  }
}

TEST(ParquetWriter, TruncationHelpers) {
  bool exact = false;
  EXPECT_EQ(TruncateMin("abc", 5, false, &exact), "abc");
  EXPECT_TRUE(exact);
  EXPECT_EQ(TruncateMin("abcdef", 3, false, &exact), "abc");
  EXPECT_FALSE(exact);
  EXPECT_EQ(*TruncateMax("abcdef", 3, false, &exact), "abd");
  EXPECT_EQ(*TruncateMax(std::string("ab\xff\xff", 4) + "x", 4, false, &exact), "ac");
  EXPECT_FALSE(TruncateMax(std::string(5, '\xff'), 3, false, &exact).has_value());
  // UTF-8: "aé" + "日" cut at 4 bytes keeps "aé" (3 bytes) and bumps é to ê.
  const std::string s = "a\xc3\xa9\xe6\x97\xa5x";
  EXPECT_EQ(TruncateMin(s, 4, true, &exact), "a\xc3\xa9");
  EXPECT_EQ(*TruncateMax(s, 4, true, &exact), "a\xc3\xaa");
  // U+10FFFF cannot be bumped: the character before it is.
  const std::string top =
      "b\xf4\x8f\xbf\xbf"
      "cc";
  EXPECT_EQ(*TruncateMax(top, 5, true, &exact), "c");
  // The character before a surrogate gap skips it.
  EXPECT_EQ(*TruncateMax("\xed\x9f\xbf"
                         "abc",
                         3, true, &exact),
            "\xee\x80\x80");
}

TEST(ParquetWriter, KeyValueMetadataAndFieldIds) {
  auto schema = std::make_shared<Schema>(
      std::vector<FieldPtr>{field("a", int32(), true, {}, 7),
                            field("l", list(field("element", utf8(), true, {}, 9)), true, {}, 8)},
      KeyValueMetadata{{"origin", "test"}, {"k", "schema"}});
  ParquetWriteOptions options;
  options.key_value_metadata = {{"k", "option"}, {"extra", "1"}};
  auto a = *MakeArray<int32_t>(int32(), {1});
  ArrayBuilder lb(schema->field(1)->type);
  ASSERT_TRUE(lb.child(0)->AppendString("x").ok());
  ASSERT_TRUE(lb.AppendListRow().ok());
  auto bytes = WriteToBytes(schema, {MakeBatch(schema, {a, *lb.Finish()})}, options);
  ASSERT_TRUE(bytes.ok());
  auto back = ReadBytes(*bytes);
  ASSERT_TRUE(back.ok());
  const auto& kv = back->metadata.key_value_metadata;
  ASSERT_EQ(kv.size(), 3u);
  EXPECT_EQ(kv[0].key, "origin");
  EXPECT_EQ(*kv[1].value, "option");
  EXPECT_EQ(kv[2].key, "extra");
  EXPECT_EQ(back->schema->field(0)->field_id, 7);
  EXPECT_EQ(back->schema->field(1)->field_id, 8);
  EXPECT_EQ(back->schema->field(1)->type->children()[0]->field_id, 9);
  EXPECT_EQ(*back->metadata.created_by, "silt version 0.1");
}

TEST(ParquetWriter, EmptyFileAndWriterState) {
  auto schema = MakeSchema({field("a", int32())});
  auto bytes = WriteToBytes(schema, {});
  ASSERT_TRUE(bytes.ok());
  auto back = ReadBytes(*bytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->num_rows, 0);
  EXPECT_TRUE(back->metadata.row_groups.empty());

  auto fs = std::make_shared<io::InMemoryFileSystem>();
  auto writer = ParquetFileWriter::Open(fs->OpenForWrite("x").MoveValue(), schema);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Write(*MakeBatch(schema, {*MakeArray<int32_t>(int32(), {1, 2})})).ok());
  ASSERT_TRUE((*writer)->Close().ok());
  EXPECT_EQ((*writer)->stats().rows_written, 2);
  EXPECT_EQ((*writer)->stats().row_groups, 1);
  EXPECT_GT((*writer)->stats().bytes_written, 12);
  EXPECT_FALSE((*writer)->Write(*MakeBatch(schema, {*MakeArray<int32_t>(int32(), {1})})).ok());

  ParquetWriteOptions bad;
  bad.compression = CompressionCodec::kLzo;
  EXPECT_FALSE(ParquetFileWriter::Open(fs->OpenForWrite("y").MoveValue(), schema, bad).ok());
  EXPECT_FALSE(ParquetFileWriter::Open(fs->OpenForWrite("z").MoveValue(),
                                       MakeSchema({field("e", struct_({}))}))
                   .ok());
}

}  // namespace
}  // namespace silt::parquet
