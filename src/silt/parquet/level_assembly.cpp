#include "silt/parquet/level_assembly.h"

#include <cstring>

namespace silt::parquet {

namespace {

/// Start/end positions (into a leaf's level streams) of the values of one array node.
struct Slots {
  std::vector<int64_t> start;
  std::vector<int64_t> end;
  int64_t size() const { return static_cast<int64_t>(start.size()); }
};

const int16_t* Def(const DecodedColumn& c) {
  return c.def_levels ? c.def_levels->data_as<int16_t>() : nullptr;
}
const int16_t* Rep(const DecodedColumn& c) {
  return c.rep_levels ? c.rep_levels->data_as<int16_t>() : nullptr;
}

Slots RootSlots(const DecodedColumn& c) {
  Slots s;
  const int16_t* rep = Rep(c);
  s.start.reserve(static_cast<size_t>(c.num_rows));
  for (int64_t i = 0; i < c.num_levels; ++i) {
    if (rep == nullptr || rep[i] == 0) s.start.push_back(i);
  }
  s.end.resize(s.start.size());
  for (size_t k = 0; k < s.start.size(); ++k) {
    s.end[k] = k + 1 < s.start.size() ? s.start[k + 1] : c.num_levels;
  }
  return s;
}

/// Slots of the element of list `node`, given the list's own slots.
Slots ElementSlots(const ReadNode& node, const Slots& s, const DecodedColumn& c) {
  Slots out;
  const int16_t* def = Def(c);
  const int16_t* rep = Rep(c);
  for (int64_t k = 0; k < s.size(); ++k) {
    const int64_t b = s.start[k], e = s.end[k];
    const int16_t d = def ? def[b] : 0;
    if (d < node.element_def_level) continue;  // null or empty list
    out.start.push_back(b);
    for (int64_t q = b + 1; q < e; ++q) {
      if (rep[q] == node.rep_level) {
        out.end.push_back(q);
        out.start.push_back(q);
      }
    }
    out.end.push_back(e);
  }
  return out;
}

/// Slots of the last node in `path` computed over leaf column `c`.
Slots SlotsForPath(const std::vector<const ReadNode*>& path, const DecodedColumn& c) {
  Slots s = RootSlots(c);
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    if (path[i]->kind == ReadNode::Kind::kList) s = ElementSlots(*path[i], s, c);
  }
  return s;
}

/// Validity bitmap of slots whose definition level reaches `level`.
Result<BufferPtr> SlotValidity(const Slots& s, const DecodedColumn& c, int16_t level,
                               int64_t* null_count, MemoryPool* pool) {
  *null_count = 0;
  const int16_t* def = Def(c);
  if (def == nullptr || level == 0) return BufferPtr();
  SILT_ASSIGN_OR_RETURN(auto bits, Buffer::AllocateZeroed(bit_util::BytesForBits(s.size()), pool));
  uint8_t* b = bits->mutable_data();
  int64_t nulls = 0;
  for (int64_t k = 0; k < s.size(); ++k) {
    bool valid = def[s.start[k]] >= level;
    if (valid) {
      bit_util::SetBit(b, k);
    } else {
      ++nulls;
    }
  }
  *null_count = nulls;
  if (nulls == 0) return BufferPtr();
  return bits;
}

class Assembler {
 public:
  Assembler(const std::vector<const DecodedColumn*>& leaves, MemoryPool* pool)
      : leaves_(leaves), pool_(pool) {}

