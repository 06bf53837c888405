#pragma once

#include <cstdint>
#include <cstring>

#include "silt/common/status.h"
#include "silt/memory/buffer.h"

namespace silt::parquet {

/// Destination of decoded BYTE_ARRAY values in Arrow utf8/binary layout: int64 offsets plus
/// concatenated bytes. Does not own the buffers. `offsets` must already hold at least one
/// entry (the start offset of the first value to append); each appended value adds one
/// entry equal to the previous last entry plus its length, and its bytes go to the end of
/// `data`. Callers normally keep the last offset equal to data->size().
struct BinaryOutput {
  Buffer* offsets = nullptr;
  Buffer* data = nullptr;

  /// The last offset entry (where the next value starts).
  int64_t last_offset() const {
    int64_t v;
    std::memcpy(&v, offsets->data() + offsets->size() - 8, 8);
    return v;
  }

  /// Ensures room for `num_values` more offsets and `num_bytes` more data bytes, so that
  /// that many UnsafeAppend calls need no further checks.
  Status Reserve(int64_t num_values, int64_t num_bytes) {
    SILT_RETURN_NOT_OK(offsets->Reserve(offsets->size() + num_values * 8));
    return data->Reserve(data->size() + num_bytes);
  }

  /// Appends one value after Reserve made room for it.
  void UnsafeAppend(const uint8_t* bytes, int64_t length) {
    const int64_t end = last_offset() + length;
    if (length > 0) data->UnsafeAppend(bytes, length);
    offsets->UnsafeAppend(&end, 8);
  }

  /// Appends one value, growing the buffers as needed.
  Status Append(const uint8_t* bytes, int64_t length) {
    SILT_RETURN_NOT_OK(Reserve(1, length));
    UnsafeAppend(bytes, length);
    return Status::OK();
  }
};

}  // namespace silt::parquet
