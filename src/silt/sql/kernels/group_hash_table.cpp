#include "silt/sql/kernels/group_hash_table.h"

#include <xxhash.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

namespace silt::sql {

namespace {

constexpr int64_t kInitialCapacity = 256;
constexpr int64_t kPrefetchDistance = 16;
constexpr int64_t kPrefetchMinBytes = 1 << 20;
// Group ids must fit Find's int32 result.
constexpr int64_t kMaxGroups = std::numeric_limits<int32_t>::max() - 1;

/// A 64-bit finalizer (murmur3-style) spreading integer keys over all bits.
inline uint64_t MixInt(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

template <typename F>
F NormalizeFloat(F v) {
  if (v == F(0)) return F(0);  // -0.0 -> 0.0
  if (std::isnan(v)) return std::numeric_limits<F>::quiet_NaN();
  return v;
}

/// A single fixed-width key as 64 normalized bits.
template <typename T>
inline uint64_t ToKey(T v) {
  if constexpr (std::is_same_v<T, double>) {
    uint64_t bits;
    double n = NormalizeFloat(v);
    std::memcpy(&bits, &n, 8);
    return bits;
  } else if constexpr (std::is_same_v<T, float>) {
    uint32_t bits;
    float n = NormalizeFloat(v);
    std::memcpy(&bits, &n, 4);
    return bits;
  } else if constexpr (std::is_signed_v<T>) {
    return static_cast<uint64_t>(static_cast<int64_t>(v));
  } else {
    return static_cast<uint64_t>(v);
  }
}

template <typename T>
inline T FromKey(uint64_t key) {
  if constexpr (std::is_floating_point_v<T>) {
    T v;
    if constexpr (sizeof(T) == 8) {
      std::memcpy(&v, &key, 8);
    } else {
      uint32_t bits = static_cast<uint32_t>(key);
      std::memcpy(&v, &bits, 4);
    }
    return v;
  } else {
    return static_cast<T>(key);
  }
}

/// Calls f(T{}) with the C type of a single-int-layout key type; false when not eligible.
template <typename F>
bool VisitSingleIntType(TypeId id, F&& f) {
  switch (id) {
    case TypeId::kInt8: f(int8_t{}); return true;
    case TypeId::kInt16: f(int16_t{}); return true;
    case TypeId::kInt32: case TypeId::kDate32: f(int32_t{}); return true;
    case TypeId::kInt64: case TypeId::kDecimal64: case TypeId::kTime64:
    case TypeId::kTimestamp: f(int64_t{}); return true;
    case TypeId::kUInt8: f(uint8_t{}); return true;
    case TypeId::kUInt16: f(uint16_t{}); return true;
    case TypeId::kUInt32: f(uint32_t{}); return true;
    case TypeId::kUInt64: f(uint64_t{}); return true;
    case TypeId::kFloat32: f(float{}); return true;
    case TypeId::kFloat64: f(double{}); return true;
    default: return false;
  }
}

/// Bytes a key takes in the fixed part of a normalized row.
int64_t FixedPartWidth(const DataType& type) {
  if (type.id() == TypeId::kBool) return 1;
  if (type.IsBinaryLike()) return 4;  // uint32 length; the bytes follow the fixed part
  return type.FixedWidth();
}

bool IsSupportedKeyType(const DataType& type) {
  switch (type.id()) {
    case TypeId::kNull: case TypeId::kList: case TypeId::kStruct: case TypeId::kMap:
      return false;
    default:
      return true;
  }
}

}  // namespace

GroupHashTable::GroupHashTable(std::vector<DataTypePtr> key_types, MemoryPool* pool)
    : key_types_(std::move(key_types)), pool_(pool) {
  bool any_var = false;
  int64_t width = static_cast<int64_t>(key_types_.size());  // one null byte per key
  for (const auto& type : key_types_) {
    if (!IsSupportedKeyType(*type)) {
      init_status_ = Status::NotSupported("grouping and join keys of type " + type->ToString() +
                                          " are not supported yet");
    }
    fixed_offsets_.push_back(width);
    width += FixedPartWidth(*type);
    any_var = any_var || type->IsBinaryLike();
  }
  fixed_row_width_ = width;
  if (key_types_.size() == 1 && VisitSingleIntType(key_types_[0]->id(), [](auto) {})) {
    layout_ = Layout::kSingleInt;
  } else {
    layout_ = any_var ? Layout::kVarRow : Layout::kFixedRow;
  }
}

int64_t GroupHashTable::memory_bytes() const {
  int64_t bytes = slots_ ? slots_->capacity() : 0;
  if (rows_) bytes += rows_->capacity();
  if (row_offsets_) bytes += row_offsets_->capacity();
  return bytes;
}

Status GroupHashTable::CheckGroupLimit() const {
  if (num_groups_ >= kMaxGroups) {
    return Status::ResourcesExhausted("group hash table: more than " + std::to_string(kMaxGroups) +
                                      " groups");
  }
  return Status::OK();
}

Status GroupHashTable::InitSlots(int64_t capacity) {
  const int64_t slot_size = layout_ == Layout::kSingleInt ? sizeof(IntSlot) : sizeof(RowSlot);
  SILT_ASSIGN_OR_RETURN(slots_, Buffer::AllocateZeroed(capacity * slot_size, pool_));
  capacity_ = capacity;
  mask_ = static_cast<uint64_t>(capacity - 1);
  grow_at_ = capacity / 2;
  if (layout_ != Layout::kSingleInt && !rows_) {
    rows_ = std::make_shared<Buffer>(pool_);
    if (layout_ == Layout::kVarRow) {
      row_offsets_ = std::make_shared<Buffer>(pool_);
      int64_t zero = 0;
      SILT_RETURN_NOT_OK(row_offsets_->Append(&zero, sizeof(zero)));
    }
  }
  return Status::OK();
}

Status GroupHashTable::GrowSlots() {
  if (capacity_ >= (int64_t{1} << 32)) {
    return Status::ResourcesExhausted("group hash table: slot array at its maximum size");
  }
  BufferPtr old = std::move(slots_);
  const int64_t old_capacity = capacity_;
  SILT_RETURN_NOT_OK(InitSlots(old_capacity * 2));
  if (layout_ == Layout::kSingleInt) {
    const IntSlot* from = old->data_as<IntSlot>();
    IntSlot* to = slots_->mutable_data_as<IntSlot>();
    for (int64_t i = 0; i < old_capacity; ++i) {
      if (from[i].group_plus_one == 0) continue;
      uint64_t pos = MixInt(from[i].key) & mask_;
      while (to[pos].group_plus_one != 0) pos = (pos + 1) & mask_;
      to[pos] = from[i];
    }
  } else {
    const RowSlot* from = old->data_as<RowSlot>();
    RowSlot* to = slots_->mutable_data_as<RowSlot>();
    for (int64_t i = 0; i < old_capacity; ++i) {
      if (from[i].group_plus_one == 0) continue;
      uint64_t pos = from[i].hash_tag & mask_;
      while (to[pos].group_plus_one != 0) pos = (pos + 1) & mask_;
      to[pos] = from[i];
    }
  }
  return Status::OK();
}

Status GroupHashTable::CheckKeys(const std::vector<ArrayDataPtr>& keys, int64_t num_rows) const {
  SILT_RETURN_NOT_OK(init_status_);
  if (keys.size() != key_types_.size()) {
    return Status::Internal("group hash table: expected " + std::to_string(key_types_.size()) +
                            " key columns, got " + std::to_string(keys.size()));
  }
  for (size_t k = 0; k < keys.size(); ++k) {
    if (!keys[k] || keys[k]->length < num_rows || keys[k]->type->id() != key_types_[k]->id()) {
      return Status::Internal("group hash table: key column " + std::to_string(k) +
                              " is missing, too short or not of type " +
                              key_types_[k]->ToString());
    }
  }
  return Status::OK();
}

Result<std::vector<ArrayDataPtr>> GroupHashTable::PlainKeys(
    const std::vector<ArrayDataPtr>& keys) const {
  std::vector<ArrayDataPtr> plain(keys.size());
  for (size_t k = 0; k < keys.size(); ++k) {
    SILT_ASSIGN_OR_RETURN(plain[k], Flatten(keys[k], pool_));
  }
  return plain;
}

namespace {

bool AllConstant(const std::vector<ArrayDataPtr>& keys) {
  if (keys.empty()) return false;
  for (const auto& k : keys) {
    if (k->encoding != Encoding::kConstant) return false;
  }
  return true;
}

/// One row holding each constant key's value.
std::vector<ArrayDataPtr> ConstantValues(const std::vector<ArrayDataPtr>& keys) {
  std::vector<ArrayDataPtr> one;
  one.reserve(keys.size());
  for (const auto& k : keys) one.push_back(MakeConstantArray(k->dictionary, 1));
  return one;
}

}  // namespace

Status GroupHashTable::FindOrInsert(const std::vector<ArrayDataPtr>& keys, int64_t num_rows,
                                    std::vector<uint32_t>* group_ids) {
  SILT_RETURN_NOT_OK(CheckKeys(keys, num_rows));
  group_ids->resize(static_cast<size_t>(num_rows));
  if (num_rows == 0) return Status::OK();
  if (!slots_) SILT_RETURN_NOT_OK(InitSlots(kInitialCapacity));
  if (num_rows > 1 && AllConstant(keys)) {
    std::vector<uint32_t> one;
    SILT_RETURN_NOT_OK(FindOrInsert(ConstantValues(keys), 1, &one));
    std::fill(group_ids->begin(), group_ids->end(), one[0]);
    return Status::OK();
  }
  SILT_ASSIGN_OR_RETURN(auto plain, PlainKeys(keys));
  if (layout_ == Layout::kSingleInt) {
    Status st;
    VisitSingleIntType(key_types_[0]->id(), [&](auto tag) {
      st = InsertInts<decltype(tag)>(*plain[0], num_rows, group_ids->data());
    });
    return st;
  }
  SILT_RETURN_NOT_OK(EncodeRows(plain, num_rows, &scratch_));
  return InsertRows(scratch_, num_rows, group_ids->data());
}

Status GroupHashTable::Find(const std::vector<ArrayDataPtr>& keys, int64_t num_rows,
                            bool null_matches, std::vector<int32_t>* group_ids) const {
  SILT_RETURN_NOT_OK(CheckKeys(keys, num_rows));
  group_ids->resize(static_cast<size_t>(num_rows));
  if (num_rows == 0) return Status::OK();
  if (!slots_) {
    std::fill(group_ids->begin(), group_ids->end(), -1);
    return Status::OK();
  }
  if (num_rows > 1 && AllConstant(keys)) {
    std::vector<int32_t> one;
    SILT_RETURN_NOT_OK(Find(ConstantValues(keys), 1, null_matches, &one));
    std::fill(group_ids->begin(), group_ids->end(), one[0]);
    return Status::OK();
  }
  SILT_ASSIGN_OR_RETURN(auto plain, PlainKeys(keys));
  if (layout_ == Layout::kSingleInt) {
    VisitSingleIntType(key_types_[0]->id(), [&](auto tag) {
      FindInts<decltype(tag)>(*plain[0], num_rows, null_matches, group_ids->data());
    });
    return Status::OK();
  }
  EncodedRows rows;  // local scratch: Find may run concurrently
  SILT_RETURN_NOT_OK(EncodeRows(plain, num_rows, &rows));
  FindRows(rows, num_rows, null_matches, group_ids->data());
  return Status::OK();
}

Status GroupHashTable::HashRows(const std::vector<ArrayDataPtr>& keys, int64_t num_rows,
                                std::vector<uint64_t>* hashes, std::vector<uint8_t>* any_null) const {
  SILT_RETURN_NOT_OK(CheckKeys(keys, num_rows));
  SILT_ASSIGN_OR_RETURN(auto plain, PlainKeys(keys));
  const size_t n = static_cast<size_t>(num_rows);
  if (layout_ == Layout::kSingleInt) {
    hashes->resize(n);
    any_null->assign(n, 0);
    const ArrayData& a = *plain[0];
    const uint8_t* validity = a.null_count != 0 ? a.validity() : nullptr;
    VisitSingleIntType(key_types_[0]->id(), [&](auto tag) {
      using T = decltype(tag);
      const T* values = a.values<T>();
      for (int64_t i = 0; i < num_rows; ++i) {
        if (validity != nullptr && !bit_util::GetBit(validity, a.offset + i)) {
          (*hashes)[i] = 0;
          (*any_null)[i] = 1;
          continue;
        }
        (*hashes)[i] = MixInt(ToKey(values[i]));
      }
    });
    return Status::OK();
  }
  EncodedRows rows;
  SILT_RETURN_NOT_OK(EncodeRows(plain, num_rows, &rows));
  *hashes = std::move(rows.hashes);
  *any_null = std::move(rows.any_null);
  return Status::OK();
}

// ---- single fixed-width key ------------------------------------------------------------

template <typename T>
Status GroupHashTable::InsertInts(const ArrayData& keys, int64_t num_rows, uint32_t* out) {
  const T* values = keys.values<T>();
  const uint8_t* validity = keys.null_count != 0 ? keys.validity() : nullptr;
  IntSlot* slots = slots_->mutable_data_as<IntSlot>();
  // Prefetching the slot of a row ahead hides cache misses once the slots outgrow the caches;
  // for small tables it only costs the extra hash.
  bool prefetch = slots_->size() > kPrefetchMinBytes;
  for (int64_t i = 0; i < num_rows; ++i) {
    if (validity != nullptr && !bit_util::GetBit(validity, keys.offset + i)) {
      if (null_group_ < 0) {
        SILT_RETURN_NOT_OK(CheckGroupLimit());
        null_group_ = num_groups_++;
      }
      out[i] = static_cast<uint32_t>(null_group_);
      continue;
    }
    if (prefetch && i + kPrefetchDistance < num_rows) {
      __builtin_prefetch(&slots[MixInt(ToKey(values[i + kPrefetchDistance])) & mask_]);
    }
    const uint64_t key = ToKey(values[i]);
    uint64_t pos = MixInt(key) & mask_;
    while (true) {
      IntSlot& slot = slots[pos];
      if (slot.group_plus_one == 0) {
        if (num_groups_ >= grow_at_) {
          SILT_RETURN_NOT_OK(CheckGroupLimit());
          SILT_RETURN_NOT_OK(GrowSlots());
          slots = slots_->mutable_data_as<IntSlot>();
          prefetch = slots_->size() > kPrefetchMinBytes;
          pos = MixInt(key) & mask_;
          continue;
        }
        slot.key = key;
        slot.group_plus_one = static_cast<uint32_t>(++num_groups_);
        out[i] = slot.group_plus_one - 1;
        break;
      }
      if (slot.key == key) {
        out[i] = slot.group_plus_one - 1;
        break;
      }
      pos = (pos + 1) & mask_;
    }
  }
  return Status::OK();
}

template <typename T>
void GroupHashTable::FindInts(const ArrayData& keys, int64_t num_rows, bool null_matches,
                              int32_t* out) const {
  const T* values = keys.values<T>();
  const uint8_t* validity = keys.null_count != 0 ? keys.validity() : nullptr;
  const IntSlot* slots = slots_->data_as<IntSlot>();
  const int32_t null_result = null_matches ? static_cast<int32_t>(null_group_) : -1;
  const bool prefetch = slots_->size() > kPrefetchMinBytes;
  for (int64_t i = 0; i < num_rows; ++i) {
    if (prefetch && i + kPrefetchDistance < num_rows) {
      __builtin_prefetch(&slots[MixInt(ToKey(values[i + kPrefetchDistance])) & mask_]);
    }
    if (validity != nullptr && !bit_util::GetBit(validity, keys.offset + i)) {
      out[i] = null_result;
      continue;
    }
    const uint64_t key = ToKey(values[i]);
    uint64_t pos = MixInt(key) & mask_;
    int32_t found = -1;
    while (slots[pos].group_plus_one != 0) {
      if (slots[pos].key == key) {
        found = static_cast<int32_t>(slots[pos].group_plus_one - 1);
        break;
      }
      pos = (pos + 1) & mask_;
    }
    out[i] = found;
  }
}

template <typename T>
Status GroupHashTable::DecodeInts(ArrayDataPtr* out) const {
  auto array = std::make_shared<ArrayData>();
  array->type = key_types_[0];
  array->length = num_groups_;
  SILT_ASSIGN_OR_RETURN(auto values, Buffer::AllocateZeroed(num_groups_ * sizeof(T), pool_));
  T* dst = values->mutable_data_as<T>();
  if (slots_) {
    const IntSlot* slots = slots_->data_as<IntSlot>();
    for (int64_t i = 0; i < capacity_; ++i) {
      if (slots[i].group_plus_one != 0) dst[slots[i].group_plus_one - 1] = FromKey<T>(slots[i].key);
    }
  }
  BufferPtr validity;
  if (null_group_ >= 0) {
    SILT_ASSIGN_OR_RETURN(validity, Buffer::Allocate(bit_util::BytesForBits(num_groups_), pool_));
    bit_util::SetBitsTo(validity->mutable_data(), 0, num_groups_, true);
    bit_util::ClearBit(validity->mutable_data(), null_group_);
    array->null_count = 1;
  }
  array->buffers = {validity, values};
  *out = std::move(array);
  return Status::OK();
}

Result<std::vector<ArrayDataPtr>> GroupHashTable::GetKeys() const {
  SILT_RETURN_NOT_OK(init_status_);
  std::vector<ArrayDataPtr> out(key_types_.size());
  if (layout_ == Layout::kSingleInt) {
    Status st;
    VisitSingleIntType(key_types_[0]->id(),
                       [&](auto tag) { st = DecodeInts<decltype(tag)>(&out[0]); });
    SILT_RETURN_NOT_OK(st);
    return out;
  }
  SILT_RETURN_NOT_OK(DecodeRows(&out));
  return out;
}

}  // namespace silt::sql
