#pragma once

#include <cstdint>
#include <cstring>
#include <memory>

#include "silt/common/status.h"
#include "silt/memory/memory_pool.h"

namespace silt {

/// A contiguous, 64-byte aligned byte region. Either owns pool memory (and may grow), or
/// views memory kept alive by `parent` (e.g. a slice, or memory owned by an imported
/// Arrow C array). Immutable once shared between arrays by convention.
class Buffer {
 public:
  /// An empty owning buffer accounted to `pool`.
  explicit Buffer(MemoryPool* pool = MemoryPool::Default()) : pool_(pool) {}
  /// A non-owning view kept alive by `parent` (may be null for static memory).
  Buffer(const uint8_t* data, int64_t size, std::shared_ptr<const void> parent)
      : data_(const_cast<uint8_t*>(data)), size_(size), capacity_(size),
        parent_(std::move(parent)) {}
  ~Buffer();
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  /// Allocates an owning buffer of `size` bytes (contents uninitialized).
  static Result<std::shared_ptr<Buffer>> Allocate(int64_t size,
                                                  MemoryPool* pool = MemoryPool::Default());
  /// Allocates an owning buffer of `size` zeroed bytes.
  static Result<std::shared_ptr<Buffer>> AllocateZeroed(int64_t size,
                                                        MemoryPool* pool = MemoryPool::Default());

  const uint8_t* data() const { return data_; }
  uint8_t* mutable_data() { return data_; }
  template <typename T>
  const T* data_as() const { return reinterpret_cast<const T*>(data_); }
  template <typename T>
  T* mutable_data_as() { return reinterpret_cast<T*>(data_); }
  int64_t size() const { return size_; }
  int64_t capacity() const { return capacity_; }
  bool owns_memory() const { return parent_ == nullptr && pool_ != nullptr; }

  /// Ensures capacity for `min_capacity` bytes (amortized doubling). Owning buffers only.
  Status Reserve(int64_t min_capacity);
  /// Sets the logical size, growing capacity if needed; new bytes are uninitialized.
  Status Resize(int64_t new_size);
  /// Appends bytes, growing as needed.
  Status Append(const void* bytes, int64_t n) {
    if (size_ + n > capacity_) SILT_RETURN_NOT_OK(Reserve(size_ + n));
    if (n > 0) std::memcpy(data_ + size_, bytes, static_cast<size_t>(n));
    size_ += n;
    return Status::OK();
  }
  /// Unchecked append; caller has reserved capacity.
  void UnsafeAppend(const void* bytes, int64_t n) {
    std::memcpy(data_ + size_, bytes, static_cast<size_t>(n));
    size_ += n;
  }
  void UnsafeSetSize(int64_t n) { size_ = n; }

 private:
  uint8_t* data_ = nullptr;
  int64_t size_ = 0;
  int64_t capacity_ = 0;
  MemoryPool* pool_ = nullptr;
  std::shared_ptr<const void> parent_;
};

using BufferPtr = std::shared_ptr<Buffer>;

}  // namespace silt
