#pragma once

#include <cstdint>

#include "silt/common/status.h"
#include "silt/io/file_system.h"
#include "silt/parquet/metadata.h"

namespace silt::parquet {

/// Magic bytes at both ends of a Parquet file ("PARE" marks an encrypted footer).
inline constexpr char kParquetMagic[4] = {'P', 'A', 'R', '1'};
inline constexpr char kParquetEncryptedMagic[4] = {'P', 'A', 'R', 'E'};
/// How much of the file's tail the footer reader fetches in its first read, so that small
/// and medium footers need a single ranged read.
inline constexpr int64_t kFooterSpeculativeReadSize = 64 * 1024;

/// Reads and parses the footer of the Parquet file `file`: checks the "PAR1" magic at both
/// ends and the footer length against the file size, then parses the FileMetaData.
/// `*footer_bytes_read` (may be null) receives the number of bytes fetched from the file.
/// Errors: Corrupt for bad magic, sizes or metadata; NotSupported for Parquet modular
/// encryption (encrypted footer, or a plaintext footer with encryption_algorithm or
/// encrypted column chunks); IO errors from the file as they are. Also checks that every
/// column chunk carries meta_data (Corrupt otherwise).
Result<FileMetaData> ReadFileMetaData(io::RandomAccessFile& file, int64_t* footer_bytes_read);

}  // namespace silt::parquet
