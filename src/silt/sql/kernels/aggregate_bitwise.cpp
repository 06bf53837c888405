// bit_and, bit_or, bit_xor over integers (PostgreSQL): NULLs are skipped, the result has the
// argument's type and is NULL for a group without non-NULL values.

#include "silt/sql/kernels/aggregate_internal.h"

namespace silt::sql::internal {

namespace {

enum class BitAggregate { kAnd, kOr, kXor };

template <typename T>
class BitAccumulator : public GroupedAccumulator {
 public:
  BitAccumulator(BitAggregate op, DataTypePtr type, MemoryPool* pool)
      : op_(op), type_(std::move(type)), pool_(pool), values_(pool), seen_(pool) {}
  Status Resize(int64_t n) override {
    SILT_RETURN_NOT_OK(values_.Resize(n, Identity()));
    return seen_.Resize(n, 0);
  }
  Status Update(const std::vector<ArrayDataPtr>& args, const uint32_t* ids, int64_t n) override {
    if (args[0]->type->id() == TypeId::kNull) return Status::OK();
    SILT_ASSIGN_OR_RETURN(auto a, Flatten(args[0], pool_));
    T* values = values_.data();
    uint8_t* seen = seen_.data();
    const T* in = a->values<T>();
    ForEachRow(NullableValidity(*a), a->offset, ids, n, [&](uint32_t g, int64_t i) {
      values[g] = Combine(values[g], in[i]);
      seen[g] = 1;
    });
    return Status::OK();
  }
  Status Merge(GroupedAccumulator& other, const uint32_t* map) override {
    SILT_ASSIGN_OR_RETURN(auto* o, SameAccumulator<BitAccumulator>(other));
    for (int64_t g = 0; g < o->values_.size(); ++g) {
      if (!o->seen_[g]) continue;
      const uint32_t t = map[g];
      values_[t] = Combine(values_[t], o->values_[g]);
      seen_[t] = 1;
    }
    return Status::OK();
  }
  Result<ArrayDataPtr> Finalize() override {
    return MakeFixedArray<T>(type_, values_.data(), seen_.data(), values_.size(), pool_);
  }
  int64_t memory_bytes() const override { return values_.memory_bytes() + seen_.memory_bytes(); }

 private:
  T Identity() const { return op_ == BitAggregate::kAnd ? static_cast<T>(~T{0}) : T{0}; }
  T Combine(T x, T y) const {
    switch (op_) {
      case BitAggregate::kAnd: return static_cast<T>(x & y);
      case BitAggregate::kOr: return static_cast<T>(x | y);
      case BitAggregate::kXor: return static_cast<T>(x ^ y);
    }
    return x;
  }

  BitAggregate op_;
  DataTypePtr type_;
  MemoryPool* pool_;
  PooledVector<T> values_;
  PooledVector<uint8_t> seen_;
};

template <typename T>
AccumulatorFactory MakeBit(BitAggregate op, DataTypePtr type) {
  return [op, type](MemoryPool* pool) -> Result<std::unique_ptr<GroupedAccumulator>> {
    return std::unique_ptr<GroupedAccumulator>(new BitAccumulator<T>(op, type, pool));
  };
}

}  // namespace

Status BindBitwiseAggregate(const std::string& name, const std::vector<DataTypePtr>& types,
                            size_t num_args, BoundAggregate* out) {
  if (num_args != 1) return Status::Plan("");
  DataTypePtr type = types[0];
  if (type->id() == TypeId::kNull) type = out->arg_types[0] = int64();
  const BitAggregate op = name == "bit_and" ? BitAggregate::kAnd
                          : name == "bit_or" ? BitAggregate::kOr
                                             : BitAggregate::kXor;
  out->return_type = type;
  switch (type->id()) {
    case TypeId::kInt8: out->make = MakeBit<int8_t>(op, type); break;
    case TypeId::kInt16: out->make = MakeBit<int16_t>(op, type); break;
    case TypeId::kInt32: out->make = MakeBit<int32_t>(op, type); break;
    case TypeId::kInt64: out->make = MakeBit<int64_t>(op, type); break;
    case TypeId::kUInt8: out->make = MakeBit<uint8_t>(op, type); break;
    case TypeId::kUInt16: out->make = MakeBit<uint16_t>(op, type); break;
    case TypeId::kUInt32: out->make = MakeBit<uint32_t>(op, type); break;
    case TypeId::kUInt64: out->make = MakeBit<uint64_t>(op, type); break;
    default: return Status::Plan("");
  }
  return Status::OK();
}

}  // namespace silt::sql::internal
