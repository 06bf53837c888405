#include "silt/format/result_writer.h"

#include "silt/format/writers_internal.h"

namespace silt {

Result<OutputFormat> ParseOutputFormat(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (lower == "table") return OutputFormat::kTable;
  if (lower == "csv") return OutputFormat::kCsv;
  if (lower == "tsv") return OutputFormat::kTsv;
  if (lower == "json") return OutputFormat::kJson;
  if (lower == "ndjson" || lower == "jsonl") return OutputFormat::kNdjson;
  return Status::InvalidArgument("unknown output format '" + std::string(name) +
                                 "'; expected table, csv, tsv, json or ndjson");
}

const char* OutputFormatName(OutputFormat format) {
  switch (format) {
    case OutputFormat::kTable: return "table";
    case OutputFormat::kCsv: return "csv";
    case OutputFormat::kTsv: return "tsv";
    case OutputFormat::kJson: return "json";
    case OutputFormat::kNdjson: return "ndjson";
  }
  return "?";
}

std::unique_ptr<ResultWriter> MakeResultWriter(OutputFormat format, std::ostream* out,
                                               WriterOptions options) {
  switch (format) {
    case OutputFormat::kCsv: return internal::MakeDelimitedWriter(out, ',', options.header);
    case OutputFormat::kTsv: return internal::MakeDelimitedWriter(out, '\t', options.header);
    case OutputFormat::kJson: return internal::MakeJsonWriter(out, false);
    case OutputFormat::kNdjson: return internal::MakeJsonWriter(out, true);
    case OutputFormat::kTable: return internal::MakeTableWriter(out, options);
  }
  return internal::MakeDelimitedWriter(out, ',', options.header);
}

Status WriteBatches(OutputFormat format, const Schema& schema,
                    const std::vector<RecordBatchPtr>& batches, std::ostream* out,
                    WriterOptions options) {
  auto writer = MakeResultWriter(format, out, options);
  SILT_RETURN_NOT_OK(writer->Begin(schema));
  for (const auto& b : batches) SILT_RETURN_NOT_OK(writer->Write(*b));
  return writer->End();
}

namespace internal {

Status FlushText(std::string* text, std::ostream* out) {
  if (!text->empty()) {
    out->write(text->data(), static_cast<std::streamsize>(text->size()));
    text->clear();
  }
  if (!out->good()) return Status::IOError("failed to write results to the output stream");
  return Status::OK();
}

Status CheckBatch(const Schema& schema, const RecordBatch& batch) {
  if (batch.num_columns() != schema.num_fields()) {
    return Status::Internal("batch has " + std::to_string(batch.num_columns()) +
                            " columns, the result schema " + std::to_string(schema.num_fields()));
  }
  for (const auto& c : batch.columns()) {
    if (c->length < batch.num_rows()) {
      return Status::Internal("result column shorter than its batch");
    }
  }
  return Status::OK();
}

}  // namespace internal

}  // namespace silt
