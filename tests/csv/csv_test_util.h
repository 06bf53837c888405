#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "silt/csv/csv_reader.h"
#include "silt/io/file_system.h"

namespace silt::csv {

/// Reads `text` as the CSV file `data.csv` of an in-memory file system.
inline Result<std::vector<RecordBatchPtr>> ReadText(const std::string& text,
                                                    const CsvOptions& options = {}) {
  io::InMemoryFileSystem fs;
  fs.Put("data.csv", text);
  return ReadCsvFile(&fs, "data.csv", options);
}

/// Schema of `text` as CsvReader::Open infers it, as "name: type, ..." text.
inline std::string SchemaText(const std::string& text, const CsvOptions& options = {}) {
  io::InMemoryFileSystem fs;
  fs.Put("data.csv", text);
  auto reader = CsvReader::Open(&fs, "data.csv", options);
  if (!reader.ok()) return reader.status().ToString();
  std::string out;
  for (const FieldPtr& f : (*reader)->schema()->fields()) {
    if (!out.empty()) out += ", ";
    out += f->name + ": " + f->type->ToString();
  }
  return out;
}

/// Every value of column `col` across batches as text ("NULL" for nulls).
inline std::vector<std::string> ColumnText(const std::vector<RecordBatchPtr>& batches, int col) {
  std::vector<std::string> out;
  for (const RecordBatchPtr& batch : batches) {
    const ArrayData& a = *batch->column(col);
    for (int64_t i = 0; i < a.length; ++i) {
      if (a.IsNull(i)) {
        out.push_back("NULL");
        continue;
      }
      switch (a.type->id()) {
        case TypeId::kUtf8: out.emplace_back(a.GetView(i)); break;
        case TypeId::kBool: out.push_back(a.GetBool(i) ? "true" : "false"); break;
        case TypeId::kInt64: out.push_back(std::to_string(a.values<int64_t>()[i])); break;
        case TypeId::kDate32: out.push_back(std::to_string(a.values<int32_t>()[i])); break;
        case TypeId::kTimestamp: out.push_back(std::to_string(a.values<int64_t>()[i])); break;
        case TypeId::kFloat64: {
          char buf[64];
          std::snprintf(buf, sizeof buf, "%g", a.values<double>()[i]);
          out.emplace_back(buf);
          break;
        }
        default: out.push_back("?"); break;
      }
    }
  }
  return out;
}

inline int64_t TotalRows(const std::vector<RecordBatchPtr>& batches) {
  int64_t rows = 0;
  for (const auto& b : batches) rows += b->num_rows();
  return rows;
}

}  // namespace silt::csv
