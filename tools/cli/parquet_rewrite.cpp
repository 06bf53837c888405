// `silt parquet rewrite IN OUT`: read a Parquet file with silt's reader and write it again
// with silt's writer (same schema and key/value metadata, chosen codec and layout).
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>
#include <system_error>

#include "cli.h"
#include "silt/io/file_system.h"
#include "silt/parquet/file_reader.h"
#include "silt/parquet/writer.h"

namespace silt::cli {

namespace {

Result<parquet::CompressionCodec> ParseCodec(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  using C = parquet::CompressionCodec;
  if (name == "zstd") return C::kZstd;
  if (name == "snappy") return C::kSnappy;
  if (name == "none" || name == "uncompressed") return C::kUncompressed;
  if (name == "gzip") return C::kGzip;
  if (name == "lz4_raw" || name == "lz4") return C::kLz4Raw;
  if (name == "brotli") return C::kBrotli;
  return Status::InvalidArgument("unknown --compression '" + name +
                                 "' (zstd, snappy, none, gzip, lz4_raw, brotli)");
}

Result<int64_t> PositiveOption(const Args& args, const std::string& name, int64_t fallback) {
  SILT_ASSIGN_OR_RETURN(int64_t v, args.GetInt(name, fallback));
  if (v <= 0) return Status::InvalidArgument("option --" + name + " must be positive");
  return v;
}

Status Rewrite(const std::string& in, const std::string& out_path, const std::string& tmp_path,
               const Args& args) {
  parquet::ParquetWriteOptions options;
  if (args.Has("compression")) {
    SILT_ASSIGN_OR_RETURN(options.compression, ParseCodec(args.Get("compression")));
  }
  if (args.Has("zstd-level")) {
    SILT_ASSIGN_OR_RETURN(int64_t level, args.GetInt("zstd-level", 3));
    if (options.compression != parquet::CompressionCodec::kZstd) {
      return Status::InvalidArgument("--zstd-level needs --compression zstd");
    }
    options.compression_level = static_cast<int>(level);
  }
  SILT_ASSIGN_OR_RETURN(options.page_bytes, PositiveOption(args, "page-bytes", options.page_bytes));
  SILT_ASSIGN_OR_RETURN(options.row_group_rows,
                        PositiveOption(args, "row-group-rows", options.row_group_rows));
  SILT_ASSIGN_OR_RETURN(int64_t threads, PositiveOption(args, "threads", 1));

  options.parallelism = static_cast<int>(std::min<int64_t>(threads, 256));
  parquet::ParquetReadOptions read_options;
  read_options.parallelism = options.parallelism;
  read_options.keep_dictionary = true;
  SILT_ASSIGN_OR_RETURN(auto reader, parquet::ParquetFileReader::Open(in, read_options));
  // The reader puts the footer's key/value metadata on the schema; the writer writes it
  // back. ARROW:schema describes how an Arrow writer encoded the original columns, which
  // this rewrite does not preserve, so it is dropped.
  const SchemaPtr& read_schema = reader->output_schema();
  KeyValueMetadata kv;
  for (const auto& entry : read_schema->metadata()) {
    if (entry.first != "ARROW:schema") kv.push_back(entry);
  }
  auto schema = std::make_shared<Schema>(read_schema->fields(), std::move(kv));

  SILT_ASSIGN_OR_RETURN(auto out, io::LocalFileSystem()->OpenForWrite(tmp_path));
  SILT_ASSIGN_OR_RETURN(auto writer,
                        parquet::ParquetFileWriter::Open(std::move(out), schema, options));
  for (;;) {
    SILT_ASSIGN_OR_RETURN(auto batch, reader->Next());
    if (!batch) break;
    SILT_RETURN_NOT_OK(writer->Write(*batch));
  }
  SILT_RETURN_NOT_OK(writer->Close());
  std::error_code ec;
  std::filesystem::rename(tmp_path, out_path, ec);
  if (ec)
    return Status::IOError("cannot rename " + tmp_path + " to " + out_path + ": " + ec.message());
  return Status::OK();
}

}  // namespace

Status RunRewrite(const Args& args) {
  if (args.positional().size() != 2) {
    return Status::InvalidArgument(
        "usage: silt parquet rewrite IN OUT [--compression zstd|snappy|none|gzip|lz4_raw|brotli] "
        "[--zstd-level N] [--page-bytes N] [--row-group-rows N] [--threads N]");
  }
  const std::string in = args.positional()[0];
  const std::string out = io::LocalPathFromUri(args.positional()[1]);
  // Write next to OUT and rename at the end, so OUT is never left half-written and IN may
  // be the same file.
  const std::string tmp = out + ".silt-rewrite.tmp";
  Status st = Rewrite(in, out, tmp, args);
  if (!st.ok()) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
  }
  return st;
}

}  // namespace silt::cli
