// Fuzzes the whole Parquet read path: footer, schema conversion, page headers, codecs,
// encodings and level assembly. Any input must yield a Status, never a crash or a hang.
#include <cstdint>
#include <string>

#include "silt/io/file_system.h"
#include "silt/parquet/file_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static silt::MemoryPool pool("fuzz", int64_t{256} << 20);  // a lying size must not OOM
  auto fs = std::make_shared<silt::io::InMemoryFileSystem>();
  fs->Put("f.parquet", std::string(reinterpret_cast<const char*>(data), size));
  auto file = fs->OpenForRead("f.parquet");
  if (!file.ok()) return 0;
  silt::parquet::ParquetReadOptions options;
  options.pool = &pool;
  options.batch_size = 1024;
  auto reader = silt::parquet::ParquetFileReader::Open(*file, options);
  if (!reader.ok()) return 0;
  for (;;) {
    auto batch = (*reader)->Next();
    if (!batch.ok() || !*batch) break;
  }
  return 0;
}
