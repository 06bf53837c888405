#include "silt/parquet/metadata.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>

#include "silt/io/file_system.h"
#include "silt/parquet/footer.h"
#include "silt/parquet/thrift_compact.h"

namespace silt::parquet {
namespace {

namespace fs = std::filesystem;

const uint8_t* Bytes(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }
int64_t Size(const std::string& s) { return static_cast<int64_t>(s.size()); }

std::string TestingDir() {
  return std::string(SILT_SOURCE_DIR) + "/../shared/testdata/parquet/parquet-testing";
}

Statistics SampleStatistics() {
  Statistics s;
  s.max = std::string("\x05\x00\x00\x00", 4);
  s.min = std::string("\x01\x00\x00\x00", 4);
  s.null_count = 3;
  s.distinct_count = 17;
  s.max_value = "zz";
  s.min_value = std::string("a\0b", 3);
  s.is_max_value_exact = true;
  s.is_min_value_exact = false;
  s.nan_count = 0;
  return s;
}

FileMetaData SampleFileMetaData() {
  FileMetaData m;
  m.version = 2;
  SchemaElement root;
  root.name = "schema";
  root.num_children = 4;
  m.schema.push_back(root);

  SchemaElement a;
  a.name = "a";
  a.type = Type::kInt64;
  a.repetition_type = FieldRepetitionType::kRequired;
  a.field_id = 7;
  a.logical_type = LogicalType{};
  a.logical_type->kind = LogicalType::Kind::kTimestamp;
  a.logical_type->is_adjusted_to_utc = true;
  a.logical_type->unit = TimeUnit::kNanos;
  m.schema.push_back(a);

  SchemaElement b;
  b.name = "b";
  b.type = Type::kFixedLenByteArray;
  b.type_length = 16;
  b.repetition_type = FieldRepetitionType::kOptional;
  b.converted_type = ConvertedType::kDecimal;
  b.scale = 2;
  b.precision = 38;
  b.logical_type = LogicalType{};
  b.logical_type->kind = LogicalType::Kind::kDecimal;
  b.logical_type->scale = 2;
  b.logical_type->precision = 38;
  m.schema.push_back(b);

  SchemaElement c;
  c.name = "c";
  c.type = Type::kInt32;
  c.repetition_type = FieldRepetitionType::kRepeated;
  c.converted_type = ConvertedType::kUint16;
  c.logical_type = LogicalType{};
  c.logical_type->kind = LogicalType::Kind::kInteger;
  c.logical_type->bit_width = 16;
  c.logical_type->is_signed = false;
  m.schema.push_back(c);

  SchemaElement d;
  d.name = "d";
  d.type = Type::kByteArray;
  d.repetition_type = FieldRepetitionType::kOptional;
  d.logical_type = LogicalType{};
  d.logical_type->kind = LogicalType::Kind::kGeography;
  d.logical_type->crs = "OGC:CRS84";
  d.logical_type->algorithm = 2;
  m.schema.push_back(d);

  m.num_rows = 1000;
  for (int g = 0; g < 2; ++g) {
    RowGroup group;
    group.total_byte_size = 12345 + g;
    group.num_rows = 500;
    group.file_offset = 4;
    group.total_compressed_size = 999;
    group.ordinal = static_cast<int16_t>(g);
    group.sorting_columns.push_back({0, true, false});
    for (int col = 0; col < 4; ++col) {
      ColumnChunk chunk;
      chunk.file_offset = 100 * col;
      chunk.offset_index_offset = 5000;
      chunk.offset_index_length = 40;
      chunk.column_index_offset = 6000;
      chunk.column_index_length = 50;
      ColumnMetaData& md = chunk.meta_data.emplace();
      md.type = Type::kInt64;
      md.encodings = {Encoding::kPlain, Encoding::kRle, Encoding::kRleDictionary};
      md.path_in_schema = {"outer", "inner" + std::to_string(col)};
      md.codec = CompressionCodec::kZstd;
      md.num_values = 500;
      md.total_uncompressed_size = 4000;
      md.total_compressed_size = 1234;
      md.key_value_metadata.push_back({"k", std::string("v")});
      md.key_value_metadata.push_back({"no_value", std::nullopt});
      md.data_page_offset = 4 + col;
      md.dictionary_page_offset = 3;
      md.index_page_offset = 77;
      md.statistics = SampleStatistics();
      md.encoding_stats.push_back({PageType::kDictionaryPage, Encoding::kPlain, 1});
      md.encoding_stats.push_back({PageType::kDataPage, Encoding::kRleDictionary, 3});
      md.bloom_filter_offset = 8000;
      md.bloom_filter_length = 256;
      SizeStatistics& ss = md.size_statistics.emplace();
      ss.unencoded_byte_array_data_bytes = 42;
      ss.definition_level_histogram = {1, 2, 3};
      ss.repetition_level_histogram = {4, 5};
      if (col == 3) chunk.file_path = "other.parquet";
      group.columns.push_back(chunk);
    }
    m.row_groups.push_back(group);
  }
  m.key_value_metadata.push_back({"ARROW:schema", std::string(300, 'x')});
  m.created_by = "silt version 0.1";
  m.column_orders.resize(4);
  m.column_orders[0].type_defined_order = true;
  m.column_orders[1].ieee754_total_order = true;
  m.column_orders[2].type_defined_order = true;
  m.column_orders[3].int96_timestamp_order = true;
  return m;
}

TEST(ParquetMetadata, FileMetaDataRoundTrip) {
  FileMetaData m = SampleFileMetaData();
  std::string bytes;
  SerializeFileMetaData(m, &bytes);
  auto parsed = ParseFileMetaData(Bytes(bytes), Size(bytes));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_TRUE(*parsed == m);
  EXPECT_EQ(parsed->schema[1].logical_type->unit, TimeUnit::kNanos);
  EXPECT_EQ(parsed->row_groups[1].columns[2].meta_data->path_in_schema[1], "inner2");

  // Serialization is deterministic and appends.
  std::string again = "prefix";
  SerializeFileMetaData(*parsed, &again);
  EXPECT_EQ(again, "prefix" + bytes);
}

TEST(ParquetMetadata, AllLogicalTypesRoundTrip) {
  using Kind = LogicalType::Kind;
  for (int k = static_cast<int>(Kind::kString); k < static_cast<int>(Kind::kOther); ++k) {
    FileMetaData m;
    m.version = 1;
    SchemaElement e;
    e.name = "x";
    e.type = Type::kByteArray;
    e.logical_type = LogicalType{};
    e.logical_type->kind = static_cast<Kind>(k);
    if (e.logical_type->kind == Kind::kTime) e.logical_type->unit = TimeUnit::kMicros;
    if (e.logical_type->kind == Kind::kVariant) e.logical_type->specification_version = 1;
    if (e.logical_type->kind == Kind::kGeometry) e.logical_type->crs = "srid:4326";
    m.schema.push_back(e);
    std::string bytes;
    SerializeFileMetaData(m, &bytes);
    auto parsed = ParseFileMetaData(Bytes(bytes), Size(bytes));
    ASSERT_TRUE(parsed.ok()) << k << " " << parsed.status().ToString();
    EXPECT_TRUE(*parsed == m) << k;
  }
}

TEST(ParquetMetadata, PageHeaderRoundTrip) {
  PageHeader dict;
  dict.type = PageType::kDictionaryPage;
  dict.uncompressed_page_size = 100;
  dict.compressed_page_size = 60;
  dict.crc = -12345;
  dict.dictionary_page_header = DictionaryPageHeader{10, Encoding::kPlain, true};

  PageHeader v1;
  v1.type = PageType::kDataPage;
  v1.uncompressed_page_size = 1 << 20;
  v1.compressed_page_size = 1 << 19;
  v1.data_page_header = DataPageHeader{};
  v1.data_page_header->num_values = 1000;
  v1.data_page_header->encoding = Encoding::kRleDictionary;
  v1.data_page_header->statistics = SampleStatistics();

  PageHeader v2;
  v2.type = PageType::kDataPageV2;
  v2.uncompressed_page_size = 500;
  v2.compressed_page_size = 300;
  v2.data_page_header_v2 = DataPageHeaderV2{};
  v2.data_page_header_v2->num_values = 50;
  v2.data_page_header_v2->num_nulls = 5;
  v2.data_page_header_v2->num_rows = 10;
  v2.data_page_header_v2->encoding = Encoding::kDeltaBinaryPacked;
  v2.data_page_header_v2->definition_levels_byte_length = 7;
  v2.data_page_header_v2->repetition_levels_byte_length = 3;
  v2.data_page_header_v2->is_compressed = false;

  PageHeader index;
  index.type = PageType::kIndexPage;
  index.has_index_page_header = true;

  for (const PageHeader* h : {&dict, &v1, &v2, &index}) {
    std::string bytes;
    SerializePageHeader(*h, &bytes);
    std::string with_payload = bytes + "PAYLOAD";
    int64_t header_size = -1;
    auto parsed = ParsePageHeader(Bytes(with_payload), Size(with_payload), &header_size);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(header_size, Size(bytes));
    EXPECT_TRUE(*parsed == *h);
  }
}

TEST(ParquetMetadata, DataPageV2IsCompressedDefaultsToTrue) {
  std::string bytes;
  ThriftCompactWriter w(&bytes);
  w.StructBegin();
  w.I32Field(1, static_cast<int32_t>(PageType::kDataPageV2));
  w.I32Field(2, 10);
  w.I32Field(3, 10);
  w.FieldBegin(8, CompactType::kStruct);
  w.StructBegin();
  for (int16_t id = 1; id <= 6; ++id) w.I32Field(id, 0);
  w.StructEnd();
  w.StructEnd();
  auto parsed = ParsePageHeader(Bytes(bytes), Size(bytes), nullptr);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_TRUE(parsed->data_page_header_v2->is_compressed);
}

TEST(ParquetMetadata, PageIndexRoundTrip) {
  ColumnIndex ci;
  ci.null_pages = {false, true, false};
  ci.min_values = {"a", "", "m"};
  ci.max_values = {"f", "", "z"};
  ci.boundary_order = BoundaryOrder::kAscending;
  ci.null_counts = std::vector<int64_t>{0, 10, 2};
  ci.definition_level_histograms = {1, 2, 3, 4, 5, 6};
  std::string bytes;
  SerializeColumnIndex(ci, &bytes);
  auto parsed_ci = ParseColumnIndex(Bytes(bytes), Size(bytes));
  ASSERT_TRUE(parsed_ci.ok()) << parsed_ci.status().ToString();
  EXPECT_TRUE(*parsed_ci == ci);

  OffsetIndex oi;
  oi.page_locations = {{4, 100, 0}, {104, 200, 50}, {304, 20, 75}};
  oi.unencoded_byte_array_data_bytes = {10, 20, 30};
  bytes.clear();
  SerializeOffsetIndex(oi, &bytes);
  auto parsed_oi = ParseOffsetIndex(Bytes(bytes), Size(bytes));
  ASSERT_TRUE(parsed_oi.ok()) << parsed_oi.status().ToString();
  EXPECT_TRUE(*parsed_oi == oi);

  // Mismatched per-page list lengths are corrupt.
  ci.max_values.pop_back();
  bytes.clear();
  SerializeColumnIndex(ci, &bytes);
  EXPECT_EQ(ParseColumnIndex(Bytes(bytes), Size(bytes)).status().code(), StatusCode::kCorrupt);
}

TEST(ParquetMetadata, MissingRequiredFieldsAreCorrupt) {
  // FileMetaData without num_rows.
  std::string bytes;
  ThriftCompactWriter w(&bytes);
  w.StructBegin();
  w.I32Field(1, 1);
  w.FieldBegin(2, CompactType::kList);
  w.ListBegin(CompactType::kStruct, 1);
  w.StructBegin();
  w.BinaryField(4, "root");
  w.StructEnd();
  w.FieldBegin(4, CompactType::kList);
  w.ListBegin(CompactType::kStruct, 0);
  w.StructEnd();
  auto r = ParseFileMetaData(Bytes(bytes), Size(bytes));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(r.status().message().find("num_rows"), std::string::npos);

  // SchemaElement without a name.
  FileMetaData m = SampleFileMetaData();
  std::string good;
  SerializeFileMetaData(m, &good);
  bytes.clear();
  ThriftCompactWriter w2(&bytes);
  w2.StructBegin();
  w2.FieldBegin(2, CompactType::kList);
  w2.ListBegin(CompactType::kStruct, 1);
  w2.StructBegin();
  w2.I32Field(5, 0);
  w2.StructEnd();
  w2.StructEnd();
  r = ParseFileMetaData(Bytes(bytes), Size(bytes));
  EXPECT_EQ(r.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(r.status().message().find("name"), std::string::npos);

  // Page header without compressed_page_size.
  bytes.clear();
  ThriftCompactWriter w3(&bytes);
  w3.StructBegin();
  w3.I32Field(1, 0);
  w3.I32Field(2, 10);
  w3.StructEnd();
  auto ph = ParsePageHeader(Bytes(bytes), Size(bytes), nullptr);
  EXPECT_EQ(ph.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(ph.status().message().find("compressed_page_size"), std::string::npos);

  // A data page without its data_page_header.
  bytes.clear();
  ThriftCompactWriter w4(&bytes);
  w4.StructBegin();
  w4.I32Field(1, 0);
  w4.I32Field(2, 10);
  w4.I32Field(3, 10);
  w4.StructEnd();
  ph = ParsePageHeader(Bytes(bytes), Size(bytes), nullptr);
  EXPECT_EQ(ph.status().code(), StatusCode::kCorrupt);
}

TEST(ParquetMetadata, NegativeValuesAreCorrupt) {
  {
    FileMetaData m = SampleFileMetaData();
    m.row_groups[1].columns[2].meta_data->total_compressed_size = -1;
    std::string bytes;
    SerializeFileMetaData(m, &bytes);
    auto r = ParseFileMetaData(Bytes(bytes), Size(bytes));
    ASSERT_EQ(r.status().code(), StatusCode::kCorrupt);
    EXPECT_NE(r.status().ToString().find("row group 1"), std::string::npos);
    EXPECT_NE(r.status().ToString().find("column chunk 2"), std::string::npos);
  }
  {
    FileMetaData m = SampleFileMetaData();
    m.num_rows = -5;
    std::string bytes;
    SerializeFileMetaData(m, &bytes);
    EXPECT_EQ(ParseFileMetaData(Bytes(bytes), Size(bytes)).status().code(),
              StatusCode::kCorrupt);
  }
  {
    FileMetaData m = SampleFileMetaData();
    m.schema[2].type = static_cast<Type>(42);
    std::string bytes;
    SerializeFileMetaData(m, &bytes);
    EXPECT_EQ(ParseFileMetaData(Bytes(bytes), Size(bytes)).status().code(),
              StatusCode::kCorrupt);
  }
  {
    PageHeader h;
    h.type = PageType::kDictionaryPage;
    h.uncompressed_page_size = -1;
    h.compressed_page_size = 0;
    h.dictionary_page_header = DictionaryPageHeader{};
    std::string bytes;
    SerializePageHeader(h, &bytes);
    EXPECT_EQ(ParsePageHeader(Bytes(bytes), Size(bytes), nullptr).status().code(),
              StatusCode::kCorrupt);
  }
  {
    PageHeader h;
    h.type = PageType::kDataPageV2;
    h.uncompressed_page_size = 10;
    h.compressed_page_size = 10;
    h.data_page_header_v2 = DataPageHeaderV2{};
    h.data_page_header_v2->definition_levels_byte_length = 8;
    h.data_page_header_v2->repetition_levels_byte_length = 8;
    std::string bytes;
    SerializePageHeader(h, &bytes);
    EXPECT_EQ(ParsePageHeader(Bytes(bytes), Size(bytes), nullptr).status().code(),
              StatusCode::kCorrupt);
  }
}

TEST(ParquetMetadata, UnknownFieldsAndUnionMembersAreSkipped) {
  std::string bytes;
  ThriftCompactWriter w(&bytes);
  w.StructBegin();
  w.I32Field(1, 1);
  w.FieldBegin(2, CompactType::kList);
  w.ListBegin(CompactType::kStruct, 2);
  w.StructBegin();
  w.BinaryField(4, "root");
  w.I32Field(5, 1);
  w.StructEnd();
  w.StructBegin();
  w.I32Field(1, static_cast<int32_t>(Type::kInt32));
  w.BinaryField(4, "x");
  w.FieldBegin(10, CompactType::kStruct);  // logicalType with an unknown member 40
  w.StructBegin();
  w.FieldBegin(40, CompactType::kStruct);
  w.StructBegin();
  w.I64Field(1, 99);
  w.StructEnd();
  w.StructEnd();
  w.FieldBegin(77, CompactType::kMap);  // unknown field with a map payload
  w.MapBegin(CompactType::kBinary, CompactType::kDouble, 1);
  w.WriteBinary("k");
  w.WriteDouble(1.0);
  w.StructEnd();
  w.I64Field(3, 0);
  w.FieldBegin(4, CompactType::kList);
  w.ListBegin(CompactType::kStruct, 0);
  w.FieldBegin(100, CompactType::kList);  // unknown trailing field
  w.ListBegin(CompactType::kBinary, 2);
  w.WriteBinary("a");
  w.WriteBinary("b");
  w.StructEnd();
  auto r = ParseFileMetaData(Bytes(bytes), Size(bytes));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->schema.size(), 2u);
  ASSERT_TRUE(r->schema[1].logical_type.has_value());
  EXPECT_EQ(r->schema[1].logical_type->kind, LogicalType::Kind::kOther);

  // A known field with the wrong wire type is skipped, so a required one is then missing.
  std::string bad;
  ThriftCompactWriter wb(&bad);
  wb.StructBegin();
  wb.BinaryField(1, "not an i32");
  wb.StructEnd();
  auto rb = ParseFileMetaData(Bytes(bad), Size(bad));
  EXPECT_EQ(rb.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(rb.status().message().find("'version' is missing"), std::string::npos);
}

TEST(ParquetMetadata, MemoryAmplificationIsBounded) {
  // One row group holding 300k minimal column chunks (3 bytes each on the wire, ~600 bytes
  // in memory): rejected before allocating, instead of expanding 1 MB into 180 MB.
  std::string bytes;
  ThriftCompactWriter w(&bytes);
  w.StructBegin();
  w.I32Field(1, 1);
  w.FieldBegin(2, CompactType::kList);
  w.ListBegin(CompactType::kStruct, 1);
  w.StructBegin();
  w.BinaryField(4, "root");
  w.StructEnd();
  w.I64Field(3, 0);
  w.FieldBegin(4, CompactType::kList);
  w.ListBegin(CompactType::kStruct, 1);
  w.StructBegin();
  w.FieldBegin(1, CompactType::kList);
  constexpr int kChunks = 300000;
  w.ListBegin(CompactType::kStruct, kChunks);
  for (int i = 0; i < kChunks; ++i) {
    w.StructBegin();
    w.I64Field(2, 0);
    w.StructEnd();
  }
  w.I64Field(2, 0);
  w.I64Field(3, 0);
  w.StructEnd();
  w.StructEnd();
  auto r = ParseFileMetaData(Bytes(bytes), Size(bytes));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(r.status().message().find("memory"), std::string::npos) << r.status().ToString();
}

TEST(ParquetMetadata, EveryTruncationIsCorrupt) {
  FileMetaData m = SampleFileMetaData();
  std::string bytes;
  SerializeFileMetaData(m, &bytes);
  for (size_t n = 0; n < bytes.size(); ++n) {
    std::string prefix = bytes.substr(0, n);
    auto r = ParseFileMetaData(Bytes(prefix), Size(prefix));
    ASSERT_FALSE(r.ok()) << n;
    EXPECT_EQ(r.status().code(), StatusCode::kCorrupt) << n;
  }
}

TEST(ParquetMetadata, RandomMutationsNeverCrash) {
  FileMetaData m = SampleFileMetaData();
  std::string bytes;
  SerializeFileMetaData(m, &bytes);
  std::mt19937 rng(1234);
  int parsed_ok = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    std::string mutated = bytes;
    int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) {
      mutated[rng() % mutated.size()] = static_cast<char>(rng() & 0xFF);
    }
    auto r = ParseFileMetaData(Bytes(mutated), Size(mutated));
    if (r.ok()) {
      ++parsed_ok;
    } else {
      EXPECT_EQ(r.status().code(), StatusCode::kCorrupt);
    }
    int64_t header_size = 0;
    (void)ParsePageHeader(Bytes(mutated), Size(mutated), &header_size);
    (void)ParseColumnIndex(Bytes(mutated), Size(mutated));
    (void)ParseOffsetIndex(Bytes(mutated), Size(mutated));
  }
  EXPECT_GT(parsed_ok, 0);
}

// ---------------------------------------------------------------------------------------
// Footer

std::string MakeFile(const std::string& metadata) {
  std::string file = "PAR1";
  file += "fake column data";
  file += metadata;
  uint32_t len = static_cast<uint32_t>(metadata.size());
  for (int i = 0; i < 4; ++i) file.push_back(static_cast<char>((len >> (8 * i)) & 0xFF));
  file += "PAR1";
  return file;
}

Result<FileMetaData> ReadFromBytes(const std::string& bytes, int64_t* bytes_read = nullptr,
                                   int64_t* reads = nullptr) {
  io::InMemoryFileSystem fs;
  fs.Put("f.parquet", bytes);
  auto file = fs.OpenForRead("f.parquet");
  if (!file.ok()) return file.status();
  io::CountingFile counting(*file);
  auto r = ReadFileMetaData(counting, bytes_read);
  if (reads != nullptr) *reads = counting.reads();
  return r;
}

TEST(ParquetFooter, ReadsSmallFooterInOneRead) {
  FileMetaData m = SampleFileMetaData();
  std::string metadata;
  SerializeFileMetaData(m, &metadata);
  std::string file = MakeFile(metadata);
  int64_t bytes_read = 0, reads = 0;
  auto r = ReadFromBytes(file, &bytes_read, &reads);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(*r == m);
  EXPECT_EQ(reads, 1);
  EXPECT_EQ(bytes_read, Size(file));
}

TEST(ParquetFooter, ReadsLargeFooter) {
  FileMetaData m = SampleFileMetaData();
  m.key_value_metadata.push_back({"big", std::string(200000, 'q')});
  std::string metadata;
  SerializeFileMetaData(m, &metadata);
  std::string file = MakeFile(metadata);
  int64_t bytes_read = 0, reads = 0;
  auto r = ReadFromBytes(file, &bytes_read, &reads);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(*r == m);
  EXPECT_EQ(reads, 3);  // tail, head magic, whole footer
  EXPECT_EQ(bytes_read, kFooterSpeculativeReadSize + 4 + Size(metadata));
}

TEST(ParquetFooter, BadFilesAreRejected) {
  FileMetaData m = SampleFileMetaData();
  std::string metadata;
  SerializeFileMetaData(m, &metadata);
  std::string good = MakeFile(metadata);

  std::string bad_tail = good;
  bad_tail[bad_tail.size() - 1] = 'X';
  auto r = ReadFromBytes(bad_tail);
  EXPECT_EQ(r.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(r.status().message().find("PAR1"), std::string::npos);

  std::string bad_head = good;
  bad_head[0] = 'X';
  EXPECT_EQ(ReadFromBytes(bad_head).status().code(), StatusCode::kCorrupt);

  std::string encrypted = good;
  encrypted.replace(encrypted.size() - 4, 4, "PARE");
  r = ReadFromBytes(encrypted);
  EXPECT_EQ(r.status().code(), StatusCode::kNotSupported);
  EXPECT_NE(r.status().message().find("Parquet modular encryption (encrypted footer)"),
            std::string::npos);

  std::string too_long = good;
  too_long[too_long.size() - 5] = 0x7F;  // footer length high byte
  r = ReadFromBytes(too_long);
  EXPECT_EQ(r.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(r.status().message().find("footer length"), std::string::npos);

  EXPECT_EQ(ReadFromBytes("PAR1PAR1").status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(ReadFromBytes("").status().code(), StatusCode::kCorrupt);
  // Smallest framing with an empty footer: the metadata itself is then corrupt.
  EXPECT_EQ(ReadFromBytes(std::string("PAR1\0\0\0\0PAR1", 12)).status().code(),
            StatusCode::kCorrupt);

  // Plaintext footer with encryption markers: append field 8 (an empty EncryptionAlgorithm
  // union) after the last field, column_orders (7), so the short form has delta 1.
  std::string enc_meta;
  SerializeFileMetaData(m, &enc_meta);
  enc_meta.pop_back();  // the outer STOP
  enc_meta += std::string("\x1C\x00\x00", 3);
  r = ReadFromBytes(MakeFile(enc_meta));
  EXPECT_EQ(r.status().code(), StatusCode::kNotSupported) << r.status().ToString();
  EXPECT_NE(r.status().message().find("Parquet modular encryption"), std::string::npos);
}

TEST(ParquetFooter, IOErrorsPropagate) {
  FileMetaData m = SampleFileMetaData();
  std::string metadata;
  SerializeFileMetaData(m, &metadata);
  io::InMemoryFileSystem fs;
  fs.Put("f", MakeFile(metadata));
  io::FaultInjectingFile file(*fs.OpenForRead("f"));
  file.FailReadNumber(0);
  auto r = ReadFileMetaData(file, nullptr);
  EXPECT_EQ(r.status().code(), StatusCode::kIO);
}

// ---------------------------------------------------------------------------------------
// parquet-testing files

std::vector<fs::path> FilesIn(const fs::path& dir, const std::string& suffix) {
  std::vector<fs::path> out;
  if (!fs::exists(dir)) return out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.size() >= suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<FileMetaData> ReadLocal(const fs::path& path, int64_t* bytes_read = nullptr) {
  SILT_ASSIGN_OR_RETURN(auto file, io::LocalFileSystem()->OpenForRead(path.string()));
  return ReadFileMetaData(*file, bytes_read);
}

TEST(ParquetTestingFiles, AllDataFilesParse) {
  auto files = FilesIn(TestingDir() + "/data", ".parquet");
  if (files.empty()) GTEST_SKIP() << "parquet-testing data not found under " << TestingDir();
  for (const auto& path : files) {
    int64_t bytes_read = 0;
    auto r = ReadLocal(path, &bytes_read);
    ASSERT_TRUE(r.ok()) << path << ": " << r.status().ToString();
    EXPECT_GT(bytes_read, 0);
    EXPECT_FALSE(r->schema.empty()) << path;
    // Serialize and re-parse: the model keeps everything it read.
    std::string bytes;
    SerializeFileMetaData(*r, &bytes);
    auto again = ParseFileMetaData(Bytes(bytes), Size(bytes));
    ASSERT_TRUE(again.ok()) << path << ": " << again.status().ToString();
    // Unknown logical types (kOther) are not written back.
    FileMetaData expected = *r;
    for (auto& e : expected.schema) {
      if (e.logical_type && e.logical_type->kind == LogicalType::Kind::kOther) {
        e.logical_type.reset();
      }
    }
    EXPECT_TRUE(*again == expected) << path;
    // Note: FileMetaData.num_rows need not equal the row groups' sum in real files
    // (repeated_no_annotation.parquet says 0 for 6 rows); readers trust the row groups.
  }
}

TEST(ParquetTestingFiles, SpotChecks) {
  if (!fs::exists(TestingDir() + "/data")) GTEST_SKIP() << "parquet-testing data not found";
  auto plain = ReadLocal(TestingDir() + "/data/alltypes_plain.parquet");
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_EQ(plain->num_rows, 8);
  EXPECT_EQ(plain->schema.size(), 12u);
  EXPECT_EQ(plain->schema[1].name, "id");
  EXPECT_EQ(plain->schema[1].type, Type::kInt32);

  auto unknown = ReadLocal(TestingDir() + "/data/unknown-logical-type.parquet");
  ASSERT_TRUE(unknown.ok()) << unknown.status().ToString();
  bool saw_other = false;
  for (const auto& e : unknown->schema) {
    if (e.logical_type && e.logical_type->kind == LogicalType::Kind::kOther) saw_other = true;
  }
  EXPECT_TRUE(saw_other);

  auto lz4 = ReadLocal(TestingDir() + "/data/hadoop_lz4_compressed.parquet");
  ASSERT_TRUE(lz4.ok());
  EXPECT_EQ(lz4->row_groups[0].columns[0].meta_data->codec, CompressionCodec::kLz4);

  auto kv = ReadLocal(TestingDir() + "/data/column_chunk_key_value_metadata.parquet");
  ASSERT_TRUE(kv.ok());
  EXPECT_FALSE(kv->row_groups[0].columns[0].meta_data->key_value_metadata.empty());
}

TEST(ParquetTestingFiles, EncryptedFilesAreNotSupported) {
  auto files = FilesIn(TestingDir() + "/data", ".parquet.encrypted");
  if (files.empty()) GTEST_SKIP() << "parquet-testing data not found under " << TestingDir();
  for (const auto& path : files) {
    auto r = ReadLocal(path);
    ASSERT_FALSE(r.ok()) << path;
    EXPECT_EQ(r.status().code(), StatusCode::kNotSupported) << path << r.status().ToString();
    EXPECT_NE(r.status().message().find("Parquet modular encryption"), std::string::npos)
        << path;
  }
}

TEST(ParquetTestingFiles, MutatedFootersNeverCrash) {
  auto files = FilesIn(TestingDir() + "/data", ".parquet");
  if (files.empty()) GTEST_SKIP() << "parquet-testing data not found under " << TestingDir();
  std::mt19937 rng(99);
  for (const auto& path : files) {
    auto file = io::LocalFileSystem()->OpenForRead(path.string());
    ASSERT_TRUE(file.ok());
    int64_t size = *(*file)->Size();
    auto trailer = (*file)->ReadAt(size - 8, 8);
    ASSERT_TRUE(trailer.ok());
    const uint8_t* t = (*trailer)->data();
    int64_t length = t[0] | (t[1] << 8) | (t[2] << 16) | (int64_t{t[3]} << 24);
    auto footer = (*file)->ReadAt(size - 8 - length, length);
    ASSERT_TRUE(footer.ok());
    std::string bytes(reinterpret_cast<const char*>((*footer)->data()), length);
    for (int iter = 0; iter < 40; ++iter) {
      std::string mutated = bytes;
      int flips = 1 + static_cast<int>(rng() % 3);
      for (int f = 0; f < flips; ++f) {
        mutated[rng() % mutated.size()] = static_cast<char>(rng() & 0xFF);
      }
      if (iter % 8 == 0) mutated.resize(rng() % mutated.size());
      auto r = ParseFileMetaData(Bytes(mutated), Size(mutated));
      if (!r.ok()) {
        EXPECT_EQ(r.status().code(), StatusCode::kCorrupt) << path;
      }
    }
  }
}

TEST(ParquetTestingFiles, BadDataDoesNotCrash) {
  auto files = FilesIn(TestingDir() + "/bad_data", ".parquet");
  if (files.empty()) GTEST_SKIP() << "parquet-testing bad_data not found";
  for (const auto& path : files) {
    auto r = ReadLocal(path);
    std::string outcome = r.ok() ? "footer parses" : r.status().MessageWithContext();
    std::printf("  bad_data/%s: %s\n", path.filename().c_str(), outcome.c_str());
  }
}

}  // namespace
}  // namespace silt::parquet
