// Parsing of FileMetaData and everything it contains.

#include "silt/parquet/metadata.h"
#include "silt/parquet/metadata_internal.h"

namespace silt::parquet {

using internal::ExpectType;
using internal::Missing;
using internal::Negative;
using internal::ReadBinaryField;
using internal::ReadBoolField;
using internal::ReadEnumField;
using internal::ReadI32Field;
using internal::ReadI64Field;
using internal::ReadI64List;
using internal::ReadListField;
using internal::ReadStringList;
using internal::ReadStruct;

namespace {

using internal::kTBinary;
using internal::kTBool;
using internal::kTByte;
using internal::kTI16;
using internal::kTI32;
using internal::kTI64;
using internal::kTList;
using internal::kTStruct;

// Wire type of each field, indexed by thrift field id - 1.
constexpr CompactType kStatisticsFields[] = {
    kTBinary, kTBinary, kTI64, kTI64, kTBinary, kTBinary, kTBool, kTBool, kTI64};
constexpr CompactType kTimeLikeFields[] = {kTBool, kTStruct};
constexpr CompactType kDecimalFields[] = {kTI32, kTI32};
constexpr CompactType kIntTypeFields[] = {kTByte, kTBool};
constexpr CompactType kVariantFields[] = {kTByte};
constexpr CompactType kGeometryFields[] = {kTBinary};
constexpr CompactType kGeographyFields[] = {kTBinary, kTI32};
constexpr CompactType kSchemaElementFields[] = {
    kTI32, kTI32, kTI32, kTBinary, kTI32, kTI32, kTI32, kTI32, kTI32, kTStruct};
constexpr CompactType kKeyValueFields[] = {kTBinary, kTBinary};
constexpr CompactType kSizeStatisticsFields[] = {kTI64, kTList, kTList};
constexpr CompactType kPageEncodingStatsFields[] = {kTI32, kTI32, kTI32};
constexpr CompactType kColumnMetaDataFields[] = {
    kTI32, kTList, kTList, kTI32, kTI64, kTI64, kTI64, kTList, kTI64, kTI64, kTI64, kTStruct,
    kTList, kTI64, kTI32, kTStruct};
constexpr CompactType kColumnChunkFields[] = {
    kTBinary, kTI64, kTStruct, kTI64, kTI32, kTI64, kTI32, kTStruct, kTBinary};
constexpr CompactType kSortingColumnFields[] = {kTI32, kTBool, kTBool};
constexpr CompactType kRowGroupFields[] = {kTList, kTI64, kTI64, kTList, kTI64, kTI64, kTI16};
constexpr CompactType kFileMetaDataFields[] = {
    kTI32, kTList, kTI64, kTList, kTList, kTBinary, kTList, kTStruct, kTBinary};


std::string UnknownName(int32_t v) { return "UNKNOWN(" + std::to_string(v) + ")"; }

}  // namespace

std::string TypeName(Type type) {
  static const char* const kNames[] = {"BOOLEAN", "INT32",  "INT64",      "INT96",
                                       "FLOAT",   "DOUBLE", "BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY"};
  auto v = static_cast<int32_t>(type);
  return v >= 0 && v < 8 ? kNames[v] : UnknownName(v);
}

std::string CompressionCodecName(CompressionCodec codec) {
  static const char* const kNames[] = {"UNCOMPRESSED", "SNAPPY", "GZIP", "LZO",
                                       "BROTLI",       "LZ4",    "ZSTD", "LZ4_RAW"};
  auto v = static_cast<int32_t>(codec);
  return v >= 0 && v < 8 ? kNames[v] : UnknownName(v);
}

std::string EncodingName(Encoding encoding) {
  static const char* const kNames[] = {"PLAIN",
                                       "GROUP_VAR_INT",
                                       "PLAIN_DICTIONARY",
                                       "RLE",
                                       "BIT_PACKED",
                                       "DELTA_BINARY_PACKED",
                                       "DELTA_LENGTH_BYTE_ARRAY",
                                       "DELTA_BYTE_ARRAY",
                                       "RLE_DICTIONARY",
                                       "BYTE_STREAM_SPLIT"};
  auto v = static_cast<int32_t>(encoding);
  return v >= 0 && v < 10 && v != 1 ? kNames[v] : UnknownName(v);
}

std::string PageTypeName(PageType type) {
  static const char* const kNames[] = {"DATA_PAGE", "INDEX_PAGE", "DICTIONARY_PAGE",
                                       "DATA_PAGE_V2"};
  auto v = static_cast<int32_t>(type);
  return v >= 0 && v < 4 ? kNames[v] : UnknownName(v);
}

namespace internal {

Status ReadStatistics(ThriftCompactReader& r, Statistics* out) {
  return ReadStruct(r, kStatisticsFields, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1: return ReadBinaryField(r, h, "Statistics.max", &out->max.emplace());
      case 2: return ReadBinaryField(r, h, "Statistics.min", &out->min.emplace());
      case 3: return ReadI64Field(r, h, "Statistics.null_count", &out->null_count.emplace());
      case 4:
        return ReadI64Field(r, h, "Statistics.distinct_count", &out->distinct_count.emplace());
      case 5: return ReadBinaryField(r, h, "Statistics.max_value", &out->max_value.emplace());
      case 6: return ReadBinaryField(r, h, "Statistics.min_value", &out->min_value.emplace());
      case 7:
        return ReadBoolField(h, "Statistics.is_max_value_exact",
                             &out->is_max_value_exact.emplace());
      case 8:
        return ReadBoolField(h, "Statistics.is_min_value_exact",
                             &out->is_min_value_exact.emplace());
      case 9: return ReadI64Field(r, h, "Statistics.nan_count", &out->nan_count.emplace());
      default: return r.Skip(h.type);
    }
  });
}

}  // namespace internal

