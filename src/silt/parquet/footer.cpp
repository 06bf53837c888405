#include "silt/parquet/footer.h"

#include <cstring>
#include <future>

namespace silt::parquet {

namespace {

constexpr int64_t kMagicSize = 4;
// Trailing 4-byte little-endian metadata length followed by the magic.
constexpr int64_t kTrailerSize = 8;

uint32_t LoadLittleEndian32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
         (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}

Status CheckNotEncrypted(const FileMetaData& metadata) {
  if (metadata.has_encryption_algorithm) {
    return Status::NotSupported(
        "Parquet modular encryption (plaintext footer with encryption_algorithm) is not "
        "supported");
  }
  for (size_t g = 0; g < metadata.row_groups.size(); ++g) {
    const RowGroup& group = metadata.row_groups[g];
    for (size_t c = 0; c < group.columns.size(); ++c) {
      const ColumnChunk& chunk = group.columns[c];
      if (chunk.has_crypto_metadata || chunk.has_encrypted_column_metadata) {
        return Status::NotSupported(
            "Parquet modular encryption (encrypted column chunk " + std::to_string(c) +
            " in row group " + std::to_string(g) + ") is not supported");
      }
      if (!chunk.meta_data) {
        return Status::Corrupt("column chunk " + std::to_string(c) + " in row group " +
                               std::to_string(g) + " has no meta_data");
      }
    }
  }
  return Status::OK();
}

Result<FileMetaData> ReadFooter(io::RandomAccessFile& file, int64_t* bytes_read) {
  SILT_ASSIGN_OR_RETURN(int64_t file_size, file.Size());
  if (file_size < kMagicSize + kTrailerSize) {
    return Status::Corrupt("file of " + std::to_string(file_size) +
                           " bytes is too small to be a Parquet file");
  }
  int64_t tail_size = std::min(file_size, kFooterSpeculativeReadSize);
  int64_t tail_offset = file_size - tail_size;
  // The leading magic is outside the tail for large files; fetch it concurrently.
  std::future<Result<BufferPtr>> head;
  if (tail_offset > 0) head = file.ReadAtAsync(0, kMagicSize);

  SILT_ASSIGN_OR_RETURN(BufferPtr tail, file.ReadAt(tail_offset, tail_size));
  *bytes_read += tail_size;
  if (tail->size() != tail_size) return Status::IOError("short read of the file tail");
  const uint8_t* trailer = tail->data() + tail_size - kTrailerSize;
  if (std::memcmp(trailer + 4, kParquetEncryptedMagic, kMagicSize) == 0) {
    return Status::NotSupported(
        "Parquet modular encryption (encrypted footer) is not supported");
  }
  if (std::memcmp(trailer + 4, kParquetMagic, kMagicSize) != 0) {
    return Status::Corrupt("missing Parquet magic 'PAR1' at the end of the file");
  }

  const uint8_t* head_bytes = tail->data();
  BufferPtr head_buffer;
  if (tail_offset > 0) {
    SILT_ASSIGN_OR_RETURN(head_buffer, head.get());
    *bytes_read += kMagicSize;
    if (head_buffer->size() != kMagicSize) return Status::IOError("short read of the file head");
    head_bytes = head_buffer->data();
  }
  if (std::memcmp(head_bytes, kParquetMagic, kMagicSize) != 0) {
    return Status::Corrupt("missing Parquet magic 'PAR1' at the start of the file");
  }

  int64_t metadata_size = LoadLittleEndian32(trailer);
  if (metadata_size > file_size - kMagicSize - kTrailerSize) {
    return Status::Corrupt("footer length " + std::to_string(metadata_size) +
                           " exceeds the file size " + std::to_string(file_size));
  }
  const uint8_t* metadata_bytes;
  BufferPtr metadata_buffer;
  if (metadata_size + kTrailerSize <= tail_size) {
    metadata_bytes = trailer - metadata_size;
  } else {
    int64_t offset = file_size - kTrailerSize - metadata_size;
    SILT_ASSIGN_OR_RETURN(metadata_buffer, file.ReadAt(offset, metadata_size));
    *bytes_read += metadata_size;
    if (metadata_buffer->size() != metadata_size) {
      return Status::IOError("short read of the file footer");
    }
    metadata_bytes = metadata_buffer->data();
  }
  SILT_ASSIGN_OR_RETURN(FileMetaData metadata, ParseFileMetaData(metadata_bytes, metadata_size));
  SILT_RETURN_NOT_OK(CheckNotEncrypted(metadata));
  return metadata;
}

}  // namespace

Result<FileMetaData> ReadFileMetaData(io::RandomAccessFile& file, int64_t* footer_bytes_read) {
  int64_t bytes_read = 0;
  Result<FileMetaData> result = ReadFooter(file, &bytes_read);
  if (footer_bytes_read != nullptr) *footer_bytes_read = bytes_read;
  if (!result.ok()) return result.status().WithContext("reading the footer of " + file.path());
  return result;
}

}  // namespace silt::parquet
