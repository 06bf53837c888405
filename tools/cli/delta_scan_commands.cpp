// `silt delta files|cat` (CONTRACTS.md): the scan provider from the command line.
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli.h"
#include "silt/delta/kernel/file_stats.h"
#include "silt/delta/scan/change_feed.h"
#include "silt/delta/scan/delta_scan.h"
#include "silt/expr/predicate_parser.h"
#include "silt/format/value_text.h"

namespace silt::cli {

namespace {

std::string JsonText(const std::string& s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

/// numRecords from an add's stats, when it has readable stats.
std::optional<int64_t> NumRecords(const delta::Add& add) {
  if (!add.stats) return std::nullopt;
  static const silt::Schema kNoColumns(std::vector<FieldPtr>{});
  auto stats = delta::ParseFileStats(*add.stats, kNoColumns);
  if (!stats.ok()) return std::nullopt;
  return stats->num_records;
}

Result<ExprPtr> WherePredicate(const Args& args) {
  if (!args.Has("where")) return ExprPtr();
  return ParsePredicate(args.Get("where"));
}

Result<delta::DeltaScanConfig> ScanConfig(const Args& args) {
  delta::DeltaScanConfig config;
  config.enable_file_skipping = !args.Has("no-pruning");
  config.allow_outside_paths = args.Has("allow-outside-paths");
  if (args.Has("file-column")) config.file_column_name = args.Get("file-column");
  return config;
}

std::optional<std::vector<std::string>> FileSubset(const Args& args) {
  if (!args.Has("files")) return std::nullopt;
  return SplitComma(args.Get("files"));
}

std::string MetricsJson(const delta::DeltaScanMetrics& m) {
  return "{\"files_in_snapshot\":" + std::to_string(m.files_in_snapshot) +
         ",\"files_after_subset\":" + std::to_string(m.files_after_subset) +
         ",\"files_after_partition_pruning\":" + std::to_string(m.files_after_partition_pruning) +
         ",\"files_after_stats_pruning\":" + std::to_string(m.files_after_stats_pruning) +
         ",\"files_with_unreadable_stats\":" + std::to_string(m.files_with_unreadable_stats) + "}";
}

}  // namespace

Status RunDeltaFiles(const Args& args) {
  SILT_ASSIGN_OR_RETURN(bool json, WantJson(args));
  SILT_ASSIGN_OR_RETURN(delta::DeltaSnapshot snap, LoadDeltaSnapshot(args, true));
  SILT_ASSIGN_OR_RETURN(ExprPtr predicate, WherePredicate(args));
  SILT_ASSIGN_OR_RETURN(delta::DeltaScanConfig config, ScanConfig(args));
  SILT_ASSIGN_OR_RETURN(SchemaPtr schema, delta::ParseDeltaSchema(snap.state.metadata.schema_string));
  SILT_ASSIGN_OR_RETURN(delta::PlannedFiles plan,
                        delta::PlanDeltaFiles(snap, *schema, predicate, config, FileSubset(args)));
  std::string out;
  if (json) {
    out += "{\"version\":" + std::to_string(snap.state.version) + ",\"files\":[";
    for (size_t i = 0; i < plan.files.size(); ++i) {
      const delta::Add& add = *plan.files[i];
      if (i > 0) out += ",";
      out += "{\"path\":" + JsonText(add.path) + ",\"size\":" + std::to_string(add.size) +
             ",\"partition_values\":{";
      bool first = true;
      for (const auto& [k, v] : add.partition_values) {
        if (!first) out += ",";
        first = false;
        out += JsonText(k) + ":" + (v ? JsonText(*v) : std::string("null"));
      }
      auto records = NumRecords(add);
      out += "},\"num_records\":" + (records ? std::to_string(*records) : std::string("null"));
      out += ",\"deleted_rows\":" +
             (add.deletion_vector ? std::to_string(add.deletion_vector->cardinality) : std::string("0"));
      out += "}";
    }
    out += "],\"metrics\":" + MetricsJson(plan.metrics) + "}\n";
  } else {
    for (const delta::Add* add : plan.files) {
      out += add->path + "\t" + std::to_string(add->size) + "\n";
    }
    const auto& m = plan.metrics;
    out += "-- " + std::to_string(plan.files.size()) + " of " + std::to_string(m.files_in_snapshot) +
           " files (after partition pruning: " + std::to_string(m.files_after_partition_pruning) +
           ", after stats pruning: " + std::to_string(m.files_after_stats_pruning) + ")\n";
  }
  std::cout << out;
  return Status::OK();
}

/// Writes every batch `next()` yields with a writer of `fmt`.
template <typename NextFn>
Status WriteAll(OutputFormat fmt, const Schema& schema, NextFn next) {
  auto writer = MakeResultWriter(fmt, &std::cout);
  SILT_RETURN_NOT_OK(writer->Begin(schema));
  for (;;) {
    SILT_ASSIGN_OR_RETURN(RecordBatchPtr batch, next());
    if (!batch) break;
    SILT_RETURN_NOT_OK(writer->Write(*batch));
  }
  return writer->End();
}

Status RunDeltaChanges(const Args& args) {
  if (args.positional().size() != 1) return Status::InvalidArgument("usage: silt delta changes PATH --from N [--to M]");
  if (!args.Has("from")) return Status::InvalidArgument("silt delta changes needs --from N");
  delta::ChangeFeedRequest request;
  SILT_ASSIGN_OR_RETURN(request.from_version, args.GetInt("from", 0));
  if (args.Has("to")) {
    SILT_ASSIGN_OR_RETURN(int64_t to, args.GetInt("to", 0));
    request.to_version = to;
  }
  SILT_ASSIGN_OR_RETURN(int64_t threads, args.GetInt("threads", 1));
  request.parallelism = static_cast<int>(std::max<int64_t>(1, threads));
  SILT_ASSIGN_OR_RETURN(delta::DeltaScanConfig config, ScanConfig(args));
  SILT_ASSIGN_OR_RETURN(OutputFormat fmt, ChooseFormat(args));
  SILT_ASSIGN_OR_RETURN(auto feed, delta::DeltaChangeFeed::Make(io::LocalFileSystem(), args.positional()[0],
                                                                 std::move(request), config));
  return WriteAll(fmt, *feed->output_schema(), [&] { return feed->Next(); });
}

Status RunDeltaCat(const Args& args) {
  SILT_ASSIGN_OR_RETURN(delta::DeltaSnapshot loaded, LoadDeltaSnapshot(args, true));
  auto snap = std::make_shared<const delta::DeltaSnapshot>(std::move(loaded));
  delta::DeltaScanRequest request;
  SILT_ASSIGN_OR_RETURN(request.predicate, WherePredicate(args));
  if (args.Has("columns")) request.columns = SplitComma(args.Get("columns"));
  if (args.Has("limit")) {
    SILT_ASSIGN_OR_RETURN(int64_t limit, args.GetInt("limit", 0));
    if (limit < 0) return Status::InvalidArgument("--limit must not be negative");
    request.limit = limit;
  }
  SILT_ASSIGN_OR_RETURN(int64_t threads, args.GetInt("threads", 1));
  request.parallelism = static_cast<int>(std::max<int64_t>(1, threads));
  SILT_ASSIGN_OR_RETURN(request.batch_size, args.GetInt("batch-rows", 64 * 1024));
  if (request.batch_size <= 0) return Status::InvalidArgument("--batch-rows must be positive");
  request.file_subset = FileSubset(args);
  SILT_ASSIGN_OR_RETURN(delta::DeltaScanConfig config, ScanConfig(args));
  SILT_ASSIGN_OR_RETURN(OutputFormat fmt, ChooseFormat(args));
  SILT_ASSIGN_OR_RETURN(auto scan, delta::DeltaTableScan::Make(io::LocalFileSystem(), snap,
                                                                std::move(request), config));
  SILT_RETURN_NOT_OK(WriteAll(fmt, *scan->output_schema(), [&] { return scan->Next(); }));
  if (args.Has("metrics")) {
    const auto& m = scan->metrics();
    std::cerr << "files=" << m.files_in_snapshot << " after_partition_pruning=" << m.files_after_partition_pruning
              << " after_stats_pruning=" << m.files_after_stats_pruning << " files_read=" << m.files_read
              << " row_groups=" << m.row_groups_total << " row_groups_pruned=" << m.row_groups_pruned
              << " pages=" << m.pages_total << " pages_skipped=" << m.pages_skipped
              << " bytes_read=" << m.bytes_read << " rows_read=" << m.rows_read
              << " rows_deleted_by_dv=" << m.rows_deleted_by_dv << " rows_output=" << m.rows_output << "\n";
  }
  return Status::OK();
}

}  // namespace silt::cli
