// `silt parquet meta|schema|cat|rewrite`.
#include <functional>
#include <iostream>
#include <sstream>
#include <unistd.h>

#include "cli.h"
#include "silt/expr/evaluate.h"
#include "silt/expr/predicate_parser.h"
#include "silt/format/result_writer.h"
#include "silt/parquet/file_reader.h"
#include "silt/parquet/footer.h"
#include "silt/parquet/schema.h"

namespace silt::cli {

namespace {

std::string Hex(const std::string& s, size_t max = 32) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < s.size() && i < max; ++i) {
    out += kDigits[static_cast<uint8_t>(s[i]) >> 4];
    out += kDigits[static_cast<uint8_t>(s[i]) & 15];
  }
  if (s.size() > max) out += "...";
  return out;
}

std::string Printable(const std::string& s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
      return "0x" + Hex(s);
    }
  }
  return s.size() > 64 ? s.substr(0, 64) + "..." : s;
}

Status Meta(const std::string& path) {
  SILT_ASSIGN_OR_RETURN(auto file, io::LocalFileSystem()->OpenForRead(path));
  int64_t footer_bytes = 0;
  SILT_ASSIGN_OR_RETURN(parquet::FileMetaData md, parquet::ReadFileMetaData(*file, &footer_bytes));
  SILT_ASSIGN_OR_RETURN(int64_t size, file->Size());
  std::ostream& o = std::cout;
  o << "file: " << path << "\n";
  o << "file_size: " << size << "\n";
  o << "footer_bytes: " << footer_bytes << "\n";
  o << "format_version: " << md.version << "\n";
  o << "created_by: " << md.created_by.value_or("") << "\n";
  o << "num_rows: " << md.num_rows << "\n";
  o << "num_row_groups: " << md.row_groups.size() << "\n";
  for (const auto& kv : md.key_value_metadata) {
    o << "key_value: " << kv.key << " = " << Printable(kv.value.value_or("")).substr(0, 200) << "\n";
  }
  for (size_t r = 0; r < md.row_groups.size(); ++r) {
    const auto& rg = md.row_groups[r];
    o << "row_group " << r << ": num_rows=" << rg.num_rows << " total_byte_size=" << rg.total_byte_size
      << "\n";
    for (const auto& cc : rg.columns) {
      if (!cc.meta_data) continue;
      const auto& m = *cc.meta_data;
      std::string path_str;
      for (const auto& p : m.path_in_schema) path_str += (path_str.empty() ? "" : ".") + p;
      o << "  column " << path_str << ": type=" << parquet::TypeName(m.type)
        << " codec=" << parquet::CompressionCodecName(m.codec) << " values=" << m.num_values
        << " compressed=" << m.total_compressed_size
        << " uncompressed=" << m.total_uncompressed_size << " encodings=";
      for (size_t i = 0; i < m.encodings.size(); ++i) {
        o << (i ? "," : "") << parquet::EncodingName(m.encodings[i]);
      }
      o << " data_page_offset=" << m.data_page_offset;
      if (m.dictionary_page_offset) o << " dictionary_page_offset=" << *m.dictionary_page_offset;
      if (cc.column_index_offset) o << " column_index=" << *cc.column_index_offset;
      if (cc.offset_index_offset) o << " offset_index=" << *cc.offset_index_offset;
      if (m.statistics) {
        const auto& s = *m.statistics;
        if (s.null_count) o << " null_count=" << *s.null_count;
        if (s.min_value) o << " min=" << Printable(*s.min_value);
        if (s.max_value) o << " max=" << Printable(*s.max_value);
      }
      o << "\n";
    }
  }
  return Status::OK();
}

Status Schema(const std::string& path) {
  SILT_ASSIGN_OR_RETURN(auto file, io::LocalFileSystem()->OpenForRead(path));
  SILT_ASSIGN_OR_RETURN(parquet::FileMetaData md, parquet::ReadFileMetaData(*file, nullptr));
  std::ostream& o = std::cout;
  o << "parquet schema:\n";
  // Print the flattened thrift tree with indentation.
  std::vector<int> remaining;
  for (const auto& e : md.schema) {
    std::string indent(remaining.size() * 2, ' ');
    o << indent;
    if (e.repetition_type) {
      switch (*e.repetition_type) {
        case parquet::FieldRepetitionType::kRequired: o << "required "; break;
        case parquet::FieldRepetitionType::kOptional: o << "optional "; break;
        case parquet::FieldRepetitionType::kRepeated: o << "repeated "; break;
        default: o << "? "; break;
      }
    }
    if (e.type) {
      o << parquet::TypeName(*e.type);
      if (e.type_length) o << "(" << *e.type_length << ")";
      o << " ";
    } else {
      o << "group ";
    }
    o << e.name;
    if (e.converted_type) o << " converted_type=" << static_cast<int>(*e.converted_type);
    if (e.logical_type) o << " logical_type=" << static_cast<int>(e.logical_type->kind);
    if (e.field_id) o << " field_id=" << *e.field_id;
    o << "\n";
    if (!remaining.empty()) --remaining.back();
    if (e.num_children.value_or(0) > 0) remaining.push_back(*e.num_children);
    while (!remaining.empty() && remaining.back() == 0) remaining.pop_back();
  }
  SILT_ASSIGN_OR_RETURN(auto schema, parquet::ParquetSchema::Make(md));
  o << "silt schema:\n";
  for (const auto& f : schema->schema()->fields()) o << "  " << f->ToString() << "\n";
  return Status::OK();
}

