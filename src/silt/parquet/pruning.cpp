#include "silt/parquet/pruning.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "silt/common/ascii.h"
#include "silt/parquet/value_conversion.h"

namespace silt::parquet {

namespace {

bool NameEquals(const std::string& a, const std::string& b, bool ignore_case) {
  return ignore_case ? EqualsIgnoreAsciiCase(a, b) : a == b;
}

const ReadNode* FindChild(const std::vector<std::unique_ptr<ReadNode>>& nodes,
                          const std::string& name) {
  for (bool ic : {false, true}) {
    for (const auto& n : nodes) {
      if (NameEquals(n->field->name, name, ic)) return n.get();
    }
  }
  return nullptr;
}

/// Leaf index of a column path through structs, or -1 (lists, maps, unknown names).
int ResolveLeaf(const ParquetSchema& schema, const std::vector<std::string>& path) {
  const ReadNode* node = FindChild(schema.fields(), path[0]);
  for (size_t i = 1; node != nullptr && i < path.size(); ++i) {
    if (node->kind != ReadNode::Kind::kStruct) return -1;
    node = FindChild(node->children, path[i]);
  }
  if (node == nullptr || node->kind != ReadNode::Kind::kLeaf) return -1;
  const LeafDescriptor& leaf = schema.leaves()[static_cast<size_t>(node->leaf)];
  return leaf.max_rep_level == 0 ? node->leaf : -1;
}

std::optional<Scalar> ScalarAt(const ArrayData& a) {
  if (a.length < 1 || a.IsNull(0)) return std::nullopt;
  const DataTypePtr& t = a.type;
  switch (t->id()) {
    case TypeId::kBool: return Scalar::Bool(a.GetBool(0));
    case TypeId::kInt8: return Scalar::Int(a.values<int8_t>()[0], t);
    case TypeId::kInt16: return Scalar::Int(a.values<int16_t>()[0], t);
    case TypeId::kInt32: return Scalar::Int(a.values<int32_t>()[0], t);
    case TypeId::kInt64: return Scalar::Int(a.values<int64_t>()[0], t);
    case TypeId::kUInt8: return Scalar::Int(a.values<uint8_t>()[0], t);
    case TypeId::kUInt16: return Scalar::Int(a.values<uint16_t>()[0], t);
    case TypeId::kUInt32: return Scalar::Int(a.values<uint32_t>()[0], t);
    case TypeId::kUInt64: return Scalar::UInt64(a.values<uint64_t>()[0]);
    case TypeId::kFloat32: return Scalar::Float(a.values<float>()[0], t);
    case TypeId::kFloat64: return Scalar::Float(a.values<double>()[0], t);
    case TypeId::kDecimal128:
      return Scalar::Decimal(a.values<__int128>()[0], t->precision(), t->scale());
    case TypeId::kDecimal64: return Scalar(t, __int128{a.values<int64_t>()[0]});
    case TypeId::kUtf8: return Scalar::String(std::string(a.GetView(0)));
    case TypeId::kBinary: return Scalar::Binary(std::string(a.GetView(0)), t);
    case TypeId::kFixedBinary:
      return Scalar::Binary(std::string(reinterpret_cast<const char*>(a.GetFixed(0)),
                                        static_cast<size_t>(t->byte_width())),
                            t);
    case TypeId::kDate32: return Scalar::Date(a.values<int32_t>()[0]);
    case TypeId::kTimestamp: return Scalar::Timestamp(a.values<int64_t>()[0], t->unit(), t->timezone());
    case TypeId::kTime64: return Scalar::Time(a.values<int64_t>()[0], t->unit());
    default: return std::nullopt;
  }
}

bool IsNaN(const Scalar& s) {
  return !s.is_null() && s.type()->IsFloating() && std::isnan(s.double_value());
}

std::optional<Scalar> DecodeBound(const LeafDescriptor& leaf, const std::string& bytes) {
  auto arr = ConvertStatisticsValue(leaf, bytes);
  if (!arr.ok()) return std::nullopt;
  auto s = ScalarAt(**arr);
  if (s && IsNaN(*s)) return std::nullopt;
  return s;
}

/// Statistics of one column chunk as bounds; min/max only when the writer's ordering is
/// known to match silt's comparison.
ColumnBounds ChunkBounds(const LeafDescriptor& leaf, const FileMetaData& md,
                         const ColumnMetaData& meta, int64_t num_rows) {
  ColumnBounds b;
  b.num_values = leaf.max_rep_level == 0 ? num_rows : -1;
  b.is_floating = leaf.type->IsFloating();
  if (!meta.statistics) return b;
  const Statistics& st = *meta.statistics;
  b.null_count = st.null_count;
  b.nan_count = st.nan_count;
  if (leaf.conversion == LeafConversion::kInt96ToMicros || leaf.type->id() == TypeId::kInterval) {
    return b;
  }
  bool order_known = true;
  if (!md.column_orders.empty()) {
    size_t i = static_cast<size_t>(leaf.column_index);
    order_known = i < md.column_orders.size() && (md.column_orders[i].type_defined_order ||
                                                  md.column_orders[i].ieee754_total_order);
  }
  std::optional<Scalar> mn, mx;
  if (order_known && st.min_value && st.max_value) {
    mn = DecodeBound(leaf, *st.min_value);
    mx = DecodeBound(leaf, *st.max_value);
  } else if (st.min && st.max && leaf.sort_order_signed &&
             (leaf.physical_type == Type::kBoolean || leaf.physical_type == Type::kInt32 ||
              leaf.physical_type == Type::kInt64 || leaf.physical_type == Type::kFloat ||
              leaf.physical_type == Type::kDouble)) {
    // Deprecated fields were written with signed comparison: usable for signed numbers only.
    mn = DecodeBound(leaf, *st.min);
    mx = DecodeBound(leaf, *st.max);
  }
  if (mn && mx) {
    b.min = std::move(mn);
    b.max = std::move(mx);
  }
  return b;
}

void CollectColumns(const Expr& e, std::vector<std::vector<std::string>>* out) {
  if (e.is_column()) out->push_back(e.path());
  for (const auto& c : e.children()) CollectColumns(*c, out);
}

}  // namespace

bool MayMatch(const Expr& predicate, const ParquetSchema& schema, const BoundsLookup& bounds) {
  BoundsResolver resolve = [&](const std::vector<std::string>& path) -> std::optional<ResolvedBounds> {
    int leaf = ResolveLeaf(schema, path);
    if (leaf < 0) return std::nullopt;
    return ResolvedBounds{schema.leaves()[static_cast<size_t>(leaf)].type, bounds(leaf)};
  };
  return BoundsMayMatch(predicate, resolve);
}

std::optional<ColumnBounds> ColumnChunkBounds(const ParquetSchema& schema, const FileMetaData& metadata,
                                              int row_group, int leaf) {
  const RowGroup& rg = metadata.row_groups[static_cast<size_t>(row_group)];
  if (static_cast<size_t>(leaf) >= rg.columns.size()) return std::nullopt;
  const ColumnChunk& cc = rg.columns[static_cast<size_t>(leaf)];
  if (!cc.meta_data) return std::nullopt;
  return ChunkBounds(schema.leaves()[static_cast<size_t>(leaf)], metadata, *cc.meta_data, rg.num_rows);
}

bool RowGroupMayMatch(const Expr& predicate, const ParquetSchema& schema,
                      const FileMetaData& metadata, int row_group) {
  const RowGroup& rg = metadata.row_groups[static_cast<size_t>(row_group)];
  BoundsLookup lookup = [&](int leaf) -> std::optional<ColumnBounds> {
    const ColumnChunk& cc = rg.columns[static_cast<size_t>(leaf)];
    if (!cc.meta_data) return std::nullopt;
    return ChunkBounds(schema.leaves()[static_cast<size_t>(leaf)], metadata, *cc.meta_data,
                       rg.num_rows);
  };
  return MayMatch(predicate, schema, lookup);
}

namespace {

struct LeafPageIndex {
  ColumnIndex column_index;
  OffsetIndex offset_index;
};

Result<OffsetIndex> ReadOffsetIndex(const ColumnChunk& cc, io::RandomAccessFile& file,
                                    int64_t* bytes_read) {
  if (!cc.offset_index_offset || !cc.offset_index_length || *cc.offset_index_length <= 0) {
    return Status::NotSupported("no offset index");
  }
  SILT_ASSIGN_OR_RETURN(auto bytes, file.ReadAt(*cc.offset_index_offset, *cc.offset_index_length));
  *bytes_read += *cc.offset_index_length;
  return ParseOffsetIndex(bytes->data(), bytes->size());
}

/// First row of each page plus the row group end.
std::vector<int64_t> PageStarts(const OffsetIndex& oi, int64_t rows) {
  std::vector<int64_t> s;
  for (const auto& p : oi.page_locations) s.push_back(p.first_row_index);
  s.push_back(rows);
  return s;
}

bool ValidPageStarts(const std::vector<int64_t>& s) {
  if (s.size() < 2 || s[0] != 0) return false;
  for (size_t i = 1; i < s.size(); ++i) {
    if (s[i] < s[i - 1]) return false;
  }
  return true;
}

}  // namespace

Result<RowSelection> SelectRowsWithPageIndex(const Expr& predicate, const ParquetSchema& schema,
                                             const FileMetaData& metadata, int row_group,
                                             io::RandomAccessFile& file, int64_t* bytes_read) {
  RowSelection all;
  all.all = true;
  const RowGroup& rg = metadata.row_groups[static_cast<size_t>(row_group)];
  std::vector<std::vector<std::string>> paths;
  CollectColumns(predicate, &paths);
  std::map<int, LeafPageIndex> indexes;
  for (const auto& p : paths) {
    int leaf = ResolveLeaf(schema, p);
    if (leaf < 0 || indexes.count(leaf)) continue;
    const ColumnChunk& cc = rg.columns[static_cast<size_t>(leaf)];
    if (!cc.column_index_offset || !cc.column_index_length || *cc.column_index_length <= 0) continue;
    auto oi = ReadOffsetIndex(cc, file, bytes_read);
    if (!oi.ok()) continue;
    SILT_ASSIGN_OR_RETURN(auto bytes, file.ReadAt(*cc.column_index_offset, *cc.column_index_length));
    *bytes_read += *cc.column_index_length;
    auto ci = ParseColumnIndex(bytes->data(), bytes->size());
    if (!ci.ok()) continue;  // a broken page index only costs pruning
    if (ci->null_pages.size() != oi->page_locations.size()) continue;
    if (!ValidPageStarts(PageStarts(*oi, rg.num_rows))) continue;
    indexes[leaf] = LeafPageIndex{ci.MoveValue(), oi.MoveValue()};
  }
  if (indexes.empty()) return all;
  // Elementary intervals: split at every page boundary of every indexed column.
  std::vector<int64_t> cuts{0, rg.num_rows};
  for (const auto& [leaf, idx] : indexes) {
    for (const auto& p : idx.offset_index.page_locations) cuts.push_back(p.first_row_index);
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  RowSelection out;
  out.all = false;
  for (size_t i = 0; i + 1 < cuts.size(); ++i) {
    const int64_t lo = cuts[i], hi = cuts[i + 1];
    if (hi <= lo || lo >= rg.num_rows) continue;
    BoundsLookup lookup = [&](int leaf) -> std::optional<ColumnBounds> {
      auto it = indexes.find(leaf);
      if (it == indexes.end()) return std::nullopt;
      const auto& locs = it->second.offset_index.page_locations;
      // The page containing row `lo`.
      size_t page = 0;
      while (page + 1 < locs.size() && locs[page + 1].first_row_index <= lo) ++page;
      const int64_t page_end = page + 1 < locs.size() ? locs[page + 1].first_row_index : rg.num_rows;
      const LeafDescriptor& ld = schema.leaves()[static_cast<size_t>(leaf)];
      const ColumnIndex& ci = it->second.column_index;
      ColumnBounds b;
      b.num_values = page_end - locs[page].first_row_index;
      b.is_floating = ld.type->IsFloating();
      if (ci.null_counts && page < ci.null_counts->size()) b.null_count = (*ci.null_counts)[page];
      if (ci.nan_counts && page < ci.nan_counts->size()) b.nan_count = (*ci.nan_counts)[page];
      if (ci.null_pages[page]) {
        b.null_count = b.num_values;
        return b;
      }
      if (ld.conversion == LeafConversion::kInt96ToMicros) return b;
      auto mn = DecodeBound(ld, ci.min_values[page]);
      auto mx = DecodeBound(ld, ci.max_values[page]);
      if (mn && mx) {
        b.min = std::move(mn);
        b.max = std::move(mx);
      }
      return b;
    };
    if (MayMatch(predicate, schema, lookup)) {
      if (!out.ranges.empty() && out.ranges.back().first + out.ranges.back().count == lo) {
        out.ranges.back().count += hi - lo;
      } else {
        out.ranges.push_back(RowRange{lo, hi - lo});
      }
      out.num_rows += hi - lo;
    }
  }
  if (out.num_rows == rg.num_rows) return all;
  return out;
}

Result<PageSelection> LoadPageSelection(const ColumnChunk& chunk, const RowSelection& selection,
                                        int64_t row_group_rows, io::RandomAccessFile& file,
                                        int64_t* bytes_read) {
  SILT_ASSIGN_OR_RETURN(OffsetIndex oi, ReadOffsetIndex(chunk, file, bytes_read));
  std::vector<int64_t> starts = PageStarts(oi, row_group_rows);
  if (!ValidPageStarts(starts)) return Status::Corrupt("offset index page rows are not ascending");
  PageSelection out;
  out.locations = oi.page_locations;
  size_t r = 0;
  for (size_t p = 0; p + 1 < starts.size(); ++p) {
    const int64_t lo = starts[p], hi = starts[p + 1];
    while (r < selection.ranges.size() &&
           selection.ranges[r].first + selection.ranges[r].count <= lo) {
      ++r;
    }
    bool overlaps = r < selection.ranges.size() && selection.ranges[r].first < hi && hi > lo;
    if (!overlaps) continue;
    out.selected.push_back(static_cast<int>(p));
    out.rows += hi - lo;
    if (!out.covered.empty() && out.covered.back().first + out.covered.back().count == lo) {
      out.covered.back().count += hi - lo;
    } else {
      out.covered.push_back(RowRange{lo, hi - lo});
    }
  }
  return out;
}

}  // namespace silt::parquet