  Result<ArrayDataPtr> Build(const ReadNode& node, std::vector<const ReadNode*>& path,
                             const Slots& slots) {
    const DecodedColumn& col = *leaves_[static_cast<size_t>(node.first_leaf)];
    int64_t null_count = 0;
    SILT_ASSIGN_OR_RETURN(BufferPtr validity,
                          SlotValidity(slots, col, node.def_level, &null_count, pool_));
    const int64_t length = slots.size();
    switch (node.kind) {
      case ReadNode::Kind::kLeaf: {
        if (length - null_count != col.values->length) {
          return Status::Corrupt("leaf '" + node.field->name + "' has " +
                                 std::to_string(col.values->length) + " values for " +
                                 std::to_string(length - null_count) + " defined slots");
        }
        return SpreadDense(col.values, validity, null_count, length, pool_);
      }
      case ReadNode::Kind::kStruct: {
        auto out = std::make_shared<ArrayData>();
        out->type = node.field->type;
        out->length = length;
        out->null_count = null_count;
        out->buffers = {validity};
        for (size_t i = 0; i < node.children.size(); ++i) {
          const ReadNode& child = *node.children[i];
          path.push_back(&child);
          Slots child_slots;
          if (child.first_leaf == node.first_leaf) {
            child_slots = slots;
          } else {
            child_slots = SlotsForPath(path, *leaves_[static_cast<size_t>(child.first_leaf)]);
          }
          if (child_slots.size() != length) {
            return Status::Corrupt("struct '" + node.field->name +
                                   "' has children with different value counts");
          }
          SILT_ASSIGN_OR_RETURN(auto child_array, Build(child, path, child_slots));
          path.pop_back();
          out->children.push_back(std::move(child_array));
        }
        return out;
      }
      case ReadNode::Kind::kList: {
        Slots elements = ElementSlots(node, slots, col);
        SILT_ASSIGN_OR_RETURN(auto offsets, Buffer::Allocate((length + 1) * 4, pool_));
        int32_t* o = offsets->mutable_data_as<int32_t>();
        // Offsets: element slots are in order; count those inside each list slot.
        int64_t e = 0;
        o[0] = 0;
        for (int64_t k = 0; k < length; ++k) {
          while (e < elements.size() && elements.start[static_cast<size_t>(e)] < slots.end[k]) ++e;
          if (e > INT32_MAX) return Status::NotSupported("list with more than 2^31 elements");
          o[k + 1] = static_cast<int32_t>(e);
        }
        const ReadNode& child = *node.children[0];
        path.push_back(&child);
        SILT_ASSIGN_OR_RETURN(auto child_array, Build(child, path, elements));
        path.pop_back();
        auto out = std::make_shared<ArrayData>();
        out->type = node.field->type;
        out->length = length;
        out->null_count = null_count;
        out->buffers = {validity, offsets};
        out->children.push_back(std::move(child_array));
        return out;
      }
    }
    return Status::Internal("unknown read node kind");
  }

 private:
  const std::vector<const DecodedColumn*>& leaves_;
  MemoryPool* pool_;
};

template <typename T>
void SpreadFixed(const T* in, const uint8_t* valid, int64_t length, T* out) {
  int64_t j = 0;
  for (int64_t i = 0; i < length; ++i) {
    // Branch-free: always write, advance the dense index only on valid rows.
    bool v = bit_util::GetBit(valid, i);
    out[i] = v ? in[j] : T{};
    j += v;
  }
}

}  // namespace

