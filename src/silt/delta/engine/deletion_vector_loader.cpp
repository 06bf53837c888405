#include "silt/delta/engine/deletion_vector_loader.h"

#include <zlib.h>

#include <string_view>

namespace silt::delta {

namespace {

constexpr uint8_t kFormatVersion = 1;
// Offsets up to this many bytes are read together with the version byte in one request
// (wasting at most this much); larger ones take a second 1-byte read instead.
constexpr int64_t kSingleReadMaxOffset = 4096;

uint32_t LoadBE32(const uint8_t* p) {
  return (static_cast<uint32_t>(p[0]) << 24) | (static_cast<uint32_t>(p[1]) << 16) |
         (static_cast<uint32_t>(p[2]) << 8) | static_cast<uint32_t>(p[3]);
}

Status CorruptDv(const std::string& path, int64_t offset, const std::string& what) {
  return Status::Corrupt("deletion vector at offset " + std::to_string(offset) + " of '" + path +
                         "': " + what);
}

}  // namespace

Result<DeletionVector> LoadDeletionVector(io::FileSystem& fs, const std::string& resolved_path,
                                          const DeletionVectorDescriptor& descriptor) {
  if (descriptor.storage_type == "i") return DecodeInlineDeletionVector(descriptor);
  if (descriptor.storage_type != "u" && descriptor.storage_type != "p") {
    return Status::Corrupt("unknown deletion vector storage type '" + descriptor.storage_type +
                           "'");
  }
  const int64_t offset = descriptor.offset.value_or(1);
  const int64_t size = descriptor.size_in_bytes;
  if (offset < 1) return CorruptDv(resolved_path, offset, "offset must be at least 1");
  if (size < 0) return CorruptDv(resolved_path, offset, "negative sizeInBytes");
  // Like the reference readers, an empty vector needs no file (writers never point at one).
  if (descriptor.cardinality == 0) return DeletionVector();

  auto context = [&](const Status& st) {
    return st.WithContext("loading deletion vector at offset " + std::to_string(offset) + " of '" +
                          resolved_path + "'");
  };
  auto opened = fs.OpenForRead(resolved_path);
  if (!opened.ok()) return context(opened.status());
  std::shared_ptr<io::RandomAccessFile> file = opened.MoveValue();
  auto file_size = file->Size();
  if (!file_size.ok()) return context(file_size.status());
  // Checking against the real size first bounds the read (and its buffer) by the file.
  const int64_t end = offset + 4 + size + 4;
  if (end > *file_size) {
    return CorruptDv(resolved_path, offset,
                     "needs bytes up to " + std::to_string(end) + " but the file has " +
                         std::to_string(*file_size));
  }

  BufferPtr head;  // holds the version byte
  BufferPtr body;  // holds size, data and checksum
  const uint8_t* record = nullptr;
  if (offset <= kSingleReadMaxOffset) {
    auto read = file->ReadAt(0, end);
    if (!read.ok()) return context(read.status());
    head = read.MoveValue();
    record = head->data() + offset;
  } else {
    auto version_read = file->ReadAt(0, 1);
    if (!version_read.ok()) return context(version_read.status());
    head = version_read.MoveValue();
    auto body_read = file->ReadAt(offset, 4 + size + 4);
    if (!body_read.ok()) return context(body_read.status());
    body = body_read.MoveValue();
    record = body->data();
  }
  if (head->data()[0] != kFormatVersion) {
    return CorruptDv(resolved_path, offset,
                     "unsupported DV file format version " + std::to_string(head->data()[0]));
  }
  const uint32_t stored_size = LoadBE32(record);
  if (stored_size != static_cast<uint32_t>(size)) {
    return CorruptDv(
        resolved_path, offset,
        "stored size " + std::to_string(stored_size) + " != sizeInBytes " + std::to_string(size));
  }
  const uint8_t* data = record + 4;
  const uint32_t stored_crc = LoadBE32(data + size);
  const auto computed_crc =
      static_cast<uint32_t>(crc32(crc32(0L, Z_NULL, 0), data, static_cast<uInt>(size)));
  if (stored_crc != computed_crc) {
    return CorruptDv(resolved_path, offset,
                     "CRC-32 mismatch (stored " + std::to_string(stored_crc) + ", computed " +
                         std::to_string(computed_crc) + ")");
  }
  auto parsed = ParseDeletionVectorBytes(
      std::string_view(reinterpret_cast<const char*>(data), static_cast<size_t>(size)));
  if (!parsed.ok()) return context(parsed.status());
  Status cardinality = CheckDeletionVectorCardinality(*parsed, descriptor);
  if (!cardinality.ok()) return context(cardinality);
  return parsed.MoveValue();
}

}  // namespace silt::delta
