#pragma once

// C++ mirrors of the structures in apache/parquet-format's parquet.thrift, with parsers and
// serializers for the Thrift compact protocol. Field names follow the thrift file (in
// snake_case); optional thrift fields are std::optional. Enum values are stored as read:
// apart from `Type` (validated at parse time) a value may lie outside the named
// enumerators, and consumers must treat such values as unsupported.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "silt/common/status.h"

namespace silt::parquet {

/// Physical type (thrift `Type`).
enum class Type : int32_t {
  kBoolean = 0,
  kInt32 = 1,
  kInt64 = 2,
  kInt96 = 3,
  kFloat = 4,
  kDouble = 5,
  kByteArray = 6,
  kFixedLenByteArray = 7,
};

/// Deprecated logical annotation (thrift `ConvertedType`).
enum class ConvertedType : int32_t {
  kUtf8 = 0,
  kMap = 1,
  kMapKeyValue = 2,
  kList = 3,
  kEnum = 4,
  kDecimal = 5,
  kDate = 6,
  kTimeMillis = 7,
  kTimeMicros = 8,
  kTimestampMillis = 9,
  kTimestampMicros = 10,
  kUint8 = 11,
  kUint16 = 12,
  kUint32 = 13,
  kUint64 = 14,
  kInt8 = 15,
  kInt16 = 16,
  kInt32 = 17,
  kInt64 = 18,
  kJson = 19,
  kBson = 20,
  kInterval = 21,
};

/// thrift `FieldRepetitionType`. kVector (format 2.12+) is not supported by readers.
enum class FieldRepetitionType : int32_t {
  kRequired = 0,
  kOptional = 1,
  kRepeated = 2,
  kVector = 3,
};

/// thrift `Encoding`.
enum class Encoding : int32_t {
  kPlain = 0,
  kPlainDictionary = 2,
  kRle = 3,
  kBitPacked = 4,
  kDeltaBinaryPacked = 5,
  kDeltaLengthByteArray = 6,
  kDeltaByteArray = 7,
  kRleDictionary = 8,
  kByteStreamSplit = 9,
};

/// thrift `CompressionCodec`.
enum class CompressionCodec : int32_t {
  kUncompressed = 0,
  kSnappy = 1,
  kGzip = 2,
  kLzo = 3,
  kBrotli = 4,
  kLz4 = 5,  // deprecated Hadoop-framed LZ4
  kZstd = 6,
  kLz4Raw = 7,
};

/// thrift `PageType`.
enum class PageType : int32_t {
  kDataPage = 0,
  kIndexPage = 1,
  kDictionaryPage = 2,
  kDataPageV2 = 3,
};

/// thrift `BoundaryOrder`.
enum class BoundaryOrder : int32_t {
  kUnordered = 0,
  kAscending = 1,
  kDescending = 2,
};

/// Names for messages ("SNAPPY", "INT64", "RLE_DICTIONARY", ...); unknown values print as
/// "UNKNOWN(<n>)".
std::string TypeName(Type type);
std::string CompressionCodecName(CompressionCodec codec);
std::string EncodingName(Encoding encoding);
std::string PageTypeName(PageType type);

/// Time unit of TIME / TIMESTAMP logical types (thrift union `TimeUnit`).
enum class TimeUnit : int32_t { kMillis = 0, kMicros = 1, kNanos = 2 };

/// thrift union `LogicalType`, flattened: `kind` says which member was set and the
/// parameters of that member are filled in. A union member this code does not know (or a
/// known one with an unknown TimeUnit) is skipped and reported as kOther, so readers fall
/// back to the physical type / converted type.
struct LogicalType {
  enum class Kind : int32_t {
    kNone,  // no logical type
    kString,
    kMap,
    kList,
    kEnum,
    kDecimal,
    kDate,
    kTime,
    kTimestamp,
    kInteger,
    kUnknown,  // thrift NullType: always null
    kJson,
    kBson,
    kUuid,
    kFloat16,
    kVariant,
    kGeometry,
    kGeography,
    kOther,  // unrecognised union member
  };
  Kind kind = Kind::kNone;
  // kDecimal
  int32_t scale = 0;
  int32_t precision = 0;
  // kTime / kTimestamp
  bool is_adjusted_to_utc = false;
  TimeUnit unit = TimeUnit::kMillis;
  // kInteger
  int8_t bit_width = 0;
  bool is_signed = true;
  // kVariant
  std::optional<int8_t> specification_version;
  // kGeometry / kGeography
  std::optional<std::string> crs;
  std::optional<int32_t> algorithm;  // EdgeInterpolationAlgorithm (kGeography)