namespace {

// Reads a TimeUnit union; `*known` is false for a member this code does not know.
Status ReadTimeUnit(ThriftCompactReader& r, TimeUnit* unit, bool* known) {
  *known = false;
  return ReadStruct(r, [&](const FieldHeader& h) -> Status {
    if (h.id >= 1 && h.id <= 3 && h.type == CompactType::kStruct) {
      *unit = static_cast<TimeUnit>(h.id - 1);
      *known = true;
    }
    return r.Skip(h.type);
  });
}

// TimeType and TimestampType share a layout.
Status ReadTimeLike(ThriftCompactReader& r, const char* what, LogicalType* out) {
  bool has_utc = false, has_unit = false, unit_known = false;
  SILT_RETURN_NOT_OK(ReadStruct(r, kTimeLikeFields, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1:
        has_utc = true;
        return ReadBoolField(h, what, &out->is_adjusted_to_utc);
      case 2:
        has_unit = true;
        SILT_RETURN_NOT_OK(ExpectType(h, CompactType::kStruct, what));
        return ReadTimeUnit(r, &out->unit, &unit_known);
      default: return r.Skip(h.type);
    }
  }));
  if (!has_utc) return Missing(what, "isAdjustedToUTC");
  if (!has_unit) return Missing(what, "unit");
  if (!unit_known) out->kind = LogicalType::Kind::kOther;
  return Status::OK();
}

Status ReadDecimalType(ThriftCompactReader& r, LogicalType* out) {
  bool has_scale = false, has_precision = false;
  SILT_RETURN_NOT_OK(ReadStruct(r, kDecimalFields, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1: has_scale = true; return ReadI32Field(r, h, "DecimalType.scale", &out->scale);
      case 2:
        has_precision = true;
        return ReadI32Field(r, h, "DecimalType.precision", &out->precision);
      default: return r.Skip(h.type);
    }
  }));
  if (!has_scale) return Missing("DecimalType", "scale");
  if (!has_precision) return Missing("DecimalType", "precision");
  return Status::OK();
}

