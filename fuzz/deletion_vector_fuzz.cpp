// Fuzzes the deletion vector decoders of untrusted bytes: the serialized RoaringBitmapArray,
// Z85 text (inline vectors and UUID paths), and the queries over whatever parses.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "silt/common/bit_util.h"
#include "silt/delta/kernel/deletion_vector.h"

namespace {

// Exercises every query over a window chosen by the first input bytes.
void Query(const silt::delta::DeletionVector& dv, const uint8_t* data, size_t size) {
  uint64_t first = 0;
  std::memcpy(&first, data, std::min<size_t>(size, 8));
  first &= (uint64_t{1} << 40) - 1;
  const int64_t n = size > 8 ? data[8] * 97 + 1 : 300;
  std::vector<uint8_t> bits(static_cast<size_t>(silt::bit_util::BytesForBits(n)));
  std::vector<uint8_t> bytes(static_cast<size_t>(n));
  dv.FillSelection(first, n, bits.data());
  dv.FillSelectionBytes(first, n, bytes.data());
  int64_t deleted = dv.CountInRange(first, n);
  int64_t kept = silt::bit_util::CountSetBits(bits.data(), 0, n);
  if (deleted + kept != n) __builtin_trap();
  for (int64_t i = 0; i < n; ++i) {
    if (bytes[static_cast<size_t>(i)] != silt::bit_util::GetBit(bits.data(), i)) __builtin_trap();
    if (dv.Contains(first + static_cast<uint64_t>(i)) == (bytes[static_cast<size_t>(i)] != 0)) {
      __builtin_trap();
    }
  }
  if (dv.cardinality() < 1'000'000 &&
      static_cast<int64_t>(dv.ToRowIndexes().size()) != dv.cardinality()) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace silt::delta;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto dv = ParseDeletionVectorBytes(input);
  if (dv.ok()) Query(*dv, data, size);

  // The same bytes as Z85 text: an inline vector and a 'u' descriptor.
  DeletionVectorDescriptor inline_dv;
  inline_dv.storage_type = "i";
  inline_dv.path_or_inline_dv = std::string(input);
  inline_dv.size_in_bytes = static_cast<int32_t>(size / 5 * 4 - (size > 0 ? data[0] % 4 : 0));
  auto decoded = DecodeInlineDeletionVector(inline_dv);
  inline_dv.cardinality = decoded.ok() ? decoded->cardinality() : 0;
  (void)DecodeInlineDeletionVector(inline_dv);
  DeletionVectorDescriptor uuid = inline_dv;
  uuid.storage_type = "u";
  (void)DeletionVectorRelativePath(uuid);
  auto text = DecodeZ85(input);
  if (text.ok() && EncodeZ85(*text).size() % 5 != 0) __builtin_trap();
  return 0;
}
