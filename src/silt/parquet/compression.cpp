#include "silt/parquet/compression.h"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <lz4.h>
#include <lz4frame.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include <cstring>
#include <memory>

namespace silt::parquet {

namespace {

constexpr int64_t kMaxBlockSize = std::numeric_limits<int32_t>::max();
constexpr int kDefaultZstdLevel = 1;
constexpr int kDefaultGzipLevel = 6;
constexpr int kDefaultBrotliQuality = 8;
constexpr int kGzipWindowBits = 15;

Status CodecError(CompressionCodec codec, const std::string& what) {
  return Status::Corrupt(CompressionCodecName(codec) + " decompression failed: " + what);
}

Status SizeMismatch(CompressionCodec codec, int64_t expected) {
  return Status::Corrupt(CompressionCodecName(codec) +
                         ": decompressed size mismatch (page header says " +
                         std::to_string(expected) + " bytes)");
}

uint32_t LoadBigEndian32(const uint8_t* p) {
  return (static_cast<uint32_t>(p[0]) << 24) | (static_cast<uint32_t>(p[1]) << 16) |
         (static_cast<uint32_t>(p[2]) << 8) | static_cast<uint32_t>(p[3]);
}

// ---------------------------------------------------------------------------------------
// Decompression

Status DecompressSnappy(const uint8_t* src, int64_t src_size, uint8_t* dst, int64_t dst_size) {
  auto* in = reinterpret_cast<const char*>(src);
  size_t length = 0;
  if (!snappy::GetUncompressedLength(in, static_cast<size_t>(src_size), &length)) {
    return CodecError(CompressionCodec::kSnappy, "invalid length header");
  }
  if (length != static_cast<uint64_t>(dst_size)) {
    return SizeMismatch(CompressionCodec::kSnappy, dst_size);
  }
  if (!snappy::RawUncompress(in, static_cast<size_t>(src_size), reinterpret_cast<char*>(dst))) {
    return CodecError(CompressionCodec::kSnappy, "corrupt input");
  }
  return Status::OK();
}

Status DecompressGzip(const uint8_t* src, int64_t src_size, uint8_t* dst, int64_t dst_size) {
  constexpr auto kCodec = CompressionCodec::kGzip;
  z_stream stream;
  std::memset(&stream, 0, sizeof(stream));
  // +32: accept both gzip and zlib headers.
  if (inflateInit2(&stream, kGzipWindowBits + 32) != Z_OK) {
    return CodecError(kCodec, "cannot initialise zlib");
  }
  std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&stream, inflateEnd);
  stream.next_in = const_cast<Bytef*>(src);
  stream.avail_in = static_cast<uInt>(src_size);
  stream.next_out = dst;
  stream.avail_out = static_cast<uInt>(dst_size);
  for (;;) {
    int ret = inflate(&stream, Z_NO_FLUSH);
    if (ret == Z_STREAM_END) {
      // Some writers emit several gzip members back to back; keep going while input and
      // output room remain.
      if (stream.avail_in == 0 || stream.avail_out == 0) break;
      if (inflateReset(&stream) != Z_OK) return CodecError(kCodec, "cannot reset zlib");
      continue;
    }
    if (ret == Z_OK) {
      if (stream.avail_in == 0 && stream.avail_out > 0) {
        return CodecError(kCodec, "truncated input");
      }
      continue;
    }
    if (ret == Z_BUF_ERROR) {
      if (stream.avail_out == 0) return SizeMismatch(kCodec, dst_size);
      return CodecError(kCodec, "truncated input");
    }
    return CodecError(kCodec, stream.msg != nullptr ? std::string(stream.msg)
                                                    : "zlib error " + std::to_string(ret));
  }
  if (stream.avail_out != 0) return SizeMismatch(kCodec, dst_size);
  if (stream.avail_in != 0) {
    // The output is full but input remains: another member with data means the page is
    // larger than its header says; padding or an empty member is harmless.
    uint8_t probe = 0;
    if (inflateReset(&stream) != Z_OK) return CodecError(kCodec, "cannot reset zlib");
    stream.next_out = &probe;
    stream.avail_out = 1;
    int ret = inflate(&stream, Z_NO_FLUSH);
    if ((ret == Z_OK || ret == Z_STREAM_END) && stream.avail_out == 0) {
      return SizeMismatch(kCodec, dst_size);
    }
  }
  return Status::OK();
}

struct ZstdDContextDeleter {
  void operator()(ZSTD_DCtx* ctx) const { ZSTD_freeDCtx(ctx); }
};

Status DecompressZstd(const uint8_t* src, int64_t src_size, uint8_t* dst, int64_t dst_size) {
  thread_local std::unique_ptr<ZSTD_DCtx, ZstdDContextDeleter> context(ZSTD_createDCtx());
  if (context == nullptr) return Status::ResourcesExhausted("cannot allocate a ZSTD context");
  size_t ret = ZSTD_decompressDCtx(context.get(), dst, static_cast<size_t>(dst_size), src,
                                   static_cast<size_t>(src_size));
  if (ZSTD_isError(ret)) {
    if (ZSTD_getErrorCode(ret) == ZSTD_error_dstSize_tooSmall) {
      return SizeMismatch(CompressionCodec::kZstd, dst_size);
    }
    return CodecError(CompressionCodec::kZstd, ZSTD_getErrorName(ret));
  }
  if (ret != static_cast<size_t>(dst_size)) return SizeMismatch(CompressionCodec::kZstd, dst_size);
  return Status::OK();
}

Status DecompressLz4Raw(const uint8_t* src, int64_t src_size, uint8_t* dst, int64_t dst_size) {
  int ret = LZ4_decompress_safe(reinterpret_cast<const char*>(src), reinterpret_cast<char*>(dst),
                                static_cast<int>(src_size), static_cast<int>(dst_size));
  if (ret < 0) return CodecError(CompressionCodec::kLz4Raw, "corrupt input");
  if (ret != dst_size) return SizeMismatch(CompressionCodec::kLz4Raw, dst_size);
  return Status::OK();
}

// Hadoop's framing: repeated [u32 BE uncompressed size][u32 BE compressed size][LZ4 block].
bool TryLz4Hadoop(const uint8_t* src, int64_t src_size, uint8_t* dst, int64_t dst_size) {
  int64_t in = 0, out = 0;
  while (src_size - in >= 8) {
    int64_t block_out = LoadBigEndian32(src + in);
    int64_t block_in = LoadBigEndian32(src + in + 4);
    in += 8;
    if (block_in > src_size - in || block_out > dst_size - out) return false;
    int ret = LZ4_decompress_safe(reinterpret_cast<const char*>(src + in),
                                  reinterpret_cast<char*>(dst + out), static_cast<int>(block_in),
                                  static_cast<int>(block_out));
    if (ret != block_out) return false;
    in += block_in;
    out += block_out;
  }
  return in == src_size && out == dst_size;
}

bool TryLz4Frame(const uint8_t* src, int64_t src_size, uint8_t* dst, int64_t dst_size) {
  LZ4F_dctx* ctx = nullptr;
  if (LZ4F_isError(LZ4F_createDecompressionContext(&ctx, LZ4F_VERSION))) return false;
  using FreeFn = LZ4F_errorCode_t (*)(LZ4F_dctx*);
  std::unique_ptr<LZ4F_dctx, FreeFn> guard(ctx, LZ4F_freeDecompressionContext);
  int64_t in = 0, out = 0;
  bool complete = false;
  while (in < src_size) {
    size_t out_avail = static_cast<size_t>(dst_size - out);
    size_t in_avail = static_cast<size_t>(src_size - in);
    size_t hint = LZ4F_decompress(ctx, dst + out, &out_avail, src + in, &in_avail, nullptr);
    if (LZ4F_isError(hint)) return false;
    in += static_cast<int64_t>(in_avail);
    out += static_cast<int64_t>(out_avail);
    // No progress: the output is full or the input is truncated.
    if (in_avail == 0 && out_avail == 0) return false;
    complete = hint == 0;
  }
  return complete && out == dst_size;
}

Status DecompressLz4Hadoop(const uint8_t* src, int64_t src_size, uint8_t* dst,
                           int64_t dst_size) {
  // The deprecated LZ4 codec was written three ways over the years; try each as Arrow does.
  if (TryLz4Hadoop(src, src_size, dst, dst_size)) return Status::OK();
  int ret = LZ4_decompress_safe(reinterpret_cast<const char*>(src), reinterpret_cast<char*>(dst),
                                static_cast<int>(src_size), static_cast<int>(dst_size));
  if (ret == dst_size) return Status::OK();
  if (TryLz4Frame(src, src_size, dst, dst_size)) return Status::OK();
  return CodecError(CompressionCodec::kLz4,
                    "input is neither Hadoop-framed LZ4, a raw LZ4 block nor an LZ4 frame of " +
                        std::to_string(dst_size) + " bytes");
}

Status DecompressBrotli(const uint8_t* src, int64_t src_size, uint8_t* dst, int64_t dst_size) {
  size_t decoded = static_cast<size_t>(dst_size);
  BrotliDecoderResult ret =
      BrotliDecoderDecompress(static_cast<size_t>(src_size), src, &decoded, dst);
  if (ret != BROTLI_DECODER_RESULT_SUCCESS) {
    return CodecError(CompressionCodec::kBrotli, "corrupt input or output larger than " +
                                                     std::to_string(dst_size) + " bytes");
  }
  if (decoded != static_cast<size_t>(dst_size)) {
    return SizeMismatch(CompressionCodec::kBrotli, dst_size);
  }
  return Status::OK();
}

}  // namespace