Status ReadIntType(ThriftCompactReader& r, LogicalType* out) {
  bool has_width = false, has_signed = false;
  SILT_RETURN_NOT_OK(ReadStruct(r, kIntTypeFields, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1:
        has_width = true;
        SILT_RETURN_NOT_OK(ExpectType(h, CompactType::kByte, "IntType.bitWidth"));
        return r.ReadByte(&out->bit_width);
      case 2: has_signed = true; return ReadBoolField(h, "IntType.isSigned", &out->is_signed);
      default: return r.Skip(h.type);
    }
  }));
  if (!has_width) return Missing("IntType", "bitWidth");
  if (!has_signed) return Missing("IntType", "isSigned");
  return Status::OK();
}

Status ReadLogicalType(ThriftCompactReader& r, LogicalType* out) {
  using Kind = LogicalType::Kind;
  return ReadStruct(r, [&](const FieldHeader& h) -> Status {
    // Every member of the union is a struct; anything else is a member we cannot know.
    if (h.type != CompactType::kStruct) {
      out->kind = Kind::kOther;
      return r.Skip(h.type);
    }
    switch (h.id) {
      case 1: out->kind = Kind::kString; return r.Skip(h.type);
      case 2: out->kind = Kind::kMap; return r.Skip(h.type);
      case 3: out->kind = Kind::kList; return r.Skip(h.type);
      case 4: out->kind = Kind::kEnum; return r.Skip(h.type);
      case 5: out->kind = Kind::kDecimal; return ReadDecimalType(r, out);
      case 6: out->kind = Kind::kDate; return r.Skip(h.type);
      case 7: out->kind = Kind::kTime; return ReadTimeLike(r, "TimeType", out);
      case 8: out->kind = Kind::kTimestamp; return ReadTimeLike(r, "TimestampType", out);
      case 10: out->kind = Kind::kInteger; return ReadIntType(r, out);
      case 11: out->kind = Kind::kUnknown; return r.Skip(h.type);
      case 12: out->kind = Kind::kJson; return r.Skip(h.type);
      case 13: out->kind = Kind::kBson; return r.Skip(h.type);
      case 14: out->kind = Kind::kUuid; return r.Skip(h.type);
      case 15: out->kind = Kind::kFloat16; return r.Skip(h.type);
      case 16:
        out->kind = Kind::kVariant;
        return ReadStruct(r, kVariantFields, [&](const FieldHeader& f) -> Status {
          if (f.id != 1) return r.Skip(f.type);
          SILT_RETURN_NOT_OK(
              ExpectType(f, CompactType::kByte, "VariantType.specification_version"));
          return r.ReadByte(&out->specification_version.emplace());
        });
      case 17:
        out->kind = Kind::kGeometry;
        return ReadStruct(r, kGeometryFields, [&](const FieldHeader& f) -> Status {
          if (f.id != 1) return r.Skip(f.type);
          return ReadBinaryField(r, f, "GeometryType.crs", &out->crs.emplace());
        });
      case 18:
        out->kind = Kind::kGeography;
        return ReadStruct(r, kGeographyFields, [&](const FieldHeader& f) -> Status {
          switch (f.id) {
            case 1: return ReadBinaryField(r, f, "GeographyType.crs", &out->crs.emplace());
            case 2:
              return ReadI32Field(r, f, "GeographyType.algorithm", &out->algorithm.emplace());
            default: return r.Skip(f.type);
          }
        });
      default: out->kind = Kind::kOther; return r.Skip(h.type);
    }
  });
}

