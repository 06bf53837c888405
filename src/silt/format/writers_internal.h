#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "silt/format/result_writer.h"

namespace silt::internal {

/// CSV (delimiter ',') or TSV (delimiter '\t') writer; see CsvWriter in csv_writer.cpp.
std::unique_ptr<ResultWriter> MakeDelimitedWriter(std::ostream* out, char delimiter,
                                                  bool header);
/// JSON array of objects (`ndjson` false) or one object per line (`ndjson` true).
std::unique_ptr<ResultWriter> MakeJsonWriter(std::ostream* out, bool ndjson);
/// Boxed terminal table.
std::unique_ptr<ResultWriter> MakeTableWriter(std::ostream* out, const WriterOptions& options);

/// Writes `text` to `out` and clears it; IO error when the stream has failed.
Status FlushText(std::string* text, std::ostream* out);

/// Checks that a batch matches the schema given to Begin.
Status CheckBatch(const Schema& schema, const RecordBatch& batch);

}  // namespace silt::internal
