#include "silt/memory/buffer.h"

#include <algorithm>

namespace silt {

Buffer::~Buffer() {
  if (owns_memory() && data_ != nullptr) pool_->Free(data_, capacity_);
}

Result<std::shared_ptr<Buffer>> Buffer::Allocate(int64_t size, MemoryPool* pool) {
  auto buf = std::make_shared<Buffer>(pool);
  SILT_RETURN_NOT_OK(buf->Resize(size));
  return buf;
}

Result<std::shared_ptr<Buffer>> Buffer::AllocateZeroed(int64_t size, MemoryPool* pool) {
  SILT_ASSIGN_OR_RETURN(auto buf, Allocate(size, pool));
  if (size > 0) std::memset(buf->mutable_data(), 0, static_cast<size_t>(size));
  return buf;
}

Status Buffer::Reserve(int64_t min_capacity) {
  if (min_capacity <= capacity_) return Status::OK();
  if (!owns_memory()) return Status::Internal("cannot grow a non-owning buffer");
  int64_t new_capacity = std::max<int64_t>(min_capacity, capacity_ * 2);
  new_capacity = std::max<int64_t>(new_capacity, 64);
  if (data_ == nullptr) {
    SILT_ASSIGN_OR_RETURN(data_, pool_->Allocate(new_capacity));
  } else {
    SILT_ASSIGN_OR_RETURN(data_, pool_->Reallocate(data_, capacity_, new_capacity));
  }
  capacity_ = new_capacity;
  return Status::OK();
}

Status Buffer::Resize(int64_t new_size) {
  if (new_size < 0) return Status::Internal("negative buffer size");
  if (new_size > capacity_) {
    if (!owns_memory()) return Status::Internal("cannot grow a non-owning buffer");
    // Exact first allocation; amortized doubling afterwards.
    int64_t target = capacity_ == 0 ? std::max<int64_t>(new_size, 64) : new_size;
    SILT_RETURN_NOT_OK(Reserve(target));
  }
  size_ = new_size;
  return Status::OK();
}

}  // namespace silt
