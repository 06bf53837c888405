#include "silt/parquet/writer_levels.h"

#include <string>
#include <utility>

namespace silt::parquet {

namespace {

Status NullInRequired(const WriterLeaf& leaf, const PathStep& step) {
  return Status::InvalidArgument("non-nullable field '" + step.name + "' contains nulls (column '" +
                                 leaf.name + "')");
}

/// Whether row `r` of `a` (a node on the path; `is_leaf` for the last one) is non-null.
inline bool NodeValid(const ArrayData& a, bool is_leaf, int64_t r) {
  return is_leaf ? LeafIsValid(a, r) : a.IsValid(r);
}

/// A top-level leaf: levels straight from the validity bitmap.
Status ShredTopLevel(const WriterLeaf& leaf, const ArrayData& a, LeafLevels* out) {
  const PathStep& step = leaf.steps[0];
  const int64_t n = a.length;
  out->num_levels = n;
  const bool all_null = a.type->id() == TypeId::kNull;
  if (all_null) {
    out->def.assign(static_cast<size_t>(n), 0);
    out->num_values = 0;
    return Status::OK();
  }
  if (a.encoding == silt::Encoding::kPlain) {
    out->all_valid_rows = true;
    const uint8_t* bits = a.validity();
    if (a.null_count == 0 || bits == nullptr) {
      if (step.nullable) out->def.assign(static_cast<size_t>(n), 1);
      out->num_values = n;
      return Status::OK();
    }
    if (!step.nullable) return NullInRequired(leaf, step);
    out->def.resize(static_cast<size_t>(n));
    int64_t valid = 0;
    for (int64_t i = 0; i < n; ++i) {
      const int16_t d = static_cast<int16_t>(bit_util::GetBit(bits, a.offset + i));
      out->def[static_cast<size_t>(i)] = d;
      valid += d;
    }
    out->num_values = valid;
    return Status::OK();
  }
  // Dictionary or constant leaf: list the rows holding values.
  if (step.nullable) out->def.resize(static_cast<size_t>(n));
  out->value_rows.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    const bool valid = LeafIsValid(a, i);
    if (step.nullable) {
      out->def[static_cast<size_t>(i)] = valid ? 1 : 0;
    } else if (!valid) {
      return NullInRequired(leaf, step);
    }
    if (valid) out->value_rows.push_back(i);
  }
  out->num_values = static_cast<int64_t>(out->value_rows.size());
  return Status::OK();
}

}  // namespace