Status ReadSchemaElement(ThriftCompactReader& r, SchemaElement* out) {
  bool has_name = false;
  SILT_RETURN_NOT_OK(ReadStruct(r, kSchemaElementFields, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1: return ReadEnumField(r, h, "SchemaElement.type", &out->type.emplace());
      case 2:
        return ReadI32Field(r, h, "SchemaElement.type_length", &out->type_length.emplace());
      case 3:
        return ReadEnumField(r, h, "SchemaElement.repetition_type",
                             &out->repetition_type.emplace());
      case 4: has_name = true; return ReadBinaryField(r, h, "SchemaElement.name", &out->name);
      case 5:
        return ReadI32Field(r, h, "SchemaElement.num_children", &out->num_children.emplace());
      case 6:
        return ReadEnumField(r, h, "SchemaElement.converted_type",
                             &out->converted_type.emplace());
      case 7: return ReadI32Field(r, h, "SchemaElement.scale", &out->scale.emplace());
      case 8: return ReadI32Field(r, h, "SchemaElement.precision", &out->precision.emplace());
      case 9: return ReadI32Field(r, h, "SchemaElement.field_id", &out->field_id.emplace());
      case 10:
        SILT_RETURN_NOT_OK(ExpectType(h, CompactType::kStruct, "SchemaElement.logicalType"));
        return ReadLogicalType(r, &out->logical_type.emplace());
      default: return r.Skip(h.type);
    }
  }));
  if (!has_name) return Missing("SchemaElement", "name");
  if (out->type) {
    auto t = static_cast<int32_t>(*out->type);
    if (t < 0 || t > static_cast<int32_t>(Type::kFixedLenByteArray)) {
      return Status::Corrupt("SchemaElement '" + out->name + "': invalid physical type " +
                             std::to_string(t));
    }
  }
  if (out->type_length && *out->type_length < 0) {
    return Negative("SchemaElement.type_length", *out->type_length);
  }
  if (out->num_children && *out->num_children < 0) {
    return Negative("SchemaElement.num_children", *out->num_children);
  }
  // A logicalType union with no member carries no information.
  if (out->logical_type && out->logical_type->kind == LogicalType::Kind::kNone) {
    out->logical_type.reset();
  }
  return Status::OK();
}

Status ReadKeyValue(ThriftCompactReader& r, KeyValue* out) {
  bool has_key = false;
  SILT_RETURN_NOT_OK(ReadStruct(r, kKeyValueFields, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1: has_key = true; return ReadBinaryField(r, h, "KeyValue.key", &out->key);
      case 2: return ReadBinaryField(r, h, "KeyValue.value", &out->value.emplace());
      default: return r.Skip(h.type);
    }
  }));
  if (!has_key) return Missing("KeyValue", "key");
  return Status::OK();
}

Status ReadKeyValueList(ThriftCompactReader& r, const FieldHeader& h, const char* what,
                        std::vector<KeyValue>* out) {
  return ReadListField(r, h, CompactType::kStruct, what, out,
                       [&](KeyValue* kv) { return ReadKeyValue(r, kv); });
}

Status ReadSizeStatistics(ThriftCompactReader& r, SizeStatistics* out) {
  return ReadStruct(r, kSizeStatisticsFields, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1:
        return ReadI64Field(r, h, "SizeStatistics.unencoded_byte_array_data_bytes",
                            &out->unencoded_byte_array_data_bytes.emplace());
      case 2:
        return ReadI64List(r, h, "SizeStatistics.repetition_level_histogram",
                           &out->repetition_level_histogram);
      case 3:
        return ReadI64List(r, h, "SizeStatistics.definition_level_histogram",
                           &out->definition_level_histogram);
      default: return r.Skip(h.type);
    }
  });
}

Status ReadPageEncodingStats(ThriftCompactReader& r, PageEncodingStats* out) {
  bool has_type = false, has_encoding = false, has_count = false;
  SILT_RETURN_NOT_OK(ReadStruct(r, kPageEncodingStatsFields, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1:
        has_type = true;
        return ReadEnumField(r, h, "PageEncodingStats.page_type", &out->page_type);
      case 2:
        has_encoding = true;
        return ReadEnumField(r, h, "PageEncodingStats.encoding", &out->encoding);
      case 3: has_count = true; return ReadI32Field(r, h, "PageEncodingStats.count", &out->count);
      default: return r.Skip(h.type);
    }
  }));
  if (!has_type) return Missing("PageEncodingStats", "page_type");
  if (!has_encoding) return Missing("PageEncodingStats", "encoding");
  if (!has_count) return Missing("PageEncodingStats", "count");
  return Status::OK();
}