  bool operator==(const LogicalType&) const = default;
};

/// thrift `SchemaElement`: one node of the depth-first flattened schema tree.
struct SchemaElement {
  std::optional<Type> type;
  std::optional<int32_t> type_length;
  std::optional<FieldRepetitionType> repetition_type;
  std::string name;
  std::optional<int32_t> num_children;
  std::optional<ConvertedType> converted_type;
  std::optional<int32_t> scale;
  std::optional<int32_t> precision;
  std::optional<int32_t> field_id;
  std::optional<LogicalType> logical_type;

  bool operator==(const SchemaElement&) const = default;
};

/// thrift `Statistics` (column chunk and page statistics). Values are PLAIN-encoded
/// without length prefix.
struct Statistics {
  std::optional<std::string> max;  // deprecated, signed order
  std::optional<std::string> min;  // deprecated, signed order
  std::optional<int64_t> null_count;
  std::optional<int64_t> distinct_count;
  std::optional<std::string> max_value;
  std::optional<std::string> min_value;
  std::optional<bool> is_max_value_exact;
  std::optional<bool> is_min_value_exact;
  std::optional<int64_t> nan_count;

  bool operator==(const Statistics&) const = default;
};

/// thrift `SizeStatistics`.
struct SizeStatistics {
  std::optional<int64_t> unencoded_byte_array_data_bytes;
  std::vector<int64_t> repetition_level_histogram;  // empty when absent
  std::vector<int64_t> definition_level_histogram;  // empty when absent

  bool operator==(const SizeStatistics&) const = default;
};

/// thrift `PageEncodingStats`.
struct PageEncodingStats {
  PageType page_type = PageType::kDataPage;
  Encoding encoding = Encoding::kPlain;
  int32_t count = 0;

  bool operator==(const PageEncodingStats&) const = default;
};

/// thrift `KeyValue`.
struct KeyValue {
  std::string key;
  std::optional<std::string> value;

  bool operator==(const KeyValue&) const = default;
};

/// thrift `SortingColumn`.
struct SortingColumn {
  int32_t column_idx = 0;
  bool descending = false;
  bool nulls_first = false;

  bool operator==(const SortingColumn&) const = default;
};

/// thrift `ColumnMetaData`. geospatial_statistics is skipped when read.
struct ColumnMetaData {
  Type type = Type::kBoolean;
  std::vector<Encoding> encodings;
  std::vector<std::string> path_in_schema;
  CompressionCodec codec = CompressionCodec::kUncompressed;
  int64_t num_values = 0;
  int64_t total_uncompressed_size = 0;
  int64_t total_compressed_size = 0;
  std::vector<KeyValue> key_value_metadata;  // empty when absent
  int64_t data_page_offset = 0;
  std::optional<int64_t> index_page_offset;
  std::optional<int64_t> dictionary_page_offset;
  std::optional<Statistics> statistics;
  std::vector<PageEncodingStats> encoding_stats;  // empty when absent
  std::optional<int64_t> bloom_filter_offset;
  std::optional<int32_t> bloom_filter_length;
  std::optional<SizeStatistics> size_statistics;

  bool operator==(const ColumnMetaData&) const = default;
};

/// thrift `ColumnChunk`. Encryption structures are not decoded, only noted.
struct ColumnChunk {
  std::optional<std::string> file_path;
  int64_t file_offset = 0;
  std::optional<ColumnMetaData> meta_data;
  std::optional<int64_t> offset_index_offset;
  std::optional<int32_t> offset_index_length;
  std::optional<int64_t> column_index_offset;
  std::optional<int32_t> column_index_length;
  bool has_crypto_metadata = false;            // field 8 was present (not serialized)
  bool has_encrypted_column_metadata = false;  // field 9 was present (not serialized)

  bool operator==(const ColumnChunk&) const = default;
};

/// thrift `RowGroup`.
struct RowGroup {
  std::vector<ColumnChunk> columns;
  int64_t total_byte_size = 0;
  int64_t num_rows = 0;
  std::vector<SortingColumn> sorting_columns;  // empty when absent
  std::optional<int64_t> file_offset;
  std::optional<int64_t> total_compressed_size;
  std::optional<int16_t> ordinal;

  bool operator==(const RowGroup&) const = default;
};

/// thrift union `ColumnOrder`. All false means an order this code does not know: readers
/// must then ignore min/max statistics of the column.
struct ColumnOrder {
  bool type_defined_order = false;
  bool ieee754_total_order = false;
  bool int96_timestamp_order = false;

