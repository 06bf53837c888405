// Fuzzes the CSV reader: arbitrary bytes must never crash, hang or read out of bounds, with
// detected and explicit dialects, tiny chunks (every state crosses a chunk boundary) and an
// explicit schema; every batch produced must hold structurally valid arrays.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "silt/csv/csv_reader.h"
#include "silt/io/file_system.h"

namespace {

void ReadAll(silt::io::FileSystem* fs, const silt::csv::CsvOptions& options) {
  auto reader = silt::csv::CsvReader::Open(fs, "fuzz.csv", options);
  if (!reader.ok()) return;
  const int num_fields = (*reader)->schema()->num_fields();
  while (true) {
    auto batch = (*reader)->Next();
    if (!batch.ok() || *batch == nullptr) return;
    if ((*batch)->num_columns() != num_fields) std::abort();
    for (const auto& column : (*batch)->columns()) {
      if (column->length != (*batch)->num_rows()) std::abort();
      silt::Status valid = silt::ValidateArray(*column);
      if (!valid.ok()) {
        std::fprintf(stderr, "invalid array: %s\n", valid.ToString().c_str());
        std::abort();
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte picks the options; the rest is the file.
  const uint8_t selector = data[0];
  silt::io::InMemoryFileSystem fs;
  fs.Put("fuzz.csv", std::string(reinterpret_cast<const char*>(data + 1), size - 1));

  silt::csv::CsvOptions options;
  options.batch_rows = 1 + (selector & 7);
  options.sample_rows = 1 + ((selector >> 3) & 3);
  options.chunk_bytes = (selector & 32) ? 3 : 1 << 20;
  if (selector & 64) {
    options.escape = '\\';
    options.comment = "#!";
    options.null_string = "NA";
  }
  if (selector & 128) options.has_header = (selector & 1) != 0;
  ReadAll(&fs, options);

  // An explicit schema exercises the cast path (decimal, int32) and fixed column counts.
  options.delimiter = ',';
  options.schema = std::make_shared<silt::Schema>(std::vector<silt::FieldPtr>{
      silt::field("a", silt::int32()), silt::field("b", silt::decimal(9, 2)),
      silt::field("c", silt::timestamp(silt::TimeUnit::kMicro))});
  ReadAll(&fs, options);
  return 0;
}
