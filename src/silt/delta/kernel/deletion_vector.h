#pragma once

// Deletion vectors (PROTOCOL.md "Deletion Vectors", "Deletion Vector Format"): Z85 decoding of
// descriptors, the relative path of a UUID-named DV file, and parsing of the serialized
// RoaringBitmapArray into a DeletionVector a scan can filter batches with. Pure logic: the
// engine (delta/engine/deletion_vector_loader.h) reads DV files.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "silt/common/status.h"
#include "silt/delta/kernel/actions.h"

namespace silt::delta {

/// Decodes Z85 (ZeroMQ RFC 32 Base-85, the variant Delta uses): every 5 characters become 4
/// bytes, big-endian. The length must be a multiple of 5; a character outside the Z85
/// alphabet or a group above 2^32-1 is Corrupt. Delta's JVM writers pad unaligned input with
/// zero bytes before encoding, so callers trim the result to the real size. Also accepted:
/// the tail form of the Rust `z85` crate (used by delta-kernel-rs), where the last group is
/// k = 1..3 '#' followed by the 5 - k digits of its 4 - k bytes (a group cannot otherwise
/// start with '#'); that group then yields 4 - k bytes.
Result<std::string> DecodeZ85(std::string_view encoded);

/// Encodes `bytes` as Z85, first padding them with zero bytes to a multiple of 4 (as Delta's
/// writers do for inline deletion vectors).
std::string EncodeZ85(std::string_view bytes);

/// Decodes the 20-character Z85 form of a UUID into its canonical lowercase text
/// (8-4-4-4-12 hex digits). Wrong length or bad characters are Corrupt.
Result<std::string> DecodeZ85Uuid(std::string_view encoded);

/// Where a file-backed deletion vector lives:
/// - 'u': `<prefix>/deletion_vector_<uuid>.bin` relative to the table root, where
///   pathOrInlineDv is `<prefix><20 Z85 chars of the UUID>` (no directory when the prefix is
///   empty). The result is a literal path, not percent-encoded.
/// - 'p': pathOrInlineDv unchanged: an absolute URI in the same form as `add.path`, so it may
///   be percent-encoded; the caller decodes and resolves it.
/// - 'i': InvalidArgument (inline vectors have no file).
/// A malformed 'u' value or an unknown storage type is Corrupt.
Result<std::string> DeletionVectorRelativePath(const DeletionVectorDescriptor& descriptor);

/// The set of deleted row indexes (0-based positions in one data file) of a deletion vector.
///
/// Stored the way Roaring stores it, so memory stays proportional to the serialized size
/// (a run of a million deleted rows costs 4 bytes, never a million entries): rows are split
/// into 64Ki-row chunks by `row >> 16`, and each non-empty chunk is a sorted array of 16-bit
/// offsets, a 1024-word bitmap, or sorted inclusive runs. Chunks are kept in ascending order
/// in three pooled vectors (no per-chunk allocation). Immutable once built; safe to share
/// across threads for reading. Cheap to move, copying copies the pools.
class DeletionVector {
 public:
  /// An empty vector (no deleted rows).
  DeletionVector() = default;

  /// Builds a vector from row indexes in any order (duplicates ignored). For tests and
  /// writers; scans get theirs from ParseDeletionVectorBytes or the loader.
  static DeletionVector FromRowIndexes(std::vector<uint64_t> rows);

  /// Number of deleted rows.
  int64_t cardinality() const { return cardinality_; }
  /// True when no row is deleted.
  bool empty() const { return cardinality_ == 0; }

  /// Whether `row` is deleted. O(log chunks + log chunk size).
  bool Contains(uint64_t row) const;

  /// Number of deleted rows in [first_row, first_row + num_rows). A scan can use it to skip
  /// filtering a batch (0) or the batch itself (== num_rows) before calling FillSelection.
  int64_t CountInRange(uint64_t first_row, int64_t num_rows) const;

