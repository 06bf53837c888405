// Serialization of metadata structures for the writer. Field ids follow parquet.thrift.

#include "silt/parquet/metadata.h"
#include "silt/parquet/thrift_compact.h"

namespace silt::parquet {

namespace {

using W = ThriftCompactWriter;

template <typename E>
void EnumField(W& w, int16_t id, E value) {
  w.I32Field(id, static_cast<int32_t>(value));
}

void EmptyStructField(W& w, int16_t id) {
  w.FieldBegin(id, CompactType::kStruct);
  w.StructBegin();
  w.StructEnd();
}

void WriteI64ListField(W& w, int16_t id, const std::vector<int64_t>& values) {
  w.FieldBegin(id, CompactType::kList);
  w.ListBegin(CompactType::kI64, static_cast<int64_t>(values.size()));
  for (int64_t v : values) w.WriteI64(v);
}

void WriteStringListField(W& w, int16_t id, const std::vector<std::string>& values) {
  w.FieldBegin(id, CompactType::kList);
  w.ListBegin(CompactType::kBinary, static_cast<int64_t>(values.size()));
  for (const auto& v : values) w.WriteBinary(v);
}

void WriteStatistics(W& w, const Statistics& s) {
  w.StructBegin();
  if (s.max) w.BinaryField(1, *s.max);
  if (s.min) w.BinaryField(2, *s.min);
  if (s.null_count) w.I64Field(3, *s.null_count);
  if (s.distinct_count) w.I64Field(4, *s.distinct_count);
  if (s.max_value) w.BinaryField(5, *s.max_value);
  if (s.min_value) w.BinaryField(6, *s.min_value);
  if (s.is_max_value_exact) w.BoolField(7, *s.is_max_value_exact);
  if (s.is_min_value_exact) w.BoolField(8, *s.is_min_value_exact);
  if (s.nan_count) w.I64Field(9, *s.nan_count);
  w.StructEnd();
}

void WriteStatisticsField(W& w, int16_t id, const std::optional<Statistics>& s) {
  if (!s) return;
  w.FieldBegin(id, CompactType::kStruct);
  WriteStatistics(w, *s);
}

void WriteTimeUnit(W& w, TimeUnit unit) {
  w.StructBegin();
  EmptyStructField(w, static_cast<int16_t>(static_cast<int32_t>(unit) + 1));
  w.StructEnd();
}

// Returns false for kinds that have no serialization (kNone, kOther).
bool WriteLogicalType(W& w, int16_t field_id, const LogicalType& t) {
  using Kind = LogicalType::Kind;
  int16_t member = 0;
  switch (t.kind) {
    case Kind::kString: member = 1; break;
    case Kind::kMap: member = 2; break;
    case Kind::kList: member = 3; break;
    case Kind::kEnum: member = 4; break;
    case Kind::kDecimal: member = 5; break;
    case Kind::kDate: member = 6; break;
    case Kind::kTime: member = 7; break;
    case Kind::kTimestamp: member = 8; break;
    case Kind::kInteger: member = 10; break;
    case Kind::kUnknown: member = 11; break;
    case Kind::kJson: member = 12; break;
    case Kind::kBson: member = 13; break;
    case Kind::kUuid: member = 14; break;
    case Kind::kFloat16: member = 15; break;
    case Kind::kVariant: member = 16; break;
    case Kind::kGeometry: member = 17; break;
    case Kind::kGeography: member = 18; break;
    case Kind::kNone:
    case Kind::kOther: return false;
  }
  w.FieldBegin(field_id, CompactType::kStruct);
  w.StructBegin();  // the union
  w.FieldBegin(member, CompactType::kStruct);
  w.StructBegin();  // the member
  switch (t.kind) {
    case Kind::kDecimal:
      w.I32Field(1, t.scale);
      w.I32Field(2, t.precision);
      break;
    case Kind::kTime:
    case Kind::kTimestamp:
      w.BoolField(1, t.is_adjusted_to_utc);
      w.FieldBegin(2, CompactType::kStruct);
      WriteTimeUnit(w, t.unit);
      break;
    case Kind::kInteger:
      w.FieldBegin(1, CompactType::kByte);
      w.WriteByte(t.bit_width);
      w.BoolField(2, t.is_signed);
      break;
    case Kind::kVariant:
      if (t.specification_version) {
        w.FieldBegin(1, CompactType::kByte);
        w.WriteByte(*t.specification_version);
      }
      break;
    case Kind::kGeometry:
      if (t.crs) w.BinaryField(1, *t.crs);
      break;
    case Kind::kGeography:
      if (t.crs) w.BinaryField(1, *t.crs);
      if (t.algorithm) w.I32Field(2, *t.algorithm);
      break;
    default:
      break;
  }
  w.StructEnd();
  w.StructEnd();
  return true;
}

void WriteSchemaElement(W& w, const SchemaElement& e) {
  w.StructBegin();
  if (e.type) EnumField(w, 1, *e.type);
  if (e.type_length) w.I32Field(2, *e.type_length);
  if (e.repetition_type) EnumField(w, 3, *e.repetition_type);
  w.BinaryField(4, e.name);
  if (e.num_children) w.I32Field(5, *e.num_children);
  if (e.converted_type) EnumField(w, 6, *e.converted_type);
  if (e.scale) w.I32Field(7, *e.scale);
  if (e.precision) w.I32Field(8, *e.precision);
  if (e.field_id) w.I32Field(9, *e.field_id);
  if (e.logical_type) WriteLogicalType(w, 10, *e.logical_type);
  w.StructEnd();
}

void WriteKeyValueListField(W& w, int16_t id, const std::vector<KeyValue>& kvs) {
  w.FieldBegin(id, CompactType::kList);
  w.ListBegin(CompactType::kStruct, static_cast<int64_t>(kvs.size()));
  for (const auto& kv : kvs) {
    w.StructBegin();
    w.BinaryField(1, kv.key);
    if (kv.value) w.BinaryField(2, *kv.value);
    w.StructEnd();
  }
}

void WriteColumnMetaData(W& w, const ColumnMetaData& m) {
  w.StructBegin();
  EnumField(w, 1, m.type);
  w.FieldBegin(2, CompactType::kList);
  w.ListBegin(CompactType::kI32, static_cast<int64_t>(m.encodings.size()));
  for (Encoding e : m.encodings) w.WriteI32(static_cast<int32_t>(e));
  WriteStringListField(w, 3, m.path_in_schema);
  EnumField(w, 4, m.codec);
  w.I64Field(5, m.num_values);
  w.I64Field(6, m.total_uncompressed_size);
  w.I64Field(7, m.total_compressed_size);
  if (!m.key_value_metadata.empty()) WriteKeyValueListField(w, 8, m.key_value_metadata);
  w.I64Field(9, m.data_page_offset);
  if (m.index_page_offset) w.I64Field(10, *m.index_page_offset);
  if (m.dictionary_page_offset) w.I64Field(11, *m.dictionary_page_offset);
  WriteStatisticsField(w, 12, m.statistics);
  if (!m.encoding_stats.empty()) {
    w.FieldBegin(13, CompactType::kList);
    w.ListBegin(CompactType::kStruct, static_cast<int64_t>(m.encoding_stats.size()));
    for (const auto& s : m.encoding_stats) {
      w.StructBegin();
      EnumField(w, 1, s.page_type);
      EnumField(w, 2, s.encoding);
      w.I32Field(3, s.count);
      w.StructEnd();
    }
  }
  if (m.bloom_filter_offset) w.I64Field(14, *m.bloom_filter_offset);
  if (m.bloom_filter_length) w.I32Field(15, *m.bloom_filter_length);
  if (m.size_statistics) {
    const SizeStatistics& s = *m.size_statistics;
    w.FieldBegin(16, CompactType::kStruct);
    w.StructBegin();
    if (s.unencoded_byte_array_data_bytes) w.I64Field(1, *s.unencoded_byte_array_data_bytes);
    if (!s.repetition_level_histogram.empty()) {
      WriteI64ListField(w, 2, s.repetition_level_histogram);
    }
    if (!s.definition_level_histogram.empty()) {
      WriteI64ListField(w, 3, s.definition_level_histogram);
    }
    w.StructEnd();
  }
  w.StructEnd();
}

void WriteColumnChunk(W& w, const ColumnChunk& c) {
  w.StructBegin();
  if (c.file_path) w.BinaryField(1, *c.file_path);
  w.I64Field(2, c.file_offset);
  if (c.meta_data) {
    w.FieldBegin(3, CompactType::kStruct);
    WriteColumnMetaData(w, *c.meta_data);
  }
  if (c.offset_index_offset) w.I64Field(4, *c.offset_index_offset);
  if (c.offset_index_length) w.I32Field(5, *c.offset_index_length);
  if (c.column_index_offset) w.I64Field(6, *c.column_index_offset);
  if (c.column_index_length) w.I32Field(7, *c.column_index_length);
  w.StructEnd();
}

void WriteRowGroup(W& w, const RowGroup& g) {
  w.StructBegin();
  w.FieldBegin(1, CompactType::kList);
  w.ListBegin(CompactType::kStruct, static_cast<int64_t>(g.columns.size()));
  for (const auto& c : g.columns) WriteColumnChunk(w, c);
  w.I64Field(2, g.total_byte_size);
  w.I64Field(3, g.num_rows);
  if (!g.sorting_columns.empty()) {
    w.FieldBegin(4, CompactType::kList);
    w.ListBegin(CompactType::kStruct, static_cast<int64_t>(g.sorting_columns.size()));
    for (const auto& s : g.sorting_columns) {
      w.StructBegin();
      w.I32Field(1, s.column_idx);
      w.BoolField(2, s.descending);
      w.BoolField(3, s.nulls_first);
      w.StructEnd();
    }
  }
  if (g.file_offset) w.I64Field(5, *g.file_offset);
  if (g.total_compressed_size) w.I64Field(6, *g.total_compressed_size);
  if (g.ordinal) {
    w.FieldBegin(7, CompactType::kI16);
    w.WriteI16(*g.ordinal);
  }
  w.StructEnd();
}

}  // namespace

void SerializeFileMetaData(const FileMetaData& m, std::string* out) {
  W w(out);
  w.StructBegin();
  w.I32Field(1, m.version);
  w.FieldBegin(2, CompactType::kList);
  w.ListBegin(CompactType::kStruct, static_cast<int64_t>(m.schema.size()));
  for (const auto& e : m.schema) WriteSchemaElement(w, e);
  w.I64Field(3, m.num_rows);
  w.FieldBegin(4, CompactType::kList);
  w.ListBegin(CompactType::kStruct, static_cast<int64_t>(m.row_groups.size()));
  for (const auto& g : m.row_groups) WriteRowGroup(w, g);
  if (!m.key_value_metadata.empty()) WriteKeyValueListField(w, 5, m.key_value_metadata);
  if (m.created_by) w.BinaryField(6, *m.created_by);
  if (!m.column_orders.empty()) {
    w.FieldBegin(7, CompactType::kList);
    w.ListBegin(CompactType::kStruct, static_cast<int64_t>(m.column_orders.size()));
    for (const auto& o : m.column_orders) {
      w.StructBegin();
      if (o.type_defined_order) EmptyStructField(w, 1);
      else if (o.ieee754_total_order) EmptyStructField(w, 2);
      else if (o.int96_timestamp_order) EmptyStructField(w, 3);
      w.StructEnd();
    }
  }
  w.StructEnd();
}

void SerializePageHeader(const PageHeader& h, std::string* out) {
  W w(out);
  w.StructBegin();
  EnumField(w, 1, h.type);
  w.I32Field(2, h.uncompressed_page_size);
  w.I32Field(3, h.compressed_page_size);
  if (h.crc) w.I32Field(4, *h.crc);
  if (h.data_page_header) {
    const DataPageHeader& d = *h.data_page_header;
    w.FieldBegin(5, CompactType::kStruct);
    w.StructBegin();
    w.I32Field(1, d.num_values);
    EnumField(w, 2, d.encoding);
    EnumField(w, 3, d.definition_level_encoding);
    EnumField(w, 4, d.repetition_level_encoding);
    WriteStatisticsField(w, 5, d.statistics);
    w.StructEnd();
  }
  if (h.has_index_page_header) EmptyStructField(w, 6);
  if (h.dictionary_page_header) {
    const DictionaryPageHeader& d = *h.dictionary_page_header;
    w.FieldBegin(7, CompactType::kStruct);
    w.StructBegin();
    w.I32Field(1, d.num_values);
    EnumField(w, 2, d.encoding);
    if (d.is_sorted) w.BoolField(3, *d.is_sorted);
    w.StructEnd();
  }
  if (h.data_page_header_v2) {
    const DataPageHeaderV2& d = *h.data_page_header_v2;
    w.FieldBegin(8, CompactType::kStruct);
    w.StructBegin();
    w.I32Field(1, d.num_values);
    w.I32Field(2, d.num_nulls);
    w.I32Field(3, d.num_rows);
    EnumField(w, 4, d.encoding);
    w.I32Field(5, d.definition_levels_byte_length);
    w.I32Field(6, d.repetition_levels_byte_length);
    w.BoolField(7, d.is_compressed);
    WriteStatisticsField(w, 8, d.statistics);
    w.StructEnd();
  }
  w.StructEnd();
}

void SerializeColumnIndex(const ColumnIndex& index, std::string* out) {
  W w(out);
  w.StructBegin();
  w.FieldBegin(1, CompactType::kList);
  w.ListBegin(CompactType::kBoolTrue, static_cast<int64_t>(index.null_pages.size()));
  for (bool b : index.null_pages) w.WriteBool(b);
  WriteStringListField(w, 2, index.min_values);
  WriteStringListField(w, 3, index.max_values);
  EnumField(w, 4, index.boundary_order);
  if (index.null_counts) WriteI64ListField(w, 5, *index.null_counts);
  if (!index.repetition_level_histograms.empty()) {
    WriteI64ListField(w, 6, index.repetition_level_histograms);
  }
  if (!index.definition_level_histograms.empty()) {
    WriteI64ListField(w, 7, index.definition_level_histograms);
  }
  if (index.nan_counts) WriteI64ListField(w, 8, *index.nan_counts);
  w.StructEnd();
}

void SerializeOffsetIndex(const OffsetIndex& index, std::string* out) {
  W w(out);
  w.StructBegin();
  w.FieldBegin(1, CompactType::kList);
  w.ListBegin(CompactType::kStruct, static_cast<int64_t>(index.page_locations.size()));
  for (const auto& l : index.page_locations) {
    w.StructBegin();
    w.I64Field(1, l.offset);
    w.I32Field(2, l.compressed_page_size);
    w.I64Field(3, l.first_row_index);
    w.StructEnd();
  }
  if (!index.unencoded_byte_array_data_bytes.empty()) {
    WriteI64ListField(w, 2, index.unencoded_byte_array_data_bytes);
  }
  w.StructEnd();
}

}  // namespace silt::parquet
