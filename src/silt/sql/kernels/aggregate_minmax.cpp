// min, max, any_value: fixed-width values in a flat state column; utf8/binary/fixed_binary in
// an arena of per-group byte slots.

#include <cmath>
#include <cstring>
#include <string_view>

#include "silt/sql/kernels/aggregate_internal.h"

namespace silt::sql::internal {

namespace {

enum class Pick : uint8_t { kMin, kMax, kAny };

/// a orders after b; floats put NaN after every number (PostgreSQL), -0.0 equals 0.0.
template <typename T>
inline bool After(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a)) return !std::isnan(b);
    if (std::isnan(b)) return false;
  }
  return a > b;
}

/// Whether `candidate` replaces the current value of a group that has one.
template <Pick kPick, typename T>
inline bool Replaces(const T& candidate, const T& current) {
  if constexpr (kPick == Pick::kMax) return After(candidate, current);
  if constexpr (kPick == Pick::kMin) return After(current, candidate);
  return false;
}

template <typename T, Pick kPick>
class FixedPickAccumulator : public GroupedAccumulator {
 public:
  FixedPickAccumulator(DataTypePtr type, MemoryPool* pool)
      : type_(std::move(type)), pool_(pool), values_(pool), seen_(pool) {}
  Status Resize(int64_t n) override {
    SILT_RETURN_NOT_OK(values_.Resize(n, T{}));
    return seen_.Resize(n, 0);
  }
  Status Update(const std::vector<ArrayDataPtr>& args, const uint32_t* ids, int64_t n) override {
    SILT_ASSIGN_OR_RETURN(auto a, Flatten(args[0], pool_));
    const T* in = a->values<T>();
    T* values = values_.data();
    uint8_t* seen = seen_.data();
    ForEachRow(NullableValidity(*a), a->offset, ids, n, [&](uint32_t g, int64_t i) {
      if (!seen[g] || Replaces<kPick>(in[i], values[g])) {
        values[g] = in[i];
        seen[g] = 1;
      }
    });
    return Status::OK();
  }
  Status Merge(GroupedAccumulator& other, const uint32_t* map) override {
    SILT_ASSIGN_OR_RETURN(auto* o, SameAccumulator<FixedPickAccumulator>(other));
    for (int64_t g = 0; g < o->values_.size(); ++g) {
      if (!o->seen_[g]) continue;
      const uint32_t t = map[g];
      if (!seen_[t] || Replaces<kPick>(o->values_[g], values_[t])) {
        values_[t] = o->values_[g];
        seen_[t] = 1;
      }
    }
    return Status::OK();
  }
  Result<ArrayDataPtr> Finalize() override {
    return MakeFixedArray<T>(type_, values_.data(), seen_.data(), values_.size(), pool_);
  }
  int64_t memory_bytes() const override { return values_.memory_bytes() + seen_.memory_bytes(); }

 private:
  DataTypePtr type_;
  MemoryPool* pool_;
  PooledVector<T> values_;
  PooledVector<uint8_t> seen_;
};

/// Byte strings compared byte-wise (memcmp order). Each group owns a slot of the arena; a
/// longer replacement moves to the arena's end and the arena is compacted when over half of
/// it is abandoned slots.
template <Pick kPick>
class BytesPickAccumulator : public GroupedAccumulator {
 public:
  struct Slot {
    int64_t offset;
    uint32_t length;
    uint32_t capacity;
  };
  BytesPickAccumulator(DataTypePtr type, MemoryPool* pool)
      : type_(std::move(type)), pool_(pool), slots_(pool), seen_(pool),
        arena_(std::make_shared<Buffer>(pool)) {}
  Status Resize(int64_t n) override {
    SILT_RETURN_NOT_OK(slots_.Resize(n, Slot{0, 0, 0}));
    return seen_.Resize(n, 0);
  }
  Status Update(const std::vector<ArrayDataPtr>& args, const uint32_t* ids, int64_t n) override {
    SILT_ASSIGN_OR_RETURN(auto a, Flatten(args[0], pool_));
    const bool fixed = a->type->id() == TypeId::kFixedBinary;
    const int64_t width = fixed ? a->type->byte_width() : 0;
    Status st;
    ForEachRow(NullableValidity(*a), a->offset, ids, n, [&](uint32_t g, int64_t i) {
      if (!st.ok()) return;
      std::string_view v = fixed ? std::string_view(reinterpret_cast<const char*>(a->GetFixed(i)),
                                                    static_cast<size_t>(width))
                                 : a->GetView(i);
      st = Offer(g, v);
    });
    return st;
  }
  Status Merge(GroupedAccumulator& other, const uint32_t* map) override {
    SILT_ASSIGN_OR_RETURN(auto* o, SameAccumulator<BytesPickAccumulator>(other));
    for (int64_t g = 0; g < o->slots_.size(); ++g) {
      if (o->seen_[g]) SILT_RETURN_NOT_OK(Offer(map[g], o->View(g)));
    }
    return Status::OK();
  }
  Result<ArrayDataPtr> Finalize() override {
    const int64_t n = slots_.size();
    auto array = std::make_shared<ArrayData>();
    array->type = type_;
    array->length = n;
    SILT_ASSIGN_OR_RETURN(auto validity, MakeValidity(seen_.data(), n, &array->null_count, pool_));
    if (type_->id() == TypeId::kFixedBinary) {
      const int64_t w = type_->byte_width();
      SILT_ASSIGN_OR_RETURN(auto values, Buffer::AllocateZeroed(n * w, pool_));
      for (int64_t g = 0; g < n; ++g) {
        if (seen_[g]) std::memcpy(values->mutable_data() + g * w, View(g).data(), static_cast<size_t>(w));
      }
      array->buffers = {validity, values};
      return array;
    }
    SILT_ASSIGN_OR_RETURN(auto offsets, Buffer::Allocate((n + 1) * 8, pool_));
    int64_t total = 0;
    for (int64_t g = 0; g < n; ++g) total += seen_[g] ? slots_[g].length : 0;
    SILT_ASSIGN_OR_RETURN(auto data, Buffer::Allocate(total, pool_));
    int64_t* offs = offsets->mutable_data_as<int64_t>();
    int64_t pos = 0;
    for (int64_t g = 0; g < n; ++g) {
      offs[g] = pos;
      if (!seen_[g]) continue;
      std::string_view v = View(g);
      if (!v.empty()) std::memcpy(data->mutable_data() + pos, v.data(), v.size());
      pos += static_cast<int64_t>(v.size());
    }
    offs[n] = pos;
    array->buffers = {validity, offsets, data};
    return array;
  }
  int64_t memory_bytes() const override {
    return slots_.memory_bytes() + seen_.memory_bytes() + arena_->capacity();
  }