Status Decompress(CompressionCodec codec, const uint8_t* src, int64_t src_size, uint8_t* dst,
                  int64_t dst_size) {
  if (src_size < 0 || dst_size < 0) {
    return Status::InvalidArgument("Decompress: negative size");
  }
  if (src_size > kMaxBlockSize || dst_size > kMaxBlockSize) {
    return Status::Corrupt(CompressionCodecName(codec) +
                           ": compressed or uncompressed size exceeds 2 GiB");
  }
  // Libraries dislike null pointers even for empty ranges.
  static const uint8_t kEmpty = 0;
  uint8_t scratch = 0;
  if (src == nullptr) src = &kEmpty;
  if (dst == nullptr) dst = &scratch;
  switch (codec) {
    case CompressionCodec::kUncompressed:
      if (src_size != dst_size) return SizeMismatch(codec, dst_size);
      if (dst_size > 0) std::memcpy(dst, src, static_cast<size_t>(dst_size));
      return Status::OK();
    case CompressionCodec::kLzo:
      return Status::NotSupported("Parquet compression codec LZO is not supported");
    default:
      break;
  }
  if (src_size == 0 && dst_size == 0) return Status::OK();
  switch (codec) {
    case CompressionCodec::kSnappy: return DecompressSnappy(src, src_size, dst, dst_size);
    case CompressionCodec::kGzip: return DecompressGzip(src, src_size, dst, dst_size);
    case CompressionCodec::kZstd: return DecompressZstd(src, src_size, dst, dst_size);
    case CompressionCodec::kLz4Raw: return DecompressLz4Raw(src, src_size, dst, dst_size);
    case CompressionCodec::kLz4: return DecompressLz4Hadoop(src, src_size, dst, dst_size);
    case CompressionCodec::kBrotli: return DecompressBrotli(src, src_size, dst, dst_size);
    default:
      return Status::NotSupported("Parquet compression codec " + CompressionCodecName(codec) +
                                  " is not supported");
  }
}

