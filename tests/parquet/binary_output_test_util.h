#pragma once

#include <gtest/gtest.h>

#include <string>

#include "silt/parquet/encoding/binary_output.h"

namespace silt::parquet::testing {

/// A BinaryOutput with its own buffers, starting at offset 0 (decoder tests).
struct OwnedBinaryOutput {
  Buffer offsets;
  Buffer data;
  BinaryOutput out{&offsets, &data};
  OwnedBinaryOutput() {
    const int64_t zero = 0;
    EXPECT_TRUE(offsets.Append(&zero, 8).ok());
  }
  int64_t count() const { return offsets.size() / 8 - 1; }
  std::string Get(int64_t i) const {
    const auto* offs = offsets.data_as<int64_t>();
    return std::string(reinterpret_cast<const char*>(data.data()) + offs[i],
                       static_cast<size_t>(offs[i + 1] - offs[i]));
  }
};

}  // namespace silt::parquet::testing