Status Cat(const Args& args) {
  if (args.positional().size() != 1) return Status::InvalidArgument("usage: silt parquet cat FILE");
  const std::string& path = args.positional()[0];
  parquet::ParquetReadOptions options;
  std::vector<std::string> columns;
  if (args.Has("columns")) columns = SplitComma(args.Get("columns"));
  SILT_ASSIGN_OR_RETURN(options.batch_size, args.GetInt("batch-rows", 64 * 1024));
  SILT_ASSIGN_OR_RETURN(int64_t threads, args.GetInt("threads", 1));
  options.parallelism = static_cast<int>(std::max<int64_t>(1, threads));
  ExprPtr predicate;
  if (args.Has("where")) {
    SILT_ASSIGN_OR_RETURN(predicate, ParsePredicate(args.Get("where")));
    if (!args.Has("no-pruning")) options.predicate = predicate;
  }
  SILT_ASSIGN_OR_RETURN(auto fmt, ChooseFormat(args));
  // Open once to learn the schema, so the predicate's columns can be read even when they
  // are not projected; they are dropped after filtering.
  options.columns = columns;
  SILT_ASSIGN_OR_RETURN(auto probe, parquet::ParquetFileReader::Open(path, options));
  std::vector<int> output_positions;
  if (predicate && !columns.empty()) {
    std::vector<std::vector<std::string>> refs;
    std::function<void(const Expr&)> collect = [&](const Expr& e) {
      if (e.is_column()) refs.push_back(e.path());
      for (const auto& c : e.children()) collect(*c);
    };
    collect(*predicate);
    std::vector<std::string> read = columns;
    for (const auto& r : refs) {
      bool present = false;
      for (const auto& f : probe->output_schema()->fields()) present |= f->name == r[0];
      if (!present) read.push_back(r[0]);
    }
    options.columns = read;
    for (size_t i = 0; i < columns.size(); ++i) output_positions.push_back(static_cast<int>(i));
  }
  std::unique_ptr<parquet::ParquetFileReader> reader;
  if (options.columns.size() != columns.size()) {
    SILT_ASSIGN_OR_RETURN(reader, parquet::ParquetFileReader::Open(path, options));
  } else {
    reader = std::move(probe);
    output_positions.clear();
  }
  SchemaPtr out_schema = reader->output_schema();
  if (!output_positions.empty()) {
    std::vector<FieldPtr> fs;
    for (int i : output_positions) fs.push_back(out_schema->field(i));
    out_schema = std::make_shared<silt::Schema>(std::move(fs), out_schema->metadata());
  }
  auto writer = MakeResultWriter(fmt, &std::cout);
  SILT_RETURN_NOT_OK(writer->Begin(*out_schema));
  for (;;) {
    SILT_ASSIGN_OR_RETURN(auto batch, reader->Next());
    if (!batch) break;
    if (predicate) {
      SILT_ASSIGN_OR_RETURN(auto selection, EvaluatePredicate(*predicate, *batch));
      SILT_ASSIGN_OR_RETURN(batch, FilterBatch(*batch, selection));
    }
    if (!output_positions.empty()) {
      std::vector<ArrayDataPtr> cols;
      for (int i : output_positions) cols.push_back(batch->column(i));
      batch = std::make_shared<RecordBatch>(out_schema, batch->num_rows(), std::move(cols));
    }
    SILT_RETURN_NOT_OK(writer->Write(*batch));
  }
  SILT_RETURN_NOT_OK(writer->End());
  if (args.Has("metrics")) {
    const auto& m = reader->metrics();
    std::cerr << "row_groups=" << m.row_groups_total << " row_groups_pruned=" << m.row_groups_pruned
              << " pages=" << m.pages_total << " pages_skipped=" << m.pages_skipped
              << " rows_skipped_by_page_index=" << m.rows_skipped_by_page_index
              << " bytes_read=" << m.bytes_read << "\n";
  }
  return Status::OK();
}

}  // namespace

Status RunParquetCommand(const std::vector<std::string>& argv) {
  if (argv.empty()) return Status::InvalidArgument("usage: silt parquet meta|schema|cat|rewrite ...");
  const std::string sub = argv[0];
  std::vector<std::string> rest(argv.begin() + 1, argv.end());
  if (sub == "meta" || sub == "schema") {
    SILT_ASSIGN_OR_RETURN(Args args, Args::Parse(rest, {}, {}));
    if (args.positional().size() != 1) {
      return Status::InvalidArgument("usage: silt parquet " + sub + " FILE");
    }
    return sub == "meta" ? Meta(args.positional()[0]) : Schema(args.positional()[0]);
  }
  if (sub == "cat") {
    SILT_ASSIGN_OR_RETURN(Args args, Args::Parse(rest, {"columns", "where", "format", "batch-rows", "threads"},
                                                 {"no-pruning", "metrics"}));
    return Cat(args);
  }
  if (sub == "rewrite") {
    SILT_ASSIGN_OR_RETURN(Args args, Args::Parse(rest, {"compression", "zstd-level", "page-bytes",
                                                        "row-group-rows", "threads"},
                                                 {}));
    return RunRewrite(args);
  }
  return Status::InvalidArgument("unknown subcommand 'parquet " + sub + "'");
}

}  // namespace silt::cli
