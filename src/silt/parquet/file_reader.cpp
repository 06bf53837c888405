#include "silt/parquet/file_reader.h"

#include <algorithm>
#include <cstring>
#include <cctype>
#include <mutex>

#include "silt/common/ascii.h"
#include "silt/parquet/footer.h"
#include "silt/parquet/level_assembly.h"
#include "silt/parquet/pruning.h"

namespace silt::parquet {

namespace {

/// Byte range of a column chunk within the file. Some writers store a zero or bogus
/// dictionary_page_offset; the chunk then starts at the data page.
Status ChunkRange(const ColumnMetaData& meta, int64_t file_size, int64_t* offset, int64_t* size) {
  int64_t start = meta.data_page_offset;
  if (meta.dictionary_page_offset.has_value() && *meta.dictionary_page_offset > 0 &&
      *meta.dictionary_page_offset < start) {
    start = *meta.dictionary_page_offset;
  }
  const int64_t len = meta.total_compressed_size;
  if (start < 4 || len < 0 || start > file_size || len > file_size - start) {
    return Status::Corrupt("column chunk [" + std::to_string(start) + ", +" + std::to_string(len) +
                           ") lies outside the file of " + std::to_string(file_size) + " bytes");
  }
  *offset = start;
  *size = len;
  return Status::OK();
}

/// Cuts the rows of `ranges` out of an array holding the rows of `covered` (both sorted,
/// every range inside one covered interval).
Result<ArrayDataPtr> TrimToSelection(const ArrayDataPtr& array, const std::vector<RowRange>& covered,
                                     const std::vector<RowRange>& ranges, MemoryPool* pool) {
  std::vector<ArrayDataPtr> pieces;
  size_t c = 0;
  int64_t prefix = 0;  // rows of covered intervals before interval c
  for (const RowRange& r : ranges) {
    while (c < covered.size() && covered[c].first + covered[c].count <= r.first) {
      prefix += covered[c].count;
      ++c;
    }
    if (c >= covered.size() || r.first < covered[c].first ||
        r.first + r.count > covered[c].first + covered[c].count) {
      return Status::Internal("row selection is not covered by the decoded pages");
    }
    pieces.push_back(array->Slice(prefix + (r.first - covered[c].first), r.count));
  }
  if (pieces.size() == 1) return pieces[0];
  return Concatenate(pieces, pool);
}

}  // namespace

Result<std::unique_ptr<ParquetFileReader>> ParquetFileReader::Open(
    std::shared_ptr<io::RandomAccessFile> file, ParquetReadOptions options) {
  std::unique_ptr<ParquetFileReader> r(new ParquetFileReader());
  r->file_ = std::move(file);
  r->options_ = std::move(options);
  if (r->options_.batch_size <= 0) return Status::InvalidArgument("batch size must be positive");
  SILT_RETURN_NOT_OK(r->Prepare());
  return r;
}

Result<std::unique_ptr<ParquetFileReader>> ParquetFileReader::Open(const std::string& path,
                                                                   ParquetReadOptions options) {
  SILT_ASSIGN_OR_RETURN(auto file, io::LocalFileSystem()->OpenForRead(path));
  return Open(std::move(file), std::move(options));
}

Status ParquetFileReader::Prepare() {
  SILT_ASSIGN_OR_RETURN(file_size_, file_->Size());
  int64_t footer_bytes = 0;
  auto md = ReadFileMetaData(*file_, &footer_bytes);
  if (!md.ok()) return md.status().WithContext("reading the footer of '" + file_->path() + "'");
  metadata_ = md.MoveValue();
  metrics_.footer_bytes = footer_bytes;
  metrics_.bytes_read += footer_bytes;
  auto schema = ParquetSchema::Make(metadata_);
  if (!schema.ok()) {
    return schema.status().WithContext("converting the schema of '" + file_->path() + "'");
  }
  schema_ = schema.MoveValue();
  const size_t num_leaves = schema_->leaves().size();
  for (const auto& rg : metadata_.row_groups) {
    if (rg.columns.size() != num_leaves) {
      return Status::Corrupt("row group has " + std::to_string(rg.columns.size()) +
                             " column chunks for " + std::to_string(num_leaves) + " leaf columns");
    }
    if (rg.num_rows < 0) return Status::Corrupt("row group has a negative row count");
    for (const auto& cc : rg.columns) {
      if (cc.file_path.has_value() && !cc.file_path->empty()) {
        return Status::NotSupported("column chunks in external files (file_path '" +
                                    *cc.file_path + "')");
      }
    }
  }
  if (options_.choose_columns) {
    SILT_ASSIGN_OR_RETURN(options_.columns, options_.choose_columns(*schema_));
  }
  // Projection: top-level names, or dotted paths through structs to nested fields.
  const auto& fields = schema_->fields();
  std::vector<FieldPtr> out_fields;
  if (options_.columns.empty()) {
    for (const auto& f : fields) {
      projected_nodes_.push_back(f.get());
      out_fields.push_back(f->field);
    }
  } else {
    auto find = [](const std::vector<std::unique_ptr<ReadNode>>& nodes,
                   const std::string& name) -> const ReadNode* {
      for (const auto& n : nodes) {
        if (n->field->name == name) return n.get();
      }
      for (const auto& n : nodes) {
        if (EqualsIgnoreAsciiCase(n->field->name, name)) return n.get();
      }
      return nullptr;
    };
    for (const auto& name : options_.columns) {
      const ReadNode* node = find(fields, name);
      bool nested = false;
      if (node == nullptr && name.find('.') != std::string::npos) {
        // s.a.b: walk struct children (lists would need a list of projections; refused).
        size_t start = 0;
        const std::vector<std::unique_ptr<ReadNode>>* level = &fields;
        while (start <= name.size()) {
          size_t dot = name.find('.', start);
          if (dot == std::string::npos) dot = name.size();
          node = level == nullptr ? nullptr : find(*level, name.substr(start, dot - start));
          if (node == nullptr) break;
          level = node->kind == ReadNode::Kind::kStruct ? &node->children : nullptr;
          start = dot + 1;
        }
        nested = node != nullptr;
      }
      if (node == nullptr) {
        std::string avail;
        for (const auto& f : fields) avail += (avail.empty() ? "" : ", ") + f->field->name;
        return Status::Plan("column '" + name + "' not found in '" + file_->path() +
                            "' (columns: " + avail + ")");
      }
      projected_nodes_.push_back(node);
      // A nested field is null wherever one of its parents is.
      out_fields.push_back(nested ? field(name, node->field->type, true, node->field->metadata,
                                          node->field->field_id)
                                  : node->field);
    }
  }
  output_schema_ = std::make_shared<Schema>(std::move(out_fields), schema_->schema()->metadata());

  // Row-group pruning.
  metrics_.row_groups_total = static_cast<int64_t>(metadata_.row_groups.size());
  for (size_t rg = 0; rg < metadata_.row_groups.size(); ++rg) {
    bool keep = true;
    if (options_.predicate && options_.use_row_group_statistics) {
      keep = RowGroupMayMatch(*options_.predicate, *schema_, metadata_, static_cast<int>(rg));
    }
    if (keep) {
      selected_row_groups_.push_back(static_cast<int>(rg));
    } else {
      ++metrics_.row_groups_pruned;
    }
  }
  return Status::OK();
}

Result<std::vector<RecordBatchPtr>> ParquetFileReader::ReadRowGroup(
    int row_group, ParquetScanMetrics* metrics) const {
  if (row_group < 0 || static_cast<size_t>(row_group) >= metadata_.row_groups.size()) {
    return Status::InvalidArgument("row group " + std::to_string(row_group) + " does not exist");
  }
  int64_t bytes = 0, pages = 0, skipped = 0, rows_skipped = 0;
  auto r = ReadRowGroupBatches(row_group, options_.parallelism, &bytes, &pages, &skipped,
                               &rows_skipped);
  if (!r.ok()) {
    return r.status().WithContext("reading row group " + std::to_string(row_group) + " of '" +
                                  file_->path() + "'");
  }
  if (metrics != nullptr) {
    metrics->bytes_read += bytes;
    metrics->pages_total += pages + skipped;
    metrics->pages_skipped += skipped;
    metrics->rows_skipped_by_page_index += rows_skipped;
  }
  return r;
}

Result<std::vector<RecordBatchPtr>> ParquetFileReader::ReadRowGroupBatches(
    int row_group, int parallelism, int64_t* bytes_read, int64_t* pages_read,
    int64_t* pages_skipped, int64_t* rows_skipped) const {
  const RowGroup& rg = metadata_.row_groups[static_cast<size_t>(row_group)];
  // Leaves to decode, in order.
  std::vector<int> leaf_ids;
  for (const ReadNode* node : projected_nodes_) {
    for (int l = node->first_leaf; l < node->first_leaf + node->num_leaves; ++l) leaf_ids.push_back(l);
  }
  std::sort(leaf_ids.begin(), leaf_ids.end());
  leaf_ids.erase(std::unique(leaf_ids.begin(), leaf_ids.end()), leaf_ids.end());
  if (rg.num_rows == 0) return std::vector<RecordBatchPtr>{};
  // Page-index row selection (flat columns only).
  RowSelection selection;
  selection.all = true;
  if (options_.predicate && options_.use_page_index) {
    SILT_ASSIGN_OR_RETURN(selection, SelectRowsWithPageIndex(*options_.predicate, *schema_,
                                                             metadata_, row_group, *file_,
                                                             bytes_read));
  }
  if (!selection.all && selection.num_rows == 0) {
    *rows_skipped += rg.num_rows;
    return std::vector<RecordBatchPtr>{};
  }
  bool use_selection = !selection.all;
  if (use_selection) {
    for (int l : leaf_ids) {
      const LeafDescriptor& leaf = schema_->leaves()[static_cast<size_t>(l)];
      if (leaf.max_rep_level > 0 || !rg.columns[static_cast<size_t>(l)].offset_index_offset) {
        use_selection = false;  // nested or without an offset index: read whole chunks
      }
    }
  }

  std::vector<DecodedColumn> decoded(schema_->leaves().size());
  std::vector<PageSelection> page_selections(schema_->leaves().size());
  std::vector<int64_t> leaf_bytes(leaf_ids.size(), 0);
  ColumnDecodeOptions dopts;
  dopts.keep_dictionary = options_.keep_dictionary;
  dopts.verify_checksums = options_.verify_checksums;
  dopts.pool = options_.pool;
  auto decode_leaf = [&](int64_t i) -> Status {
    const int l = leaf_ids[static_cast<size_t>(i)];
    const LeafDescriptor& leaf = schema_->leaves()[static_cast<size_t>(l)];
    const ColumnChunk& cc = rg.columns[static_cast<size_t>(l)];
    const ColumnMetaData& meta = *cc.meta_data;
    if (meta.type != leaf.physical_type) {
      return Status::Corrupt("column chunk of '" + leaf.PathString() + "' has physical type " +
                             TypeName(meta.type) + " but the schema says " +
                             TypeName(leaf.physical_type));
    }
    int64_t offset = 0, size = 0;
    SILT_RETURN_NOT_OK(ChunkRange(meta, file_size_, &offset, &size));
    int64_t* counter = &leaf_bytes[static_cast<size_t>(i)];
    if (use_selection) {
      SILT_ASSIGN_OR_RETURN(PageSelection pages,
                            LoadPageSelection(cc, selection, rg.num_rows, *file_, counter));
      // Read the dictionary page region and the selected pages only.
      BufferPtr bytes;
      SILT_ASSIGN_OR_RETURN(bytes, Buffer::AllocateZeroed(size, options_.pool));
      int64_t dict_end = pages.locations.empty() ? 0 : pages.locations[0].offset - offset;
      if (dict_end > 0 && dict_end <= size) {
        SILT_ASSIGN_OR_RETURN(auto head, file_->ReadAt(offset, dict_end));
        std::memcpy(bytes->mutable_data(), head->data(), static_cast<size_t>(dict_end));
        *counter += dict_end;
      }
      for (int p : pages.selected) {
        const PageLocation& loc = pages.locations[static_cast<size_t>(p)];
        const int64_t rel = loc.offset - offset;
        if (rel < 0 || loc.compressed_page_size < 0 || rel + loc.compressed_page_size > size) {
          return Status::Corrupt("offset index points outside the column chunk of '" +
                                 leaf.PathString() + "'");
        }
        SILT_ASSIGN_OR_RETURN(auto page, file_->ReadAt(loc.offset, loc.compressed_page_size));
        std::memcpy(bytes->mutable_data() + rel, page->data(),
                    static_cast<size_t>(loc.compressed_page_size));
        *counter += loc.compressed_page_size;
      }
      ChunkBytes chunk{bytes->data(), size, offset};
      SILT_ASSIGN_OR_RETURN(decoded[static_cast<size_t>(l)],
                            DecodeColumnPages(leaf, meta, chunk, pages.locations, pages.selected,
                                              pages.rows, dopts));
      page_selections[static_cast<size_t>(l)] = std::move(pages);
      return Status::OK();
    }
    SILT_ASSIGN_OR_RETURN(auto bytes, file_->ReadAt(offset, size));
    *counter += size;
    ChunkBytes chunk{bytes->data(), size, offset};
    SILT_ASSIGN_OR_RETURN(decoded[static_cast<size_t>(l)],
                          DecodeColumnChunk(leaf, meta, chunk, rg.num_rows, dopts));
    return Status::OK();
  };
  SILT_RETURN_NOT_OK(ParallelFor(static_cast<int64_t>(leaf_ids.size()), std::max(1, parallelism),
                                 decode_leaf, options_.cancel));
  for (size_t i = 0; i < leaf_ids.size(); ++i) {
    *bytes_read += leaf_bytes[i];
    const auto& d = decoded[static_cast<size_t>(leaf_ids[i])];
    *pages_read += d.pages_read;
    *pages_skipped += d.pages_skipped;
  }
  const int64_t out_rows = use_selection ? selection.num_rows : rg.num_rows;
  if (use_selection) *rows_skipped += rg.num_rows - selection.num_rows;
  std::vector<const DecodedColumn*> leaf_ptrs(decoded.size(), nullptr);
  for (int l : leaf_ids) leaf_ptrs[static_cast<size_t>(l)] = &decoded[static_cast<size_t>(l)];
  std::vector<ArrayDataPtr> columns;
  for (const ReadNode* node_ptr : projected_nodes_) {
    const ReadNode& node = *node_ptr;
    const int64_t rows = use_selection ? page_selections[static_cast<size_t>(node.first_leaf)].rows
                                       : rg.num_rows;
    auto arr = AssembleField(node, leaf_ptrs, rows, options_.pool);
    if (!arr.ok()) {
      return arr.status().WithContext("assembling column '" + node.field->name +
                                      "' of row group " + std::to_string(row_group));
    }
    ArrayDataPtr column = arr.MoveValue();
    if (use_selection) {
      SILT_ASSIGN_OR_RETURN(column, TrimToSelection(column,
                                                    page_selections[static_cast<size_t>(node.first_leaf)].covered,
                                                    selection.ranges, options_.pool));
    }
    columns.push_back(std::move(column));
  }
  const int64_t selected_rows = out_rows;
  std::vector<RecordBatchPtr> out;
  auto whole = std::make_shared<RecordBatch>(output_schema_, selected_rows, std::move(columns));
  for (int64_t start = 0; start < selected_rows; start += options_.batch_size) {
    int64_t len = std::min(options_.batch_size, selected_rows - start);
    out.push_back(start == 0 && len == selected_rows ? whole : whole->Slice(start, len));
  }
  return out;
}

Status ParquetFileReader::DecodeNextWindow() {
  pending_.clear();
  pending_pos_ = 0;
  const int window = std::max(1, options_.parallelism);
  const size_t begin = next_row_group_;
  const size_t end = std::min(selected_row_groups_.size(), begin + static_cast<size_t>(window));
  next_row_group_ = end;
  const int64_t n = static_cast<int64_t>(end - begin);
  std::vector<std::vector<RecordBatchPtr>> results(static_cast<size_t>(n));
  std::vector<int64_t> bytes(static_cast<size_t>(n), 0), pages(static_cast<size_t>(n), 0),
      skipped(static_cast<size_t>(n), 0), rows_skipped(static_cast<size_t>(n), 0);
  auto decode = [&](int64_t i) -> Status {
    const int rg = selected_row_groups_[begin + static_cast<size_t>(i)];
    auto r = ReadRowGroupBatches(rg, n > 1 ? 1 : window, &bytes[static_cast<size_t>(i)],
                                 &pages[static_cast<size_t>(i)],
                                 &skipped[static_cast<size_t>(i)],
                                 &rows_skipped[static_cast<size_t>(i)]);
    if (!r.ok()) {
      return r.status().WithContext("reading row group " + std::to_string(rg) + " of '" +
                                    file_->path() + "'");
    }
    results[static_cast<size_t>(i)] = r.MoveValue();
    return Status::OK();
  };
  // Row groups in parallel; inside each, columns run on the calling thread unless only one
  // row group is in flight.
  SILT_RETURN_NOT_OK(ParallelFor(n, window, decode, options_.cancel));
  for (int64_t i = 0; i < n; ++i) {
    metrics_.bytes_read += bytes[static_cast<size_t>(i)];
    metrics_.pages_total += pages[static_cast<size_t>(i)] + skipped[static_cast<size_t>(i)];
    metrics_.pages_skipped += skipped[static_cast<size_t>(i)];
    metrics_.rows_skipped_by_page_index += rows_skipped[static_cast<size_t>(i)];
    for (auto& b : results[static_cast<size_t>(i)]) pending_.push_back(std::move(b));
  }
  return Status::OK();
}

Result<RecordBatchPtr> ParquetFileReader::Next() {
  while (pending_pos_ >= pending_.size()) {
    if (next_row_group_ >= selected_row_groups_.size()) return RecordBatchPtr();
    SILT_RETURN_NOT_OK(DecodeNextWindow());
  }
  return pending_[pending_pos_++];
}

Result<std::vector<RecordBatchPtr>> ParquetFileReader::ReadAll() {
  std::vector<RecordBatchPtr> out;
  for (;;) {
    SILT_ASSIGN_OR_RETURN(auto b, Next());
    if (!b) break;
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace silt::parquet
