// Parsing of page headers and the page index (ColumnIndex / OffsetIndex).

#include "silt/parquet/metadata.h"
#include "silt/parquet/metadata_internal.h"

namespace silt::parquet {

using internal::ExpectType;
using internal::Missing;
using internal::Negative;
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
constexpr CompactType kDataPageHeaderFields[] = {kTI32, kTI32, kTI32, kTI32, kTStruct};
constexpr CompactType kDataPageHeaderV2Fields[] = {
    kTI32, kTI32, kTI32, kTI32, kTI32, kTI32, kTBool, kTStruct};
constexpr CompactType kDictionaryPageHeaderFields[] = {kTI32, kTI32, kTBool};
constexpr CompactType kPageHeaderFields[] = {
    kTI32, kTI32, kTI32, kTI32, kTStruct, kTStruct, kTStruct, kTStruct};
constexpr CompactType kPageLocationFields[] = {kTI64, kTI32, kTI64};
constexpr CompactType kOffsetIndexFields[] = {kTList, kTList};
constexpr CompactType kColumnIndexFields[] = {
    kTList, kTList, kTList, kTI32, kTList, kTList, kTList, kTList};


Status ReadDataPageHeader(ThriftCompactReader& r, DataPageHeader* out) {
  bool has_num = false, has_enc = false, has_def = false, has_rep = false;
  SILT_RETURN_NOT_OK(ReadStruct(r, kDataPageHeaderFields, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1:
        has_num = true;
        return ReadI32Field(r, h, "DataPageHeader.num_values", &out->num_values);
      case 2:
        has_enc = true;
        return ReadEnumField(r, h, "DataPageHeader.encoding", &out->encoding);
      case 3:
        has_def = true;
        return ReadEnumField(r, h, "DataPageHeader.definition_level_encoding",
                             &out->definition_level_encoding);
      case 4:
        has_rep = true;
        return ReadEnumField(r, h, "DataPageHeader.repetition_level_encoding",
                             &out->repetition_level_encoding);
      case 5:
        SILT_RETURN_NOT_OK(ExpectType(h, CompactType::kStruct, "DataPageHeader.statistics"));
        return internal::ReadStatistics(r, &out->statistics.emplace());
      default: return r.Skip(h.type);
    }
  }));
  if (!has_num) return Missing("DataPageHeader", "num_values");
  if (!has_enc) return Missing("DataPageHeader", "encoding");
  if (!has_def) return Missing("DataPageHeader", "definition_level_encoding");
  if (!has_rep) return Missing("DataPageHeader", "repetition_level_encoding");
  if (out->num_values < 0) return Negative("DataPageHeader.num_values", out->num_values);
  return Status::OK();
}

Status ReadDataPageHeaderV2(ThriftCompactReader& r, DataPageHeaderV2* out) {
  uint32_t seen = 0;
  SILT_RETURN_NOT_OK(ReadStruct(r, kDataPageHeaderV2Fields, [&](const FieldHeader& h) -> Status {
    if (h.id >= 1 && h.id <= 6) seen |= 1u << (h.id - 1);
    switch (h.id) {
      case 1: return ReadI32Field(r, h, "DataPageHeaderV2.num_values", &out->num_values);
      case 2: return ReadI32Field(r, h, "DataPageHeaderV2.num_nulls", &out->num_nulls);
      case 3: return ReadI32Field(r, h, "DataPageHeaderV2.num_rows", &out->num_rows);
      case 4: return ReadEnumField(r, h, "DataPageHeaderV2.encoding", &out->encoding);
      case 5:
        return ReadI32Field(r, h, "DataPageHeaderV2.definition_levels_byte_length",
                            &out->definition_levels_byte_length);
      case 6:
        return ReadI32Field(r, h, "DataPageHeaderV2.repetition_levels_byte_length",
                            &out->repetition_levels_byte_length);
      case 7: return ReadBoolField(h, "DataPageHeaderV2.is_compressed", &out->is_compressed);
      case 8:
        SILT_RETURN_NOT_OK(ExpectType(h, CompactType::kStruct, "DataPageHeaderV2.statistics"));
        return internal::ReadStatistics(r, &out->statistics.emplace());
      default: return r.Skip(h.type);
    }
  }));
  static const char* const kRequired[] = {"num_values",
                                          "num_nulls",
                                          "num_rows",
                                          "encoding",
                                          "definition_levels_byte_length",
                                          "repetition_levels_byte_length"};
  for (int i = 0; i < 6; ++i) {
    if (!(seen & (1u << i))) return Missing("DataPageHeaderV2", kRequired[i]);
  }
  if (out->num_values < 0) return Negative("DataPageHeaderV2.num_values", out->num_values);
  if (out->num_nulls < 0) return Negative("DataPageHeaderV2.num_nulls", out->num_nulls);
  if (out->num_rows < 0) return Negative("DataPageHeaderV2.num_rows", out->num_rows);
  if (out->definition_levels_byte_length < 0) {
    return Negative("DataPageHeaderV2.definition_levels_byte_length",
                    out->definition_levels_byte_length);
  }
  if (out->repetition_levels_byte_length < 0) {
    return Negative("DataPageHeaderV2.repetition_levels_byte_length",
                    out->repetition_levels_byte_length);
  }
  if (out->num_nulls > out->num_values) {
    return Status::Corrupt("DataPageHeaderV2: num_nulls " + std::to_string(out->num_nulls) +
                           " exceeds num_values " + std::to_string(out->num_values));
  }
  return Status::OK();
}