Status ReadColumnMetaData(ThriftCompactReader& r, ColumnMetaData* out) {
  uint32_t seen = 0;  // bit i: required field i+1 present
  SILT_RETURN_NOT_OK(ReadStruct(r, kColumnMetaDataFields, [&](const FieldHeader& h) -> Status {
    if (h.id >= 1 && h.id <= 9) seen |= 1u << (h.id - 1);
    switch (h.id) {
      case 1: return ReadEnumField(r, h, "ColumnMetaData.type", &out->type);
      case 2:
        return ReadListField(r, h, CompactType::kI32, "ColumnMetaData.encodings",
                             &out->encodings, [&](Encoding* e) {
                               int32_t v;
                               SILT_RETURN_NOT_OK(r.ReadI32(&v));
                               *e = static_cast<Encoding>(v);
                               return Status::OK();
                             });
      case 3: return ReadStringList(r, h, "ColumnMetaData.path_in_schema", &out->path_in_schema);
      case 4: return ReadEnumField(r, h, "ColumnMetaData.codec", &out->codec);
      case 5: return ReadI64Field(r, h, "ColumnMetaData.num_values", &out->num_values);
      case 6:
        return ReadI64Field(r, h, "ColumnMetaData.total_uncompressed_size",
                            &out->total_uncompressed_size);
      case 7:
        return ReadI64Field(r, h, "ColumnMetaData.total_compressed_size",
                            &out->total_compressed_size);
      case 8:
        return ReadKeyValueList(r, h, "ColumnMetaData.key_value_metadata",
                                &out->key_value_metadata);
      case 9:
        return ReadI64Field(r, h, "ColumnMetaData.data_page_offset", &out->data_page_offset);
      case 10:
        return ReadI64Field(r, h, "ColumnMetaData.index_page_offset",
                            &out->index_page_offset.emplace());
      case 11:
        return ReadI64Field(r, h, "ColumnMetaData.dictionary_page_offset",
                            &out->dictionary_page_offset.emplace());
      case 12:
        SILT_RETURN_NOT_OK(ExpectType(h, CompactType::kStruct, "ColumnMetaData.statistics"));
        return internal::ReadStatistics(r, &out->statistics.emplace());
      case 13:
        return ReadListField(r, h, CompactType::kStruct, "ColumnMetaData.encoding_stats",
                             &out->encoding_stats,
                             [&](PageEncodingStats* s) { return ReadPageEncodingStats(r, s); });
      case 14:
        return ReadI64Field(r, h, "ColumnMetaData.bloom_filter_offset",
                            &out->bloom_filter_offset.emplace());
      case 15:
        return ReadI32Field(r, h, "ColumnMetaData.bloom_filter_length",
                            &out->bloom_filter_length.emplace());
      case 16:
        SILT_RETURN_NOT_OK(
            ExpectType(h, CompactType::kStruct, "ColumnMetaData.size_statistics"));
        return ReadSizeStatistics(r, &out->size_statistics.emplace());
      default: return r.Skip(h.type);
    }
  }));
  static const char* const kRequired[] = {
      "type",          "encodings",           "path_in_schema",
      "codec",         "num_values",          "total_uncompressed_size",
      "total_compressed_size", nullptr /* key_value_metadata */, "data_page_offset"};
  for (int i = 0; i < 9; ++i) {
    if (kRequired[i] != nullptr && !(seen & (1u << i))) {
      return Missing("ColumnMetaData", kRequired[i]);
    }
  }
  auto t = static_cast<int32_t>(out->type);
  if (t < 0 || t > static_cast<int32_t>(Type::kFixedLenByteArray)) {
    return Status::Corrupt("ColumnMetaData: invalid physical type " + std::to_string(t));
  }
  if (out->num_values < 0) return Negative("ColumnMetaData.num_values", out->num_values);
  if (out->total_uncompressed_size < 0) {
    return Negative("ColumnMetaData.total_uncompressed_size", out->total_uncompressed_size);
  }
  if (out->total_compressed_size < 0) {
    return Negative("ColumnMetaData.total_compressed_size", out->total_compressed_size);
  }
  if (out->data_page_offset < 0) {
    return Negative("ColumnMetaData.data_page_offset", out->data_page_offset);
  }
  if (out->dictionary_page_offset && *out->dictionary_page_offset < 0) {
    return Negative("ColumnMetaData.dictionary_page_offset", *out->dictionary_page_offset);
  }
  return Status::OK();
}

