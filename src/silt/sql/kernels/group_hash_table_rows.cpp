// GroupHashTable's general layout: keys normalized into byte rows (see group_hash_table.h).

#include <xxhash.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "silt/sql/kernels/group_hash_table.h"

namespace silt::sql {

namespace {

template <typename F>
void WriteFloats(const ArrayData& a, int64_t num_rows, const uint8_t* validity, uint8_t* bytes,
                 const int64_t* row_starts, int64_t stride, int64_t offset) {
  const F* values = a.values<F>();
  for (int64_t i = 0; i < num_rows; ++i) {
    if (validity != nullptr && !bit_util::GetBit(validity, a.offset + i)) continue;
    F v = values[i];
    if (v == F(0)) v = F(0);
    if (std::isnan(v)) v = std::numeric_limits<F>::quiet_NaN();
    const int64_t start = row_starts ? row_starts[i] : i * stride;
    std::memcpy(bytes + start + offset, &v, sizeof(F));
  }
}

template <int64_t kWidth>
void WriteFixed(const ArrayData& a, int64_t num_rows, const uint8_t* validity, uint8_t* bytes,
                const int64_t* row_starts, int64_t stride, int64_t offset) {
  const uint8_t* values = a.buffers[1]->data() + a.offset * kWidth;
  for (int64_t i = 0; i < num_rows; ++i) {
    if (validity != nullptr && !bit_util::GetBit(validity, a.offset + i)) continue;
    const int64_t start = row_starts ? row_starts[i] : i * stride;
    std::memcpy(bytes + start + offset, values + i * kWidth, kWidth);
  }
}

}  // namespace

Status GroupHashTable::EncodeRows(const std::vector<ArrayDataPtr>& keys, int64_t num_rows,
                                  EncodedRows* out) const {
  const int64_t width = fixed_row_width_;
  const size_t n = static_cast<size_t>(num_rows);
  out->any_null.assign(n, 0);
  const int64_t* row_starts = nullptr;
  if (layout_ == Layout::kVarRow) {
    out->offsets.resize(n + 1);
    int64_t total = 0;
    for (int64_t i = 0; i < num_rows; ++i) {
      out->offsets[i] = total;
      total += width;
      for (size_t k = 0; k < keys.size(); ++k) {
        const ArrayData& a = *keys[k];
        if (a.type->IsBinaryLike() && a.IsValid(i)) {
          const int64_t* offs = a.binary_offsets();
          const int64_t len = offs[i + 1] - offs[i];
          if (len > std::numeric_limits<uint32_t>::max()) {
            return Status::NotSupported("grouping by a value of more than 4 GiB");
          }
          total += len;
        }
      }
    }
    out->offsets[n] = total;
    out->bytes.assign(static_cast<size_t>(total), 0);
    row_starts = out->offsets.data();
  } else {
    out->bytes.assign(n * static_cast<size_t>(width), 0);
  }
  uint8_t* bytes = out->bytes.data();
  // Cursor where each var-length row's next key bytes go.
  std::vector<int64_t> var_cursor;
  if (row_starts != nullptr) {
    var_cursor.resize(n);
    for (size_t i = 0; i < n; ++i) var_cursor[i] = row_starts[i] + width;
  }
  for (size_t k = 0; k < keys.size(); ++k) {
    const ArrayData& a = *keys[k];
    const uint8_t* validity = a.null_count != 0 ? a.validity() : nullptr;
    if (validity != nullptr) {
      for (int64_t i = 0; i < num_rows; ++i) {
        if (!bit_util::GetBit(validity, a.offset + i)) {
          const int64_t start = row_starts ? row_starts[i] : i * width;
          bytes[start + static_cast<int64_t>(k)] = 1;
          out->any_null[i] = 1;
        }
      }
    }
    const int64_t off = fixed_offsets_[k];
    switch (a.type->id()) {
      case TypeId::kBool:
        for (int64_t i = 0; i < num_rows; ++i) {
          if (validity != nullptr && !bit_util::GetBit(validity, a.offset + i)) continue;
          const int64_t start = row_starts ? row_starts[i] : i * width;
          bytes[start + off] = a.GetBool(i) ? 1 : 0;
        }
        break;
      case TypeId::kFloat32:
        WriteFloats<float>(a, num_rows, validity, bytes, row_starts, width, off);
        break;
      case TypeId::kFloat64:
        WriteFloats<double>(a, num_rows, validity, bytes, row_starts, width, off);
        break;
      case TypeId::kUtf8:
      case TypeId::kBinary: {
        for (int64_t i = 0; i < num_rows; ++i) {
          if (validity != nullptr && !bit_util::GetBit(validity, a.offset + i)) continue;
          std::string_view v = a.GetView(i);
          const uint32_t len = static_cast<uint32_t>(v.size());
          std::memcpy(bytes + row_starts[i] + off, &len, 4);
          if (len > 0) std::memcpy(bytes + var_cursor[i], v.data(), len);
          var_cursor[i] += len;
        }
        break;
      }
      default: {
        const int64_t w = a.type->FixedWidth();
        switch (w) {
          case 1: WriteFixed<1>(a, num_rows, validity, bytes, row_starts, width, off); break;
          case 2: WriteFixed<2>(a, num_rows, validity, bytes, row_starts, width, off); break;
          case 4: WriteFixed<4>(a, num_rows, validity, bytes, row_starts, width, off); break;
          case 8: WriteFixed<8>(a, num_rows, validity, bytes, row_starts, width, off); break;
          case 16: WriteFixed<16>(a, num_rows, validity, bytes, row_starts, width, off); break;
          default: {
            const uint8_t* values = a.buffers[1]->data() + a.offset * w;
            for (int64_t i = 0; i < num_rows; ++i) {
              if (validity != nullptr && !bit_util::GetBit(validity, a.offset + i)) continue;
              const int64_t start = row_starts ? row_starts[i] : i * width;
              std::memcpy(bytes + start + off, values + i * w, static_cast<size_t>(w));
            }
          }
        }
      }
    }
  }
  out->hashes.resize(n);
  for (int64_t i = 0; i < num_rows; ++i) {
    const int64_t start = row_starts ? row_starts[i] : i * width;
    const int64_t len = row_starts ? row_starts[i + 1] - start : width;
    out->hashes[i] = XXH3_64bits(bytes + start, static_cast<size_t>(len));
  }
  return Status::OK();
}

const uint8_t* GroupHashTable::GroupRow(uint32_t group, int64_t* length) const {
  if (layout_ == Layout::kVarRow) {
    const int64_t* offs = row_offsets_->data_as<int64_t>();
    *length = offs[group + 1] - offs[group];
    return rows_->data() + offs[group];
  }
  *length = fixed_row_width_;
  return rows_->data() + static_cast<int64_t>(group) * fixed_row_width_;
}

Status GroupHashTable::InsertRows(const EncodedRows& rows, int64_t num_rows, uint32_t* out) {
  RowSlot* slots = slots_->mutable_data_as<RowSlot>();
  const bool var = layout_ == Layout::kVarRow;
  for (int64_t i = 0; i < num_rows; ++i) {
    if (i + 16 < num_rows) __builtin_prefetch(&slots[(rows.hashes[i + 16] >> 32) & mask_]);
    const uint32_t tag = static_cast<uint32_t>(rows.hashes[i] >> 32);
    const int64_t start = var ? rows.offsets[i] : i * fixed_row_width_;
    const int64_t len = var ? rows.offsets[i + 1] - start : fixed_row_width_;
    const uint8_t* row = rows.bytes.data() + start;
    uint64_t pos = tag & mask_;
    while (true) {
      RowSlot& slot = slots[pos];
      if (slot.group_plus_one == 0) {
        if (num_groups_ >= grow_at_) {
          SILT_RETURN_NOT_OK(CheckGroupLimit());
          SILT_RETURN_NOT_OK(GrowSlots());
          slots = slots_->mutable_data_as<RowSlot>();
          pos = tag & mask_;
          continue;
        }
        SILT_RETURN_NOT_OK(rows_->Append(row, len));
        if (var) {
          const int64_t end = rows_->size();
          SILT_RETURN_NOT_OK(row_offsets_->Append(&end, sizeof(end)));
        }
        slot.hash_tag = tag;
        slot.group_plus_one = static_cast<uint32_t>(++num_groups_);
        out[i] = slot.group_plus_one - 1;
        break;
      }
      if (slot.hash_tag == tag) {
        int64_t group_len;
        const uint8_t* group_row = GroupRow(slot.group_plus_one - 1, &group_len);
        if (group_len == len && (len == 0 || std::memcmp(group_row, row, static_cast<size_t>(len)) == 0)) {
          out[i] = slot.group_plus_one - 1;
          break;
        }
      }
      pos = (pos + 1) & mask_;
    }
  }
  return Status::OK();
}

void GroupHashTable::FindRows(const EncodedRows& rows, int64_t num_rows, bool null_matches,
                              int32_t* out) const {
  const RowSlot* slots = slots_->data_as<RowSlot>();
  const bool var = layout_ == Layout::kVarRow;
  for (int64_t i = 0; i < num_rows; ++i) {
    out[i] = -1;
    if (i + 16 < num_rows) __builtin_prefetch(&slots[(rows.hashes[i + 16] >> 32) & mask_]);
    if (!null_matches && rows.any_null[i]) continue;
    const uint32_t tag = static_cast<uint32_t>(rows.hashes[i] >> 32);
    const int64_t start = var ? rows.offsets[i] : i * fixed_row_width_;
    const int64_t len = var ? rows.offsets[i + 1] - start : fixed_row_width_;
    const uint8_t* row = rows.bytes.data() + start;
    for (uint64_t pos = tag & mask_; slots[pos].group_plus_one != 0; pos = (pos + 1) & mask_) {
      if (slots[pos].hash_tag != tag) continue;
      int64_t group_len;
      const uint8_t* group_row = GroupRow(slots[pos].group_plus_one - 1, &group_len);
      if (group_len == len && (len == 0 || std::memcmp(group_row, row, static_cast<size_t>(len)) == 0)) {
        out[i] = static_cast<int32_t>(slots[pos].group_plus_one - 1);
        break;
      }
    }
  }
}

Status GroupHashTable::DecodeRows(std::vector<ArrayDataPtr>* out) const {
  const int64_t n = num_groups_;
  const size_t num_keys = key_types_.size();
  // Byte totals of var-length keys, and each group's position while walking its var part.
  std::vector<int64_t> var_bytes(num_keys, 0);
  std::vector<int64_t> cursor(static_cast<size_t>(n), fixed_row_width_);
  for (int64_t g = 0; g < n; ++g) {
    int64_t len;
    const uint8_t* row = GroupRow(static_cast<uint32_t>(g), &len);
    for (size_t k = 0; k < num_keys; ++k) {
      if (!key_types_[k]->IsBinaryLike()) continue;
      uint32_t l;
      std::memcpy(&l, row + fixed_offsets_[k], 4);
      var_bytes[k] += l;
    }
  }
  for (size_t k = 0; k < num_keys; ++k) {
    const DataType& type = *key_types_[k];
    auto array = std::make_shared<ArrayData>();
    array->type = key_types_[k];
    array->length = n;
    int64_t nulls = 0;
    for (int64_t g = 0; g < n; ++g) {
      int64_t len;
      nulls += GroupRow(static_cast<uint32_t>(g), &len)[k];
    }
    BufferPtr validity;
    if (nulls > 0) {
      SILT_ASSIGN_OR_RETURN(validity, Buffer::AllocateZeroed(bit_util::BytesForBits(n), pool_));
      for (int64_t g = 0; g < n; ++g) {
        int64_t len;
        if (GroupRow(static_cast<uint32_t>(g), &len)[k] == 0) {
          bit_util::SetBit(validity->mutable_data(), g);
        }
      }
    }
    array->null_count = nulls;
    const int64_t off = fixed_offsets_[k];
    if (type.id() == TypeId::kBool) {
      SILT_ASSIGN_OR_RETURN(auto bits, Buffer::AllocateZeroed(bit_util::BytesForBits(n), pool_));
      for (int64_t g = 0; g < n; ++g) {
        int64_t len;
        if (GroupRow(static_cast<uint32_t>(g), &len)[off] != 0) {
          bit_util::SetBit(bits->mutable_data(), g);
        }
      }
      array->buffers = {validity, bits};
    } else if (type.IsBinaryLike()) {
      SILT_ASSIGN_OR_RETURN(auto offsets, Buffer::Allocate((n + 1) * 8, pool_));
      SILT_ASSIGN_OR_RETURN(auto data, Buffer::Allocate(var_bytes[k], pool_));
      int64_t* offs = offsets->mutable_data_as<int64_t>();
      int64_t pos = 0;
      for (int64_t g = 0; g < n; ++g) {
        int64_t len;
        const uint8_t* row = GroupRow(static_cast<uint32_t>(g), &len);
        uint32_t l;
        std::memcpy(&l, row + off, 4);
        offs[g] = pos;
        if (l > 0) std::memcpy(data->mutable_data() + pos, row + cursor[g], l);
        pos += l;
        cursor[g] += l;
      }
      offs[n] = pos;
      array->buffers = {validity, offsets, data};
    } else {
      const int64_t w = type.FixedWidth();
      SILT_ASSIGN_OR_RETURN(auto values, Buffer::Allocate(n * w, pool_));
      for (int64_t g = 0; g < n; ++g) {
        int64_t len;
        std::memcpy(values->mutable_data() + g * w, GroupRow(static_cast<uint32_t>(g), &len) + off,
                    static_cast<size_t>(w));
      }
      array->buffers = {validity, values};
    }
    (*out)[k] = std::move(array);
  }
  return Status::OK();
}

}  // namespace silt::sql
