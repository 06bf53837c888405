#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "silt/io/file_system.h"
#include "silt/memory/buffer.h"
#include "silt/parquet/encoding/rle_bit_packed.h"
#include "silt/parquet/metadata.h"
#include "silt/parquet/writer_levels.h"
#include "silt/parquet/writer_schema.h"
#include "silt/parquet/writer_values.h"

namespace silt::parquet {

/// Settings shared by the column chunk writers of a file.
struct ColumnWriterOptions {
  CompressionCodec codec = CompressionCodec::kSnappy;
  int level = 0;
  int64_t page_bytes = int64_t{1} << 20;
  int64_t max_page_rows = 20000;
  bool dictionary = true;
  int64_t dictionary_limit = int64_t{1} << 20;
  bool statistics = true;
  bool page_index = true;
  int64_t truncate_bytes = 64;
  bool crc = false;
  bool data_page_v2 = false;
  MemoryPool* pool = MemoryPool::Default();
};

/// What Finish produced for one column chunk.
struct FinishedChunk {
  ColumnChunk chunk;
  std::optional<ColumnIndex> column_index;  // none when a page had no usable bounds
  OffsetIndex offset_index;
};

/// Encodes one leaf column into pages for the current row group: levels as RLE, values
/// dictionary-encoded (falling back to PLAIN for the rest of the chunk once the dictionary
/// outgrows its limit) or PLAIN, each page compressed and buffered until Finish writes the
/// chunk. Tracks chunk statistics and the page index. Reused across row groups.
class ColumnChunkWriter {
 public:
  /// A writer for `leaf`, which must outlive it.
  static std::unique_ptr<ColumnChunkWriter> Make(const WriterLeaf& leaf,
                                                 const ColumnWriterOptions& options);
  virtual ~ColumnChunkWriter() = default;

  /// Adds one batch: its levels and its dense values (levels.num_values of them). Pages
  /// end on row boundaries once they reach the page size.
  Status Write(const LeafLevels& levels, const DenseValues& values);

  /// Encoded bytes held for the current chunk (pages, dictionary, pending page).
  int64_t buffered_bytes() const;

  /// Flushes the last page and writes the chunk (dictionary page first) to `out`, whose
  /// current file position is `position`; then resets for the next row group.
  Status Finish(io::OutputStream* out, int64_t position, FinishedChunk* result);

 protected:
  ColumnChunkWriter(const WriterLeaf& leaf, const ColumnWriterOptions& options);

  // Hooks of the typed part (called per batch or per page, never per value).

  /// Encodes values [start, start + n) into the pending page and updates its bounds.
  virtual void PutValues(const DenseValues& values, int64_t start, int64_t n) = 0;
  /// Size of the pending page's encoded values.
  virtual int64_t PendingValueBytes() const = 0;
  /// Appends the pending page's values section; returns its encoding.
  virtual Encoding TakePageValues(std::string* out) = 0;
  /// Plain-encoded bounds of the pending page's values (merged into the chunk's), false
  /// when there are none (no values, all NaN, no order, or no possible truncated max);
  /// resets the page bounds. *nan_count receives the page's NaN count.
  virtual bool TakePageBounds(std::string* min, std::string* max, int64_t* nan_count) = 0;
  /// The dictionary has outgrown its limit.
  virtual bool DictionaryFull() const = 0;
  /// Still dictionary-encoding.
  virtual bool UsingDictionary() const = 0;
  /// Appends the PLAIN dictionary, sets *count and switches to PLAIN for the rest of the
  /// chunk.
  virtual void TakeDictionary(std::string* out, int32_t* count) = 0;
  /// Fills min/max (and nan_count) of the chunk statistics.
  virtual void ChunkBounds(Statistics* stats) = 0;
  /// Orders two plain-encoded bounds (<0, 0, >0), for the column index boundary order.
  virtual int CompareBounds(const std::string& a, const std::string& b) const = 0;
  /// Forgets the chunk's dictionary and statistics.
  virtual void ResetChunk() = 0;
  /// Heap bytes of the dictionary.
  virtual int64_t DictionaryBytes() const = 0;

  const WriterLeaf& leaf_;
  const ColumnWriterOptions options_;

 private:
  Status FlushPage();
  Status WriteDictionaryPage();
  Status CompressBody(const std::string& input, std::string** output);
  void ResetLevelEncoders();
  void NoteEncoding(PageType type, Encoding encoding);

  int def_width_ = 0;
  int rep_width_ = 0;
  // Pending page.
  std::string def_sink_;
  std::string rep_sink_;
  std::optional<RleBitPackedEncoder> def_encoder_;
  std::optional<RleBitPackedEncoder> rep_encoder_;
  int64_t page_levels_ = 0;
  int64_t page_values_ = 0;
  int64_t page_rows_ = 0;
  // Scratch for page assembly.
  std::string values_buf_;
  std::string body_buf_;
  std::string compressed_buf_;
  std::string header_buf_;
  // The chunk so far.
  BufferPtr pages_;
  std::string dictionary_page_;
  int64_t chunk_levels_ = 0;
  int64_t chunk_values_ = 0;
  int64_t chunk_rows_ = 0;
  int64_t uncompressed_bytes_ = 0;
  int64_t compressed_bytes_ = 0;
  std::vector<PageEncodingStats> encoding_stats_;
  std::vector<PageLocation> locations_;  // offsets relative to the first data page
  ColumnIndex column_index_;
  std::vector<int64_t> nan_counts_;
  bool column_index_valid_ = true;
};

}  // namespace silt::parquet
