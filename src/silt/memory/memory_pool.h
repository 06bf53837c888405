#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

#include "silt/common/status.h"

namespace silt {

/// Source of all buffer memory. Tracks bytes in use and the peak, and enforces an optional
/// limit (exceeding it is ResourcesExhausted, never an abort). Thread-safe.
class MemoryPool {
 public:
  /// `limit_bytes` 0 means unlimited.
  explicit MemoryPool(std::string name = "pool", int64_t limit_bytes = 0)
      : name_(std::move(name)), limit_(limit_bytes) {}
  MemoryPool(const MemoryPool&) = delete;
  MemoryPool& operator=(const MemoryPool&) = delete;

  /// 64-byte aligned allocation of `size` bytes (size 0 yields a non-null sentinel).
  Result<uint8_t*> Allocate(int64_t size);
  /// Grows or shrinks an allocation made by this pool, preserving contents.
  Result<uint8_t*> Reallocate(uint8_t* ptr, int64_t old_size, int64_t new_size);
  void Free(uint8_t* ptr, int64_t size);

  /// Accounts bytes without allocating (e.g. memory owned by a third-party library).
  Status Reserve(int64_t bytes);
  void Release(int64_t bytes);

  int64_t bytes_allocated() const { return allocated_.load(std::memory_order_relaxed); }
  int64_t peak_bytes() const { return peak_.load(std::memory_order_relaxed); }
  int64_t limit() const { return limit_; }
  void set_limit(int64_t limit) { limit_ = limit; }
  const std::string& name() const { return name_; }

  /// The process-wide default pool (unlimited).
  static MemoryPool* Default();

 private:
  std::string name_;
  std::atomic<int64_t> allocated_{0};
  std::atomic<int64_t> peak_{0};
  int64_t limit_;
};

}  // namespace silt
