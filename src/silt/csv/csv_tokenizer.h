#pragma once

// Internal to silt_csv: splits CSV bytes into rows of fields in one pass.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "silt/common/status.h"
#include "silt/io/file_system.h"

namespace silt::csv {

/// Rows of fields as produced by the tokenizer: the unescaped bytes of every field laid end
/// to end in `data`, so field k spans [FieldBegin(k), field_ends[k]). Reused across batches
/// (Clear keeps capacity), so the hot loop allocates nothing per field.
struct RowBlock {
  std::string data;
  std::vector<int64_t> field_ends;
  std::vector<uint8_t> field_quoted;  ///< 1 when the field was quoted (never NULL then)
  std::vector<int64_t> row_starts;    ///< index of each row's first field
  std::vector<int64_t> row_lines;     ///< 1-based line where each row starts

  int64_t num_rows() const { return static_cast<int64_t>(row_starts.size()); }
  int64_t FieldCount(int64_t row) const {
    int64_t end = row + 1 < num_rows() ? row_starts[row + 1]
                                       : static_cast<int64_t>(field_ends.size());
    return end - row_starts[row];
  }
  int64_t FieldBegin(int64_t k) const { return k == 0 ? 0 : field_ends[k - 1]; }
  std::string_view Field(int64_t k) const {
    int64_t begin = FieldBegin(k);
    return {data.data() + begin, static_cast<size_t>(field_ends[k] - begin)};
  }
  void Clear() {
    data.clear();
    field_ends.clear();
    field_quoted.clear();
    row_starts.clear();
    row_lines.clear();
  }
};

/// The dialect the tokenizer splits by.
struct CsvDialect {
  char delimiter = ',';
  char quote = '"';
  char escape = '"';
  std::string comment;
};

/// Splits a byte source into rows, reading it in chunks; resumable at any byte, so a quoted
/// field may span chunk boundaries. Input ends at `end_offset`; a final row without a line
/// break counts. Owns nothing but its chunk; `file` must outlive it.
class CsvTokenizer {
 public:
  /// Tokenizes `file` bytes [start_offset, end_offset).
  CsvTokenizer(std::shared_ptr<io::RandomAccessFile> file, std::string path, int64_t start_offset,
               int64_t end_offset, int64_t chunk_bytes, CsvDialect dialect);
  /// Every row must have this many fields (Corrupt otherwise); -1 accepts any count.
  void set_expected_fields(int64_t n) { expected_fields_ = n; }
  /// Appends up to `max_rows` complete rows to `block` (fewer only at the end of input).
  Status ReadRows(int64_t max_rows, RowBlock* block);
  /// True once every byte has been consumed and the last row delivered.
  bool done() const { return done_; }

 private:
  enum class State : uint8_t {
    kRowStart,      // nothing of the current row yet (blank lines and comments checked here)
    kComment,       // matching the comment prefix (comment_matched_ bytes so far)
    kCommentLine,   // skipping a comment line
    kFieldStart,
    kUnquoted,
    kQuoted,
    kQuotedEscape,  // after a non-quote escape char inside quotes
    kQuoteInQuoted  // after a quote inside quotes: closing, or the first of a doubled pair
  };

  Status FillChunk();
  /// Runs the state machine over chunk_[pos_, ...) until the chunk ends or the block holds
  /// `target_rows` rows.
  Status Consume(int64_t target_rows, RowBlock* block);
  void EndField(RowBlock* block);
  Status EndRow(RowBlock* block);
  void BeginRow(RowBlock* block);
  Status ProcessByte(char c, RowBlock* block);

  std::shared_ptr<io::RandomAccessFile> file_;
  std::string path_;
  int64_t next_offset_;
  int64_t end_offset_;
  int64_t chunk_bytes_;
  CsvDialect dialect_;
  int64_t expected_fields_ = -1;

  BufferPtr chunk_;
  int64_t pos_ = 0;
  State state_ = State::kRowStart;
  bool field_quoted_ = false;
  bool skip_lf_ = false;         // a CR ended the previous row; a following LF belongs to it
  size_t comment_matched_ = 0;
  int64_t line_ = 1;             // current physical line
  int64_t quote_line_ = 0;       // line where the open quoted field began
  int64_t row_fields_ = 0;       // fields completed in the current row
  bool done_ = false;
};

}  // namespace silt::csv