Status ReadColumnChunk(ThriftCompactReader& r, ColumnChunk* out) {
  bool has_file_offset = false;
  SILT_RETURN_NOT_OK(ReadStruct(r, kColumnChunkFields, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1: return ReadBinaryField(r, h, "ColumnChunk.file_path", &out->file_path.emplace());
      case 2:
        has_file_offset = true;
        return ReadI64Field(r, h, "ColumnChunk.file_offset", &out->file_offset);
      case 3:
        SILT_RETURN_NOT_OK(ExpectType(h, CompactType::kStruct, "ColumnChunk.meta_data"));
        return ReadColumnMetaData(r, &out->meta_data.emplace());
      case 4:
        return ReadI64Field(r, h, "ColumnChunk.offset_index_offset",
                            &out->offset_index_offset.emplace());
      case 5:
        return ReadI32Field(r, h, "ColumnChunk.offset_index_length",
                            &out->offset_index_length.emplace());
      case 6:
        return ReadI64Field(r, h, "ColumnChunk.column_index_offset",
                            &out->column_index_offset.emplace());
      case 7:
        return ReadI32Field(r, h, "ColumnChunk.column_index_length",
                            &out->column_index_length.emplace());
      case 8: out->has_crypto_metadata = true; return r.Skip(h.type);
      case 9: out->has_encrypted_column_metadata = true; return r.Skip(h.type);
      default: return r.Skip(h.type);
    }
  }));
  if (!has_file_offset) return Missing("ColumnChunk", "file_offset");
  if (out->offset_index_length && *out->offset_index_length < 0) {
    return Negative("ColumnChunk.offset_index_length", *out->offset_index_length);
  }
  if (out->column_index_length && *out->column_index_length < 0) {
    return Negative("ColumnChunk.column_index_length", *out->column_index_length);
  }
  return Status::OK();
}

Status ReadSortingColumn(ThriftCompactReader& r, SortingColumn* out) {
  bool has_idx = false, has_desc = false, has_nulls = false;
  SILT_RETURN_NOT_OK(ReadStruct(r, kSortingColumnFields, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1:
        has_idx = true;
        return ReadI32Field(r, h, "SortingColumn.column_idx", &out->column_idx);
      case 2:
        has_desc = true;
        return ReadBoolField(h, "SortingColumn.descending", &out->descending);
      case 3:
        has_nulls = true;
        return ReadBoolField(h, "SortingColumn.nulls_first", &out->nulls_first);
      default: return r.Skip(h.type);
    }
  }));
  if (!has_idx) return Missing("SortingColumn", "column_idx");
  if (!has_desc) return Missing("SortingColumn", "descending");
  if (!has_nulls) return Missing("SortingColumn", "nulls_first");
  return Status::OK();
}

Status ReadRowGroup(ThriftCompactReader& r, RowGroup* out) {
  bool has_columns = false, has_bytes = false, has_rows = false;
  SILT_RETURN_NOT_OK(ReadStruct(r, kRowGroupFields, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1: {
        has_columns = true;
        int64_t index = 0;
        return ReadListField(r, h, CompactType::kStruct, "RowGroup.columns", &out->columns,
                             [&](ColumnChunk* c) -> Status {
                               Status st = ReadColumnChunk(r, c);
                               if (!st.ok()) {
                                 return st.WithContext("reading column chunk " +
                                                       std::to_string(index));
                               }
                               ++index;
                               return st;
                             });
      }
      case 2:
        has_bytes = true;
        return ReadI64Field(r, h, "RowGroup.total_byte_size", &out->total_byte_size);
      case 3: has_rows = true; return ReadI64Field(r, h, "RowGroup.num_rows", &out->num_rows);
      case 4:
        return ReadListField(r, h, CompactType::kStruct, "RowGroup.sorting_columns",
                             &out->sorting_columns,
                             [&](SortingColumn* s) { return ReadSortingColumn(r, s); });
      case 5:
        return ReadI64Field(r, h, "RowGroup.file_offset", &out->file_offset.emplace());
      case 6:
        return ReadI64Field(r, h, "RowGroup.total_compressed_size",
                            &out->total_compressed_size.emplace());
      case 7:
        SILT_RETURN_NOT_OK(ExpectType(h, CompactType::kI16, "RowGroup.ordinal"));
        return r.ReadI16(&out->ordinal.emplace());
      default: return r.Skip(h.type);
    }
  }));
  if (!has_columns) return Missing("RowGroup", "columns");
  if (!has_bytes) return Missing("RowGroup", "total_byte_size");
  if (!has_rows) return Missing("RowGroup", "num_rows");
  if (out->num_rows < 0) return Negative("RowGroup.num_rows", out->num_rows);
  if (out->total_byte_size < 0) return Negative("RowGroup.total_byte_size", out->total_byte_size);
  return Status::OK();
}