 private:
  std::string_view View(int64_t g) const {
    return {reinterpret_cast<const char*>(arena_->data()) + slots_[g].offset, slots_[g].length};
  }
  Status Offer(uint32_t g, std::string_view v) {
    if (seen_[g] && !Replaces<kPick>(v, View(g))) return Status::OK();
    if (v.size() > UINT32_MAX) return Status::NotSupported("min/max of a value over 4 GiB");
    Slot& slot = slots_[g];
    const uint32_t len = static_cast<uint32_t>(v.size());
    if (!seen_[g] || len > slot.capacity) {
      abandoned_ += seen_[g] ? slot.capacity : 0;
      if (abandoned_ > (1 << 20) && abandoned_ * 2 > arena_->size()) SILT_RETURN_NOT_OK(Compact());
      slot.offset = arena_->size();
      slot.capacity = len;
      SILT_RETURN_NOT_OK(arena_->Resize(arena_->size() + len));
    }
    if (len > 0) std::memcpy(arena_->mutable_data() + slot.offset, v.data(), len);
    slot.length = len;
    seen_[g] = 1;
    return Status::OK();
  }
  Status Compact() {
    auto fresh = std::make_shared<Buffer>(pool_);
    for (int64_t g = 0; g < slots_.size(); ++g) {
      if (!seen_[g]) continue;
      const int64_t at = fresh->size();
      SILT_RETURN_NOT_OK(fresh->Append(arena_->data() + slots_[g].offset, slots_[g].length));
      slots_[g].offset = at;
      slots_[g].capacity = slots_[g].length;
    }
    arena_ = std::move(fresh);
    abandoned_ = 0;
    return Status::OK();
  }

  DataTypePtr type_;
  MemoryPool* pool_;
  PooledVector<Slot> slots_;
  PooledVector<uint8_t> seen_;
  BufferPtr arena_;
  int64_t abandoned_ = 0;
};

template <Pick kPick>
Status BindPick(const DataTypePtr& type, BoundAggregate* out) {
  auto fixed = [&](auto tag) {
    using T = decltype(tag);
    out->make = [type](MemoryPool* pool) -> Result<std::unique_ptr<GroupedAccumulator>> {
      return std::unique_ptr<GroupedAccumulator>(new FixedPickAccumulator<T, kPick>(type, pool));
    };
  };
  out->return_type = type;
  switch (type->id()) {
    case TypeId::kInt8: fixed(int8_t{}); break;
    case TypeId::kInt16: fixed(int16_t{}); break;
    case TypeId::kInt32: case TypeId::kDate32: fixed(int32_t{}); break;
    case TypeId::kInt64: case TypeId::kDecimal64: case TypeId::kTime64:
    case TypeId::kTimestamp: fixed(int64_t{}); break;
    case TypeId::kUInt8: fixed(uint8_t{}); break;
    case TypeId::kUInt16: fixed(uint16_t{}); break;
    case TypeId::kUInt32: fixed(uint32_t{}); break;
    case TypeId::kUInt64: fixed(uint64_t{}); break;
    case TypeId::kFloat32: fixed(float{}); break;
    case TypeId::kFloat64: fixed(double{}); break;
    case TypeId::kDecimal128: fixed(__int128{}); break;
    case TypeId::kUtf8: case TypeId::kBinary: case TypeId::kFixedBinary:
      out->make = [type](MemoryPool* pool) -> Result<std::unique_ptr<GroupedAccumulator>> {
        return std::unique_ptr<GroupedAccumulator>(new BytesPickAccumulator<kPick>(type, pool));
      };
      break;
    default:
      return Status::Plan("");
  }
  return Status::OK();
}

}  // namespace

Status BindMinMaxAggregate(const std::string& name, const std::vector<DataTypePtr>& types,
                           size_t num_args, BoundAggregate* out) {
  if (num_args != 1) return Status::Plan("");
  DataTypePtr type = types[0];
  if (type->id() == TypeId::kNull) type = out->arg_types[0] = int64();
  if (type->id() == TypeId::kBool) {
    // min(bool) is bool_and, max(bool) bool_or (false < true); any_value may return any of
    // the group's values, and bool_or's result is always one of them.
    return BindBasicAggregate(name == "min" ? "bool_and" : "bool_or", types, num_args, out);
  }
  if (name == "min") return BindPick<Pick::kMin>(type, out);
  if (name == "max") return BindPick<Pick::kMax>(type, out);
  return BindPick<Pick::kAny>(type, out);
}

}  // namespace silt::sql::internal