  bool operator==(const ColumnOrder&) const = default;
};

/// thrift `FileMetaData`, the footer of a Parquet file.
struct FileMetaData {
  int32_t version = 0;
  std::vector<SchemaElement> schema;
  int64_t num_rows = 0;
  std::vector<RowGroup> row_groups;
  std::vector<KeyValue> key_value_metadata;  // empty when absent
  std::optional<std::string> created_by;
  std::vector<ColumnOrder> column_orders;  // empty when absent
  bool has_encryption_algorithm = false;         // field 8 present (not serialized)
  bool has_footer_signing_key_metadata = false;  // field 9 present (not serialized)

  bool operator==(const FileMetaData&) const = default;
};

/// thrift `DataPageHeader`.
struct DataPageHeader {
  int32_t num_values = 0;
  Encoding encoding = Encoding::kPlain;
  Encoding definition_level_encoding = Encoding::kRle;
  Encoding repetition_level_encoding = Encoding::kRle;
  std::optional<Statistics> statistics;

  bool operator==(const DataPageHeader&) const = default;
};

/// thrift `DataPageHeaderV2`. Levels are never compressed; the values section is compressed
/// when `is_compressed` (default true).
struct DataPageHeaderV2 {
  int32_t num_values = 0;
  int32_t num_nulls = 0;
  int32_t num_rows = 0;
  Encoding encoding = Encoding::kPlain;
  int32_t definition_levels_byte_length = 0;
  int32_t repetition_levels_byte_length = 0;
  bool is_compressed = true;
  std::optional<Statistics> statistics;

  bool operator==(const DataPageHeaderV2&) const = default;
};

/// thrift `DictionaryPageHeader`.
struct DictionaryPageHeader {
  int32_t num_values = 0;
  Encoding encoding = Encoding::kPlain;
  std::optional<bool> is_sorted;

  bool operator==(const DictionaryPageHeader&) const = default;
};

/// thrift `PageHeader`. Sizes exclude the header itself.
struct PageHeader {
  PageType type = PageType::kDataPage;
  int32_t uncompressed_page_size = 0;
  int32_t compressed_page_size = 0;
  std::optional<int32_t> crc;
  std::optional<DataPageHeader> data_page_header;
  bool has_index_page_header = false;
  std::optional<DictionaryPageHeader> dictionary_page_header;
  std::optional<DataPageHeaderV2> data_page_header_v2;

  bool operator==(const PageHeader&) const = default;
};

/// thrift `PageLocation`.
struct PageLocation {
  int64_t offset = 0;
  int32_t compressed_page_size = 0;  // including the page header
  int64_t first_row_index = 0;

  bool operator==(const PageLocation&) const = default;
};

/// thrift `OffsetIndex`.
struct OffsetIndex {
  std::vector<PageLocation> page_locations;
  std::vector<int64_t> unencoded_byte_array_data_bytes;  // empty when absent

  bool operator==(const OffsetIndex&) const = default;
};

/// thrift `ColumnIndex`. null_pages, min_values and max_values have one entry per page
/// (validated at parse time).
struct ColumnIndex {
  std::vector<bool> null_pages;
  std::vector<std::string> min_values;
  std::vector<std::string> max_values;
  BoundaryOrder boundary_order = BoundaryOrder::kUnordered;
  std::optional<std::vector<int64_t>> null_counts;
  std::vector<int64_t> repetition_level_histograms;  // empty when absent
  std::vector<int64_t> definition_level_histograms;  // empty when absent
  std::optional<std::vector<int64_t>> nan_counts;

  bool operator==(const ColumnIndex&) const = default;
};

/// Parses a serialized FileMetaData (the footer bytes without length and magic). Trailing
/// bytes after the struct are ignored (plaintext-footer encryption appends a signature).
/// Missing required fields and negative sizes/counts are Corrupt.
Result<FileMetaData> ParseFileMetaData(const uint8_t* data, int64_t size);
/// Parses a page header at `data`; `*header_size` receives the bytes it occupied.
Result<PageHeader> ParsePageHeader(const uint8_t* data, int64_t size, int64_t* header_size);
/// Parses a ColumnIndex (page index).
Result<ColumnIndex> ParseColumnIndex(const uint8_t* data, int64_t size);
/// Parses an OffsetIndex (page index).
Result<OffsetIndex> ParseOffsetIndex(const uint8_t* data, int64_t size);

/// Serializers for writers; each appends the compact-protocol bytes to `out`.
/// LogicalType kind kOther and the has_* encryption flags are not serialized.
void SerializeFileMetaData(const FileMetaData& metadata, std::string* out);
void SerializePageHeader(const PageHeader& header, std::string* out);
void SerializeColumnIndex(const ColumnIndex& index, std::string* out);
void SerializeOffsetIndex(const OffsetIndex& index, std::string* out);

}  // namespace silt::parquet