Status ReadColumnOrder(ThriftCompactReader& r, ColumnOrder* out) {
  return ReadStruct(r, [&](const FieldHeader& h) -> Status {
    if (h.type == CompactType::kStruct) {
      if (h.id == 1) out->type_defined_order = true;
      if (h.id == 2) out->ieee754_total_order = true;
      if (h.id == 3) out->int96_timestamp_order = true;
    }
    return r.Skip(h.type);
  });
}

Status ReadFileMetaDataStruct(ThriftCompactReader& r, FileMetaData* out) {
  bool has_version = false, has_schema = false, has_rows = false, has_groups = false;
  SILT_RETURN_NOT_OK(ReadStruct(r, kFileMetaDataFields, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1: has_version = true; return ReadI32Field(r, h, "FileMetaData.version", &out->version);
      case 2:
        has_schema = true;
        return ReadListField(r, h, CompactType::kStruct, "FileMetaData.schema", &out->schema,
                             [&](SchemaElement* e) { return ReadSchemaElement(r, e); });
      case 3: has_rows = true; return ReadI64Field(r, h, "FileMetaData.num_rows", &out->num_rows);
      case 4: {
        has_groups = true;
        int64_t index = 0;
        return ReadListField(r, h, CompactType::kStruct, "FileMetaData.row_groups",
                             &out->row_groups, [&](RowGroup* g) -> Status {
                               Status st = ReadRowGroup(r, g);
                               if (!st.ok()) {
                                 return st.WithContext("reading row group " +
                                                       std::to_string(index));
                               }
                               ++index;
                               return st;
                             });
      }
      case 5:
        return ReadKeyValueList(r, h, "FileMetaData.key_value_metadata",
                                &out->key_value_metadata);
      case 6:
        return ReadBinaryField(r, h, "FileMetaData.created_by", &out->created_by.emplace());
      case 7:
        return ReadListField(r, h, CompactType::kStruct, "FileMetaData.column_orders",
                             &out->column_orders,
                             [&](ColumnOrder* o) { return ReadColumnOrder(r, o); });
      case 8: out->has_encryption_algorithm = true; return r.Skip(h.type);
      case 9: out->has_footer_signing_key_metadata = true; return r.Skip(h.type);
      default: return r.Skip(h.type);
    }
  }));
  if (!has_version) return Missing("FileMetaData", "version");
  if (!has_schema) return Missing("FileMetaData", "schema");
  if (!has_rows) return Missing("FileMetaData", "num_rows");
  if (!has_groups) return Missing("FileMetaData", "row_groups");
  if (out->num_rows < 0) return Negative("FileMetaData.num_rows", out->num_rows);
  if (out->schema.empty()) return Status::Corrupt("FileMetaData: schema is empty");
  return Status::OK();
}

}  // namespace

Result<FileMetaData> ParseFileMetaData(const uint8_t* data, int64_t size) {
  ThriftCompactReader r = internal::MetadataReader(data, size);
  FileMetaData out;
  Status st = ReadFileMetaDataStruct(r, &out);
  if (!st.ok()) return st.WithContext("parsing Parquet file metadata");
  return out;
}

}  // namespace silt::parquet
