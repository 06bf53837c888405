#pragma once

// Reading deletion vectors from DV files (PROTOCOL.md "Deletion Vector File Storage Format")
// through io::FileSystem; inline vectors are decoded without I/O.

#include <string>

#include "silt/common/status.h"
#include "silt/delta/kernel/actions.h"
#include "silt/delta/kernel/deletion_vector.h"
#include "silt/io/file_system.h"

namespace silt::delta {

/// Loads the deletion vector `descriptor` points at.
/// - 'u' / 'p': `resolved_path` is the DV file as `fs` names it (the caller resolves
///   DeletionVectorRelativePath against the table root, or decodes the 'p' URI). The file
///   starts with a version byte (1); at `offset` (1 when absent) it holds a big-endian int32
///   size, that many bytes of serialized RoaringBitmapArray and their big-endian CRC-32.
///   Only that byte range (plus the version byte) is read, in one ReadAt when the offset is
///   small. A descriptor with cardinality 0 yields an empty vector without I/O.
/// - 'i': DecodeInlineDeletionVector (resolved_path and fs unused).
/// Errors: IO when the file cannot be opened or read; Corrupt naming the file for a bad
/// version byte, offset or size outside the file, size != sizeInBytes, checksum mismatch,
/// malformed bitmap, or cardinality != the descriptor's; Corrupt for an unknown storage type.
Result<DeletionVector> LoadDeletionVector(io::FileSystem& fs, const std::string& resolved_path,
                                          const DeletionVectorDescriptor& descriptor);

}  // namespace silt::delta