// ---------------------------------------------------------------------------------------
// Compression

namespace {

struct ZstdCContextDeleter {
  void operator()(ZSTD_CCtx* ctx) const { ZSTD_freeCCtx(ctx); }
};

Status CompressError(CompressionCodec codec, const std::string& what) {
  return Status::Internal(CompressionCodecName(codec) + " compression failed: " + what);
}

Result<int64_t> CompressGzip(int level, const uint8_t* src, int64_t size, uint8_t* dst,
                             int64_t capacity) {
  constexpr auto kCodec = CompressionCodec::kGzip;
  if (level == kDefaultCompressionLevel) level = kDefaultGzipLevel;
  if (level < 0 || level > 9) {
    return Status::InvalidArgument("GZIP level must be between 0 and 9, got " +
                                   std::to_string(level));
  }
  z_stream stream;
  std::memset(&stream, 0, sizeof(stream));
  // +16: gzip (RFC 1952) framing, which Parquet's GZIP codec means.
  if (deflateInit2(&stream, level, Z_DEFLATED, kGzipWindowBits + 16, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return CompressError(kCodec, "cannot initialise zlib");
  }
  std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&stream, deflateEnd);
  stream.next_in = const_cast<Bytef*>(src);
  stream.avail_in = static_cast<uInt>(size);
  stream.next_out = dst;
  stream.avail_out = static_cast<uInt>(capacity);
  int ret = deflate(&stream, Z_FINISH);
  if (ret != Z_STREAM_END) return CompressError(kCodec, "output buffer too small");
  return static_cast<int64_t>(stream.total_out);
}

}  // namespace