Status ShredLeaf(const WriterLeaf& leaf, const ArrayData& column, LeafLevels* out) {
  out->def.clear();
  out->rep.clear();
  out->value_rows.clear();
  out->all_valid_rows = false;
  out->leaf_array = &column;
  out->num_values = 0;
  if (leaf.steps.size() == 1) return ShredTopLevel(leaf, column, out);

  // Entries start as one per row; `identity` means entry i is row i of the current array
  // (structs keep rows aligned), otherwise rows_scratch holds each entry's row. An entry is
  // alive (its ancestors are all present) when its def equals cur_def; once it stops, its
  // def stays below every later cur_def.
  int64_t count = column.length;
  bool identity = true;
  bool has_rep = false;
  int16_t cur_def = 0;
  std::vector<int16_t>& def = out->def;
  std::vector<int16_t>& rep = out->rep;
  std::vector<int64_t>& rows = out->rows_scratch;
  def.assign(static_cast<size_t>(count), 0);
  rows.clear();
  const ArrayData* arr = &column;
  for (const PathStep& step : leaf.steps) {
    const bool is_leaf = step.kind == PathStep::Kind::kLeaf;
    if (!is_leaf && arr->encoding != silt::Encoding::kPlain) {
      return Status::Internal("nested array of column '" + leaf.name + "' is not plain-encoded");
    }
    const bool all_null = is_leaf && arr->type->id() == TypeId::kNull;
    const bool may_have_nulls = all_null || arr->encoding != silt::Encoding::kPlain ||
                                (arr->null_count != 0 && arr->validity() != nullptr);
    if (may_have_nulls) {
      for (int64_t i = 0; i < count; ++i) {
        int16_t& d = def[static_cast<size_t>(i)];
        if (d != cur_def) continue;
        const int64_t r = identity ? i : rows[static_cast<size_t>(i)];
        const bool valid = !all_null && NodeValid(*arr, is_leaf, r);
        if (valid) {
          d = static_cast<int16_t>(d + (step.nullable ? 1 : 0));
        } else if (!step.nullable) {
          return NullInRequired(leaf, step);
        }
      }
    } else if (step.nullable) {
      for (int64_t i = 0; i < count; ++i) {
        int16_t& d = def[static_cast<size_t>(i)];
        if (d == cur_def) ++d;
      }
    }
    if (step.nullable) ++cur_def;

    switch (step.kind) {
      case PathStep::Kind::kStruct: {
        if (static_cast<size_t>(step.child) >= arr->children.size() ||
            arr->children[static_cast<size_t>(step.child)]->length < arr->length) {
          return Status::InvalidArgument("struct array of column '" + leaf.name +
                                         "' is missing a child or has a short child");
        }
        arr = arr->children[static_cast<size_t>(step.child)].get();
        break;
      }
      case PathStep::Kind::kList: {
        if (arr->children.size() != 1) {
          return Status::InvalidArgument("list array of column '" + leaf.name +
                                         "' does not have one child");
        }
        const int32_t* off = arr->list_offsets();
        const ArrayData* child = arr->children[0].get();
        std::vector<int64_t>& nrows = out->rows_next;
        std::vector<int16_t>& ndef = out->def_scratch;
        std::vector<int16_t>& nrep = out->rep_scratch;
        nrows.clear();
        ndef.clear();
        nrep.clear();
        const size_t hint = static_cast<size_t>(count + (child->length > 0 ? child->length : 0));
        nrows.reserve(hint);
        ndef.reserve(hint);
        nrep.reserve(hint);
        const int16_t elem_def = static_cast<int16_t>(cur_def + 1);
        for (int64_t i = 0; i < count; ++i) {
          const int16_t d = def[static_cast<size_t>(i)];
          const int16_t r0 = has_rep ? rep[static_cast<size_t>(i)] : 0;
          if (d != cur_def) {
            nrows.push_back(-1);
            ndef.push_back(d);
            nrep.push_back(r0);
            continue;
          }
          const int64_t row = identity ? i : rows[static_cast<size_t>(i)];
          const int64_t a = off[row];
          const int64_t b = off[row + 1];
          if (a < 0 || a > b || b > child->length) {
            return Status::InvalidArgument("list offsets of column '" + leaf.name +
                                           "' are out of range");
          }
          if (a == b) {  // empty list: present, no element
            nrows.push_back(-1);
            ndef.push_back(cur_def);
            nrep.push_back(r0);
            continue;
          }
          nrows.push_back(a);
          ndef.push_back(elem_def);
          nrep.push_back(r0);
          for (int64_t j = a + 1; j < b; ++j) {
            nrows.push_back(j);
            ndef.push_back(elem_def);
            nrep.push_back(step.rep_level);
          }
        }
        std::swap(rows, nrows);
        std::swap(def, ndef);
        std::swap(rep, nrep);
        count = static_cast<int64_t>(def.size());
        identity = false;
        has_rep = true;
        cur_def = elem_def;
        arr = child;
        break;
      }
      case PathStep::Kind::kLeaf: break;
    }
  }
  if (cur_def != leaf.max_def_level) {
    return Status::Internal("level generation of column '" + leaf.name + "' lost track of levels");
  }
  out->leaf_array = arr;
  out->num_levels = count;
  const std::vector<int64_t>& live_rows = out->rows_scratch;
  std::vector<int64_t>& values = out->value_rows;
  values.clear();
  for (int64_t i = 0; i < count; ++i) {
    if (def[static_cast<size_t>(i)] == cur_def) {
      values.push_back(identity ? i : live_rows[static_cast<size_t>(i)]);
    }
  }
  out->num_values = static_cast<int64_t>(values.size());
  if (leaf.max_def_level == 0) def.clear();
  if (leaf.max_rep_level == 0) rep.clear();
  return Status::OK();
}

}  // namespace silt::parquet
