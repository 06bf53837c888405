#pragma once

#include <cstdint>
#include <limits>
#include <string>

#include "silt/common/status.h"
#include "silt/memory/buffer.h"
#include "silt/parquet/metadata.h"

namespace silt::parquet {

/// Pass as `level` to use the codec's default (ZSTD 1, GZIP 6, BROTLI 8).
inline constexpr int kDefaultCompressionLevel = std::numeric_limits<int>::min();

/// Decompresses `src` into exactly `dst_size` bytes at `dst` (caller-owned, from the page
/// header's uncompressed size). Producing any other number of bytes is Corrupt
/// ("decompressed size mismatch"); malformed input is Corrupt naming the codec; LZO and
/// unknown codecs are NotSupported. Safe on untrusted input: never writes past dst_size.
/// GZIP accepts concatenated members; LZ4 (deprecated) accepts Hadoop framing, a raw LZ4
/// block or the LZ4 frame format. Thread-safe (ZSTD reuses a thread_local context).
Status Decompress(CompressionCodec codec, const uint8_t* src, int64_t src_size, uint8_t* dst,
                  int64_t dst_size);

/// True when Compress supports `codec` (UNCOMPRESSED, SNAPPY, GZIP, BROTLI, ZSTD, LZ4_RAW).
bool IsCompressionSupported(CompressionCodec codec);

/// Upper bound of the compressed size of `size` input bytes, for CompressInto.
Result<int64_t> MaxCompressedSize(CompressionCodec codec, int64_t size);

/// Compresses into caller memory of `dst_capacity` bytes (at least MaxCompressedSize) and
/// returns the compressed size. `level` is codec-specific (kDefaultCompressionLevel for the
/// default; ignored by SNAPPY, LZ4_RAW and UNCOMPRESSED); an invalid level is
/// InvalidArgument. Unsupported codecs are NotSupported.
Result<int64_t> CompressInto(CompressionCodec codec, int level, const uint8_t* src,
                             int64_t size, uint8_t* dst, int64_t dst_capacity);

/// Compresses `src`, replacing the contents of `out` (its capacity is reused).
Status Compress(CompressionCodec codec, int level, const uint8_t* src, int64_t size,
                std::string* out);
/// Compresses `src`, resizing the owning buffer `out` to the compressed size.
Status Compress(CompressionCodec codec, int level, const uint8_t* src, int64_t size,
                Buffer* out);

/// CRC-32 (the zlib/gzip polynomial) of `data`, as stored in PageHeader.crc (as an int32).
uint32_t Crc32(const uint8_t* data, int64_t size);
/// Continues a CRC-32 over more bytes: Crc32(Crc32(a), b) == Crc32(a ++ b).
uint32_t Crc32(uint32_t crc, const uint8_t* data, int64_t size);

}  // namespace silt::parquet