bool IsCompressionSupported(CompressionCodec codec) {
  switch (codec) {
    case CompressionCodec::kUncompressed:
    case CompressionCodec::kSnappy:
    case CompressionCodec::kGzip:
    case CompressionCodec::kBrotli:
    case CompressionCodec::kZstd:
    case CompressionCodec::kLz4Raw:
      return true;
    default:
      return false;
  }
}

Result<int64_t> MaxCompressedSize(CompressionCodec codec, int64_t size) {
  if (size < 0 || size > kMaxBlockSize) {
    return Status::InvalidArgument("cannot compress " + std::to_string(size) +
                                   " bytes in one block");
  }
  auto n = static_cast<size_t>(size);
  switch (codec) {
    case CompressionCodec::kUncompressed: return size;
    case CompressionCodec::kSnappy: return static_cast<int64_t>(snappy::MaxCompressedLength(n));
    // compressBound covers the zlib wrapper; gzip's header and trailer are 12 bytes more.
    case CompressionCodec::kGzip: return static_cast<int64_t>(compressBound(n)) + 18;
    case CompressionCodec::kBrotli:
      return static_cast<int64_t>(BrotliEncoderMaxCompressedSize(n));
    case CompressionCodec::kZstd: return static_cast<int64_t>(ZSTD_compressBound(n));
    case CompressionCodec::kLz4Raw: return LZ4_compressBound(static_cast<int>(size));
    default:
      return Status::NotSupported("writing Parquet compression codec " +
                                  CompressionCodecName(codec) + " is not supported");
  }
}

