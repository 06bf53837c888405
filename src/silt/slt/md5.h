#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace silt::slt {

/// Incremental MD5 (RFC 1321), used only to check sqllogictest's "N values hashing to H"
/// results; not for security. Feed bytes with Update(), then call HexDigest() once.
class Md5 {
 public:
  Md5();
  /// Appends bytes to the message.
  void Update(std::string_view bytes);
  /// Finishes the message and returns the digest as 32 lowercase hex digits. The object
  /// must not be updated afterwards.
  std::string HexDigest();

 private:
  void ProcessBlock(const uint8_t* block);

  std::array<uint32_t, 4> state_;
  std::array<uint8_t, 64> buffer_{};
  uint64_t total_bytes_ = 0;
  size_t buffered_ = 0;
};

/// MD5 of `bytes` as 32 lowercase hex digits.
std::string Md5Hex(std::string_view bytes);

}  // namespace silt::slt
