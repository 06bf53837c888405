#pragma once

// Internal to silt_csv: typed columns from tokenized rows.

#include <string>

#include "silt/columnar/array.h"
#include "silt/csv/csv_tokenizer.h"

namespace silt::csv {

/// What a column conversion needs besides the rows; borrowed for the call.
struct ColumnContext {
  const std::string* path = nullptr;         ///< file name for error messages
  const std::string* null_string = nullptr;  ///< CsvOptions::null_string
  MemoryPool* pool = nullptr;
};

/// True when field `k` of `block` is NULL: unquoted and empty or equal to `null_string`.
bool IsNullField(const RowBlock& block, int64_t k, const std::string& null_string);

/// Converts field `column` of every row in `block` to an array of `field.type`. Values
/// that do not parse are Execution errors naming the file, line, column and value.
Result<ArrayDataPtr> ConvertColumn(const ColumnContext& context, const RowBlock& block,
                                   int column, const Field& field);

}  // namespace silt::csv