  /// Writes the keep-mask of rows [first_row, first_row + num_rows) to bits [0, num_rows) of
  /// `keep_bits`, LSB-first as in common/bit_util.h and Arrow validity bitmaps: bit i is 1 when
  /// row first_row + i survives (is not deleted), 0 when deleted. `keep_bits` must hold
  /// BytesForBits(num_rows) bytes; bits past num_rows in the last byte are left unchanged.
  /// Cost: one pass setting the mask, then work proportional to the chunks and deleted rows
  /// (or runs) overlapping the range; no per-row branching or virtual calls.
  void FillSelection(uint64_t first_row, int64_t num_rows, uint8_t* keep_bits) const;

  /// Like FillSelection, but one byte per row: keep_bytes[i] = 1 when row first_row + i
  /// survives, 0 when deleted (for selection vectors that hold bytes). `keep_bytes` must hold
  /// num_rows bytes.
  void FillSelectionBytes(uint64_t first_row, int64_t num_rows, uint8_t* keep_bytes) const;

  /// All deleted row indexes, ascending. Materializes the set: for tests and small vectors.
  std::vector<uint64_t> ToRowIndexes() const;

  /// Bytes held by the pools (for memory accounting).
  int64_t MemoryUsage() const;

 private:
  class Builder;  // fills the pools (defined in deletion_vector.cpp)
  friend Result<DeletionVector> ParseDeletionVectorBytes(std::string_view bytes);

  enum class ChunkKind : uint8_t { kArray, kBitmap, kRuns };
  struct Chunk {
    uint64_t key = 0;    // row >> 16
    uint64_t begin = 0;  // first index in offsets_ (kArray, kRuns) or words_ (kBitmap)
    uint32_t count = 0;  // kArray: offsets; kRuns: runs (2 offsets each, start and last)
    ChunkKind kind = ChunkKind::kArray;
  };

  /// Calls on_row(row), on_range(begin, end) or on_word(base_row, bits) for the deleted rows
  /// in [first, end); each chunk kind reports in its natural unit.
  template <typename OnRow, typename OnRange, typename OnWord>
  void ForEachDeletedIn(uint64_t first, uint64_t end, OnRow&& on_row, OnRange&& on_range,
                        OnWord&& on_word) const;

  std::vector<Chunk> chunks_;      // ascending key
  std::vector<uint16_t> offsets_;  // array values and run (start, last) pairs
  std::vector<uint64_t> words_;    // bitmap chunks, 1024 words each
  int64_t cardinality_ = 0;
};

/// Parses a serialized RoaringBitmapArray (PROTOCOL.md "Deletion Vector Format"): a
/// little-endian magic number, then either the portable 64-bit Roaring format (1681511377:
/// bucket count, then per bucket a 32-bit key and a standard 32-bit Roaring bitmap with array,
/// bitmap and run containers, with or without the run cookie) or the older native format
/// (1681511376: bitmap count, then per bitmap its byte size and bytes, keys 0, 1, 2...).
/// Every count and length is checked against the remaining input; bad magic or cookie,
/// unsorted keys or values, negative (bit 31 set) bucket keys, container cardinalities that
/// disagree with their contents, truncation and trailing bytes are Corrupt. The result does
/// not point into `bytes`.
Result<DeletionVector> ParseDeletionVectorBytes(std::string_view bytes);

/// Corrupt unless `dv` has the descriptor's cardinality.
Status CheckDeletionVectorCardinality(const DeletionVector& dv,
                                      const DeletionVectorDescriptor& descriptor);

/// Decodes an inline ('i') deletion vector: Z85-decodes pathOrInlineDv, keeps sizeInBytes
/// bytes (the rest must be under 4 bytes of padding), parses them and checks the cardinality.
/// InvalidArgument for other storage types; Corrupt for malformed data.
Result<DeletionVector> DecodeInlineDeletionVector(const DeletionVectorDescriptor& descriptor);

}  // namespace silt::delta