Result<int64_t> CompressInto(CompressionCodec codec, int level, const uint8_t* src,
                             int64_t size, uint8_t* dst, int64_t dst_capacity) {
  SILT_ASSIGN_OR_RETURN(int64_t bound, MaxCompressedSize(codec, size));
  if (dst_capacity < 0) return Status::InvalidArgument("negative output capacity");
  dst_capacity = std::min(dst_capacity, kMaxBlockSize);
  static const uint8_t kEmpty = 0;
  if (src == nullptr) src = &kEmpty;
  switch (codec) {
    case CompressionCodec::kUncompressed:
      if (dst_capacity < size) return CompressError(codec, "output buffer too small");
      if (size > 0) std::memcpy(dst, src, static_cast<size_t>(size));
      return size;
    case CompressionCodec::kSnappy: {
      if (dst_capacity < bound) return CompressError(codec, "output buffer too small");
      size_t out = 0;
      snappy::RawCompress(reinterpret_cast<const char*>(src), static_cast<size_t>(size),
                          reinterpret_cast<char*>(dst), &out);
      return static_cast<int64_t>(out);
    }
    case CompressionCodec::kGzip: return CompressGzip(level, src, size, dst, dst_capacity);
    case CompressionCodec::kZstd: {
      if (level == kDefaultCompressionLevel) level = kDefaultZstdLevel;
      if (level < ZSTD_minCLevel() || level > ZSTD_maxCLevel()) {
        return Status::InvalidArgument("ZSTD level out of range: " + std::to_string(level));
      }
      thread_local std::unique_ptr<ZSTD_CCtx, ZstdCContextDeleter> context(ZSTD_createCCtx());
      if (context == nullptr) return Status::ResourcesExhausted("cannot allocate ZSTD context");
      size_t ret = ZSTD_compressCCtx(context.get(), dst, static_cast<size_t>(dst_capacity), src,
                                     static_cast<size_t>(size), level);
      if (ZSTD_isError(ret)) return CompressError(codec, ZSTD_getErrorName(ret));
      return static_cast<int64_t>(ret);
    }
    case CompressionCodec::kLz4Raw: {
      int ret = LZ4_compress_default(reinterpret_cast<const char*>(src),
                                     reinterpret_cast<char*>(dst), static_cast<int>(size),
                                     static_cast<int>(dst_capacity));
      if (ret <= 0) return CompressError(codec, "output buffer too small");
      return ret;
    }
    case CompressionCodec::kBrotli: {
      if (level == kDefaultCompressionLevel) level = kDefaultBrotliQuality;
      if (level < BROTLI_MIN_QUALITY || level > BROTLI_MAX_QUALITY) {
        return Status::InvalidArgument("BROTLI quality must be between 0 and 11, got " +
                                       std::to_string(level));
      }
      size_t out = static_cast<size_t>(dst_capacity);
      if (!BrotliEncoderCompress(level, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC,
                                 static_cast<size_t>(size), src, &out, dst)) {
        return CompressError(codec, "output buffer too small");
      }
      return static_cast<int64_t>(out);
    }
    default:
      return Status::NotSupported("writing Parquet compression codec " +
                                  CompressionCodecName(codec) + " is not supported");
  }
}

Status Compress(CompressionCodec codec, int level, const uint8_t* src, int64_t size,
                std::string* out) {
  SILT_ASSIGN_OR_RETURN(int64_t bound, MaxCompressedSize(codec, size));
  out->resize(static_cast<size_t>(std::max<int64_t>(bound, 1)));
  SILT_ASSIGN_OR_RETURN(int64_t n, CompressInto(codec, level, src, size,
                                                reinterpret_cast<uint8_t*>(out->data()), bound));
  out->resize(static_cast<size_t>(n));
  return Status::OK();
}

Status Compress(CompressionCodec codec, int level, const uint8_t* src, int64_t size,
                Buffer* out) {
  SILT_ASSIGN_OR_RETURN(int64_t bound, MaxCompressedSize(codec, size));
  SILT_RETURN_NOT_OK(out->Resize(std::max<int64_t>(bound, 1)));
  SILT_ASSIGN_OR_RETURN(int64_t n,
                        CompressInto(codec, level, src, size, out->mutable_data(), bound));
  return out->Resize(n);
}

uint32_t Crc32(const uint8_t* data, int64_t size) { return Crc32(0, data, size); }

uint32_t Crc32(uint32_t crc, const uint8_t* data, int64_t size) {
  if (size <= 0) return crc;
  return static_cast<uint32_t>(crc32_z(crc, data, static_cast<z_size_t>(size)));
}

}  // namespace silt::parquet