Status ReadDictionaryPageHeader(ThriftCompactReader& r, DictionaryPageHeader* out) {
  bool has_num = false, has_enc = false;
  auto on_field = [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1:
        has_num = true;
        return ReadI32Field(r, h, "DictionaryPageHeader.num_values", &out->num_values);
      case 2:
        has_enc = true;
        return ReadEnumField(r, h, "DictionaryPageHeader.encoding", &out->encoding);
      case 3:
        return ReadBoolField(h, "DictionaryPageHeader.is_sorted", &out->is_sorted.emplace());
      default: return r.Skip(h.type);
    }
  };
  SILT_RETURN_NOT_OK(ReadStruct(r, kDictionaryPageHeaderFields, on_field));
  if (!has_num) return Missing("DictionaryPageHeader", "num_values");
  if (!has_enc) return Missing("DictionaryPageHeader", "encoding");
  if (out->num_values < 0) return Negative("DictionaryPageHeader.num_values", out->num_values);
  return Status::OK();
}

Status ReadPageHeader(ThriftCompactReader& r, PageHeader* out) {
  bool has_type = false, has_uncompressed = false, has_compressed = false;
  SILT_RETURN_NOT_OK(ReadStruct(r, kPageHeaderFields, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1: has_type = true; return ReadEnumField(r, h, "PageHeader.type", &out->type);
      case 2:
        has_uncompressed = true;
        return ReadI32Field(r, h, "PageHeader.uncompressed_page_size",
                            &out->uncompressed_page_size);
      case 3:
        has_compressed = true;
        return ReadI32Field(r, h, "PageHeader.compressed_page_size",
                            &out->compressed_page_size);
      case 4: return ReadI32Field(r, h, "PageHeader.crc", &out->crc.emplace());
      case 5:
        SILT_RETURN_NOT_OK(ExpectType(h, CompactType::kStruct, "PageHeader.data_page_header"));
        return ReadDataPageHeader(r, &out->data_page_header.emplace());
      case 6:
        out->has_index_page_header = true;
        return r.Skip(h.type);
      case 7:
        SILT_RETURN_NOT_OK(
            ExpectType(h, CompactType::kStruct, "PageHeader.dictionary_page_header"));
        return ReadDictionaryPageHeader(r, &out->dictionary_page_header.emplace());
      case 8:
        SILT_RETURN_NOT_OK(
            ExpectType(h, CompactType::kStruct, "PageHeader.data_page_header_v2"));
        return ReadDataPageHeaderV2(r, &out->data_page_header_v2.emplace());
      default: return r.Skip(h.type);
    }
  }));
  if (!has_type) return Missing("PageHeader", "type");
  if (!has_uncompressed) return Missing("PageHeader", "uncompressed_page_size");
  if (!has_compressed) return Missing("PageHeader", "compressed_page_size");
  if (out->uncompressed_page_size < 0) {
    return Negative("PageHeader.uncompressed_page_size", out->uncompressed_page_size);
  }
  if (out->compressed_page_size < 0) {
    return Negative("PageHeader.compressed_page_size", out->compressed_page_size);
  }
  switch (out->type) {
    case PageType::kDataPage:
      if (!out->data_page_header) return Missing("PageHeader", "data_page_header");
      break;
    case PageType::kDictionaryPage:
      if (!out->dictionary_page_header) return Missing("PageHeader", "dictionary_page_header");
      break;
    case PageType::kDataPageV2: {
      if (!out->data_page_header_v2) return Missing("PageHeader", "data_page_header_v2");
      const DataPageHeaderV2& v2 = *out->data_page_header_v2;
      int64_t levels =
          int64_t{v2.definition_levels_byte_length} + v2.repetition_levels_byte_length;
      if (levels > out->compressed_page_size || levels > out->uncompressed_page_size) {
        return Status::Corrupt("DataPageHeaderV2: level lengths (" + std::to_string(levels) +
                               " bytes) exceed the page size");
      }
      break;
    }
    default:
      break;  // index pages and unknown types are skipped by readers
  }
  return Status::OK();
}

Status ReadPageLocation(ThriftCompactReader& r, PageLocation* out) {
  bool has_offset = false, has_size = false, has_first = false;
  SILT_RETURN_NOT_OK(ReadStruct(r, kPageLocationFields, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1: has_offset = true; return ReadI64Field(r, h, "PageLocation.offset", &out->offset);
      case 2:
        has_size = true;
        return ReadI32Field(r, h, "PageLocation.compressed_page_size",
                            &out->compressed_page_size);
      case 3:
        has_first = true;
        return ReadI64Field(r, h, "PageLocation.first_row_index", &out->first_row_index);
      default: return r.Skip(h.type);
    }
  }));
  if (!has_offset) return Missing("PageLocation", "offset");
  if (!has_size) return Missing("PageLocation", "compressed_page_size");
  if (!has_first) return Missing("PageLocation", "first_row_index");
  if (out->offset < 0) return Negative("PageLocation.offset", out->offset);
  if (out->compressed_page_size < 0) {
    return Negative("PageLocation.compressed_page_size", out->compressed_page_size);
  }
  if (out->first_row_index < 0) {
    return Negative("PageLocation.first_row_index", out->first_row_index);
  }
  return Status::OK();
}