Result<ArrayDataPtr> SpreadDense(const ArrayDataPtr& dense, BufferPtr validity, int64_t null_count,
                                 int64_t length, MemoryPool* pool) {
  if (null_count == 0 || !validity) {
    if (dense->length != length) {
      return Status::Corrupt("value count " + std::to_string(dense->length) +
                             " does not match row count " + std::to_string(length));
    }
    return dense;
  }
  auto out = std::make_shared<ArrayData>();
  out->type = dense->type;
  out->length = length;
  out->null_count = null_count;
  out->encoding = dense->encoding;
  out->dictionary = dense->dictionary;
  const uint8_t* valid = validity->data();
  if (dense->type->id() == TypeId::kNull) {
    out->null_count = length;
    return out;
  }
  if (dense->encoding == silt::Encoding::kDictionary) {
    SILT_ASSIGN_OR_RETURN(auto b, Buffer::Allocate(length * 4, pool));
    SpreadFixed(dense->values<int32_t>(), valid, length, b->mutable_data_as<int32_t>());
    out->buffers = {validity, b};
    return out;
  }
  switch (dense->type->id()) {
    case TypeId::kBool: {
      SILT_ASSIGN_OR_RETURN(auto b, Buffer::AllocateZeroed(bit_util::BytesForBits(length), pool));
      const uint8_t* in = dense->buffers[1]->data();
      int64_t j = dense->offset;
      for (int64_t i = 0; i < length; ++i) {
        if (bit_util::GetBit(valid, i)) {
          if (bit_util::GetBit(in, j)) bit_util::SetBit(b->mutable_data(), i);
          ++j;
        }
      }
      out->buffers = {validity, b};
      return out;
    }
    case TypeId::kUtf8:
    case TypeId::kBinary: {
      SILT_ASSIGN_OR_RETURN(auto b, Buffer::Allocate((length + 1) * 8, pool));
      const int64_t* in = dense->binary_offsets();
      int64_t* o = b->mutable_data_as<int64_t>();
      int64_t j = 0;
      o[0] = in[0];
      for (int64_t i = 0; i < length; ++i) {
        j += bit_util::GetBit(valid, i);
        o[i + 1] = in[j];
      }
      out->buffers = {validity, b, dense->buffers[2]};
      return out;
    }
    default: break;
  }
  const int w = dense->type->FixedWidth();
  if (w <= 0) return Status::Internal("SpreadDense on a non-leaf type");
  SILT_ASSIGN_OR_RETURN(auto b, Buffer::Allocate(length * w, pool));
  const uint8_t* in = dense->buffers[1]->data() + dense->offset * w;
  switch (w) {
    case 1: SpreadFixed(in, valid, length, b->mutable_data()); break;
    case 2: SpreadFixed(reinterpret_cast<const uint16_t*>(in), valid, length, b->mutable_data_as<uint16_t>()); break;
    case 4: SpreadFixed(reinterpret_cast<const uint32_t*>(in), valid, length, b->mutable_data_as<uint32_t>()); break;
    case 8: SpreadFixed(reinterpret_cast<const uint64_t*>(in), valid, length, b->mutable_data_as<uint64_t>()); break;
    default: {
      uint8_t* o = b->mutable_data();
      int64_t j = 0;
      for (int64_t i = 0; i < length; ++i) {
        if (bit_util::GetBit(valid, i)) {
          std::memcpy(o + i * w, in + j * w, static_cast<size_t>(w));
          ++j;
        } else {
          std::memset(o + i * w, 0, static_cast<size_t>(w));
        }
      }
    }
  }
  out->buffers = {validity, b};
  return out;
}

Result<ArrayDataPtr> AssembleField(const ReadNode& node,
                                   const std::vector<const DecodedColumn*>& leaves,
                                   int64_t num_rows, MemoryPool* pool) {
  const DecodedColumn& first = *leaves[static_cast<size_t>(node.first_leaf)];
  if (node.kind == ReadNode::Kind::kLeaf && first.rep_levels == nullptr) {
    // Flat column: one level per row; build validity straight from definition levels.
    if (first.num_levels != num_rows) {
      return Status::Corrupt("column '" + node.field->name + "' has " +
                             std::to_string(first.num_levels) + " values for " +
                             std::to_string(num_rows) + " rows");
    }
    if (first.def_levels == nullptr || node.def_level == 0 || first.values->length == num_rows) {
      // Required, or optional without a single null: no validity bitmap needed.
      return SpreadDense(first.values, nullptr, 0, num_rows, pool);
    }
    const int16_t* def = first.def_levels->data_as<int16_t>();
    SILT_ASSIGN_OR_RETURN(auto bits, Buffer::AllocateZeroed(bit_util::BytesForBits(num_rows), pool));
    uint8_t* b = bits->mutable_data();
    const int16_t max_def = node.def_level;
    int64_t valid = 0;
    int64_t i = 0;
    for (; i + 8 <= num_rows; i += 8) {
      uint8_t byte = 0;
      for (int k = 0; k < 8; ++k) byte |= static_cast<uint8_t>((def[i + k] >= max_def) << k);
      b[i >> 3] = byte;
      valid += __builtin_popcount(byte);
    }
    for (; i < num_rows; ++i) {
      if (def[i] >= max_def) {
        bit_util::SetBit(b, i);
        ++valid;
      }
    }
    if (valid != first.values->length) {
      return Status::Corrupt("column '" + node.field->name + "' has " +
                             std::to_string(first.values->length) + " values for " +
                             std::to_string(valid) + " non-null rows");
    }
    return SpreadDense(first.values, bits, num_rows - valid, num_rows, pool);
  }
  Assembler assembler(leaves, pool);
  std::vector<const ReadNode*> path{&node};
  Slots slots = RootSlots(first);
  if (slots.size() != num_rows) {
    return Status::Corrupt("column '" + node.field->name + "' has " +
                           std::to_string(slots.size()) + " records for " +
                           std::to_string(num_rows) + " rows");
  }
  return assembler.Build(node, path, slots);
}

}  // namespace silt::parquet
