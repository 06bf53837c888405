#pragma once

// Normalized sort keys (internal to silt_sql_kernels): every row's ORDER BY keys encoded as
// big-endian words that compare as unsigned integers in the requested order, so sorting
// needs no type switch per comparison. Strings keep a prefix (the whole string when every
// value of the column has at most 32 bytes, else 16 bytes) plus a length byte;
// two rows whose long strings share the prefix are ordered by a tie-break on the full
// string.

#include <cstdint>
#include <vector>

#include "silt/columnar/array.h"
#include "silt/sql/kernels/sort.h"

namespace silt::sql::internal {

/// Encodes rows of key columns into records of `stride()` uint64 words: key words, then the
/// row number (so records compare as a total, stable order). Keeps the flattened key
/// columns alive; the source arrays must outlive nothing else.
class NormalizedKeyEncoder {
 public:
  /// Validates key types and plans the layout. `single_value_word`: a single fixed-width
  /// key of at most 8 bytes is encoded without its NULL byte (the caller separates NULLs).
  static Result<NormalizedKeyEncoder> Make(const std::vector<ArrayDataPtr>& keys,
                                           const std::vector<SortKeyOrder>& orders,
                                           int64_t num_rows, MemoryPool* pool,
                                           bool single_value_word = false);

  /// Words per record (key words + 1 row word).
  int stride() const { return key_words_ + 1; }
  int key_words() const { return key_words_; }
  /// True when equal key words do not imply equal keys (strings longer than the prefix).
  bool has_ties() const { return !ties_.empty(); }
  /// True when the first key column has NULLs (for the single-word path).
  const ArrayData& column(int i) const { return *columns_[i].array; }

  /// Writes the records of rows [begin, end) to out (stride() words each).
  void Encode(int64_t begin, int64_t end, uint64_t* out) const;
  /// Three-way comparison of two records' keys including string tie-breaks (not the row).
  int CompareKeys(const uint64_t* a, const uint64_t* b) const;

 private:
  struct Column {
    const ArrayData* array = nullptr;
    int byte_offset = 0;
    bool null_byte = false;
    bool descending = false;
    bool nulls_first = false;
    int prefix = 0;  ///< strings: bytes kept before the length byte
  };
  /// A string column whose words end at `word_end`: ties there compare the full strings.
  struct Tie {
    int word_end = 0;
    const ArrayData* array = nullptr;
    bool descending = false;
    int prefix = 0;
  };
  void EncodeColumn(const Column& c, int64_t begin, int64_t end, uint64_t* out) const;

  std::vector<ArrayDataPtr> flattened_;
  std::vector<Column> columns_;
  std::vector<Tie> ties_;
  int key_words_ = 0;
};

/// Bytes of a long string key kept in the normalized key before the tie-break.
inline constexpr int kStringPrefixBytes = 16;
/// Strings up to this length are encoded whole when a column has no longer ones.
inline constexpr int kMaxWholeStringBytes = 32;

}  // namespace silt::sql::internal