Status ReadOffsetIndex(ThriftCompactReader& r, OffsetIndex* out) {
  bool has_locations = false;
  SILT_RETURN_NOT_OK(ReadStruct(r, kOffsetIndexFields, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1:
        has_locations = true;
        return ReadListField(r, h, CompactType::kStruct, "OffsetIndex.page_locations",
                             &out->page_locations,
                             [&](PageLocation* l) { return ReadPageLocation(r, l); });
      case 2:
        return ReadI64List(r, h, "OffsetIndex.unencoded_byte_array_data_bytes",
                           &out->unencoded_byte_array_data_bytes);
      default: return r.Skip(h.type);
    }
  }));
  if (!has_locations) return Missing("OffsetIndex", "page_locations");
  return Status::OK();
}

Status ReadColumnIndex(ThriftCompactReader& r, ColumnIndex* out) {
  bool has_null_pages = false, has_min = false, has_max = false, has_order = false;
  SILT_RETURN_NOT_OK(ReadStruct(r, kColumnIndexFields, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1: {
        has_null_pages = true;
        // std::vector<bool> has no emplace_back returning a reference; go through bytes.
        std::vector<uint8_t> pages;
        SILT_RETURN_NOT_OK(ReadListField(r, h, CompactType::kBoolTrue,
                                         "ColumnIndex.null_pages", &pages,
                                         [&](uint8_t* v) -> Status {
                                           bool b;
                                           SILT_RETURN_NOT_OK(r.ReadBool(&b));
                                           *v = b ? 1 : 0;
                                           return Status::OK();
                                         }));
        out->null_pages.assign(pages.begin(), pages.end());
        return Status::OK();
      }
      case 2:
        has_min = true;
        return ReadStringList(r, h, "ColumnIndex.min_values", &out->min_values);
      case 3:
        has_max = true;
        return ReadStringList(r, h, "ColumnIndex.max_values", &out->max_values);
      case 4:
        has_order = true;
        return ReadEnumField(r, h, "ColumnIndex.boundary_order", &out->boundary_order);
      case 5: return ReadI64List(r, h, "ColumnIndex.null_counts", &out->null_counts.emplace());
      case 6:
        return ReadI64List(r, h, "ColumnIndex.repetition_level_histograms",
                           &out->repetition_level_histograms);
      case 7:
        return ReadI64List(r, h, "ColumnIndex.definition_level_histograms",
                           &out->definition_level_histograms);
      case 8: return ReadI64List(r, h, "ColumnIndex.nan_counts", &out->nan_counts.emplace());
      default: return r.Skip(h.type);
    }
  }));
  if (!has_null_pages) return Missing("ColumnIndex", "null_pages");
  if (!has_min) return Missing("ColumnIndex", "min_values");
  if (!has_max) return Missing("ColumnIndex", "max_values");
  if (!has_order) return Missing("ColumnIndex", "boundary_order");
  size_t pages = out->null_pages.size();
  if (out->min_values.size() != pages || out->max_values.size() != pages ||
      (out->null_counts && out->null_counts->size() != pages) ||
      (out->nan_counts && out->nan_counts->size() != pages)) {
    return Status::Corrupt("ColumnIndex: per-page lists have different lengths (" +
                           std::to_string(pages) + " null_pages, " +
                           std::to_string(out->min_values.size()) + " min_values, " +
                           std::to_string(out->max_values.size()) + " max_values)");
  }
  return Status::OK();
}

}  // namespace

Result<PageHeader> ParsePageHeader(const uint8_t* data, int64_t size, int64_t* header_size) {
  ThriftCompactReader r = internal::MetadataReader(data, size);
  PageHeader out;
  Status st = ReadPageHeader(r, &out);
  if (!st.ok()) return st.WithContext("parsing a Parquet page header");
  if (header_size != nullptr) *header_size = r.position();
  return out;
}

Result<ColumnIndex> ParseColumnIndex(const uint8_t* data, int64_t size) {
  ThriftCompactReader r = internal::MetadataReader(data, size);
  ColumnIndex out;
  Status st = ReadColumnIndex(r, &out);
  if (!st.ok()) return st.WithContext("parsing a Parquet column index");
  return out;
}

Result<OffsetIndex> ParseOffsetIndex(const uint8_t* data, int64_t size) {
  ThriftCompactReader r = internal::MetadataReader(data, size);
  OffsetIndex out;
  Status st = ReadOffsetIndex(r, &out);
  if (!st.ok()) return st.WithContext("parsing a Parquet offset index");
  return out;
}

}  // namespace silt::parquet
