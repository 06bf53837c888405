// `silt delta snapshot|history` (CONTRACTS.md).
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli.h"
#include "silt/common/temporal.h"
#include "silt/delta/engine/log_files.h"
#include "silt/delta/engine/snapshot_loader.h"
#include "silt/delta/kernel/time_travel.h"
#include "silt/delta/kernel/schema.h"
#include "silt/format/value_text.h"

namespace silt::cli {

namespace {

std::string Json(const std::string& s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

std::string RenderTimestamp(int64_t millis) {
  std::string out;
  AppendTimestamp(millis, TimeUnit::kMilli, /*utc_suffix=*/true, &out);
  return out;
}

std::string JoinJson(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ",";
    out += Json(items[i]);
  }
  return out + "]";
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i > 0 ? "," : "") + items[i];
  return out;
}

}  // namespace

Result<bool> WantJson(const Args& args) {
  if (!args.Has("format")) return false;
  std::string format = args.Get("format");
  if (format == "json") return true;
  if (format == "table") return false;
  return Status::InvalidArgument("unsupported --format '" + format + "' (json or table)");
}

Result<delta::DeltaSnapshot> LoadDeltaSnapshot(const Args& args, bool allow_time_travel,
                                               bool with_file_stats) {
  if (args.positional().size() != 1) return Status::InvalidArgument("expected one table PATH");
  std::optional<int64_t> version;
  std::optional<std::string> timestamp;
  if (allow_time_travel && args.Has("version")) {
    SILT_ASSIGN_OR_RETURN(int64_t v, args.GetInt("version", -1));
    version = v;
  }
  if (allow_time_travel && args.Has("timestamp")) timestamp = args.Get("timestamp");
  delta::SnapshotLoadOptions options;
  options.with_file_stats = with_file_stats;
  return delta::LoadSnapshot(*io::LocalFileSystem(), args.positional()[0], version, timestamp, options);
}

namespace {

Status Snapshot(const Args& args) {
  SILT_ASSIGN_OR_RETURN(bool json, WantJson(args));
  SILT_ASSIGN_OR_RETURN(delta::DeltaSnapshot snap, LoadDeltaSnapshot(args, true, false));
  const auto& state = snap.state;
  SILT_ASSIGN_OR_RETURN(SchemaPtr schema, delta::ParseDeltaSchema(state.metadata.schema_string));
  int64_t total_bytes = 0;
  for (const auto& add : state.adds) total_bytes += add.size;
  const auto& p = state.protocol;
  std::vector<std::string> reader_features = p.reader_features.value_or(std::vector<std::string>{});
  std::vector<std::string> writer_features = p.writer_features.value_or(std::vector<std::string>{});
  std::string out;
  if (json) {
    out += "{\"version\":" + std::to_string(state.version);
    out += ",\"min_reader_version\":" + std::to_string(p.min_reader_version);
    out += ",\"min_writer_version\":" + std::to_string(p.min_writer_version);
    out += ",\"reader_features\":" + JoinJson(reader_features);
    out += ",\"writer_features\":" + JoinJson(writer_features);
    out += ",\"schema\":[";
    for (int i = 0; i < schema->num_fields(); ++i) {
      const auto& f = *schema->field(i);
      if (i > 0) out += ",";
      out += "{\"name\":" + Json(f.name) + ",\"type\":" + Json(f.type->ToString()) +
             ",\"nullable\":" + (f.nullable ? "true" : "false") + "}";
    }
    out += "],\"partition_columns\":" + JoinJson(state.metadata.partition_columns);
    out += ",\"num_files\":" + std::to_string(state.adds.size());
    out += ",\"total_bytes\":" + std::to_string(total_bytes);
    out += ",\"warnings\":" + JoinJson(snap.warnings) + "}\n";
  } else {
    out += "version: " + std::to_string(state.version) + "\n";
    out += "protocol: reader " + std::to_string(p.min_reader_version) + ", writer " +
           std::to_string(p.min_writer_version) + "\n";
    out += "reader features: " + Join(reader_features) + "\n";
    out += "writer features: " + Join(writer_features) + "\n";
    out += "schema:\n";
    for (const auto& f : schema->fields()) {
      out += "  " + f->name + ": " + f->type->ToString() + (f->nullable ? "" : " not null") + "\n";
    }
    out += "partition columns: " + Join(state.metadata.partition_columns) + "\n";
    out += "files: " + std::to_string(state.adds.size()) + "\n";
    out += "total bytes: " + std::to_string(total_bytes) + "\n";
    for (const std::string& w : snap.warnings) out += "warning: " + w + "\n";
  }
  std::cout << out;
  return Status::OK();
}

Status History(const Args& args) {
  SILT_ASSIGN_OR_RETURN(bool json, WantJson(args));
  SILT_ASSIGN_OR_RETURN(delta::DeltaSnapshot snap, LoadDeltaSnapshot(args, false, false));
  // Every commit still in the log, also those before the checkpoint the snapshot came from.
  SILT_ASSIGN_OR_RETURN(auto ict, delta::GetInCommitTimestampConfig(snap.state.protocol, snap.state.metadata));
  SILT_ASSIGN_OR_RETURN(auto commits, delta::ReadCommitHistory(*io::LocalFileSystem(), snap.table_root,
                                                               snap.state.version, ict));
  std::string out = json ? "[" : "";
  for (size_t i = 0; i < commits.size(); ++i) {
    const auto& c = commits[i];
    std::optional<std::string> operation;
    for (const auto& action : c.actions) {
      if (const auto* info = std::get_if<delta::CommitInfo>(&action)) operation = info->operation;
    }
    if (json) {
      if (i > 0) out += ",";
      out += "{\"version\":" + std::to_string(c.version) + ",\"timestamp\":" +
             Json(RenderTimestamp(c.timestamp)) + ",\"operation\":" +
             (operation ? Json(*operation) : std::string("null")) + "}";
    } else {
      out += std::to_string(c.version) + "\t" + RenderTimestamp(c.timestamp) + "\t" +
             operation.value_or("") + "\n";
    }
  }
  if (json) out += "]\n";
  std::cout << out;
  return Status::OK();
}

}  // namespace

Status RunDeltaCommand(const std::vector<std::string>& argv) {
  if (argv.empty()) return Status::InvalidArgument("usage: silt delta snapshot|files|cat|changes|history PATH ...");
  const std::string sub = argv[0];
  std::vector<std::string> rest(argv.begin() + 1, argv.end());
  if (sub == "snapshot") {
    SILT_ASSIGN_OR_RETURN(Args args, Args::Parse(rest, {"version", "timestamp", "format"}, {}));
    return Snapshot(args);
  }
  if (sub == "files") {
    SILT_ASSIGN_OR_RETURN(Args args, Args::Parse(rest, {"version", "timestamp", "where", "format", "files"},
                                                 {"no-pruning"}));
    return RunDeltaFiles(args);
  }
  if (sub == "cat") {
    SILT_ASSIGN_OR_RETURN(Args args, Args::Parse(rest, {"version", "timestamp", "where", "format", "columns",
                                                        "limit", "threads", "batch-rows", "files",
                                                        "file-column"},
                                                 {"no-pruning", "metrics", "allow-outside-paths"}));
    return RunDeltaCat(args);
  }
  if (sub == "changes") {
    SILT_ASSIGN_OR_RETURN(Args args, Args::Parse(rest, {"from", "to", "format", "threads"}, {"allow-outside-paths"}));
    return RunDeltaChanges(args);
  }
  if (sub == "history") {
    SILT_ASSIGN_OR_RETURN(Args args, Args::Parse(rest, {"format"}, {}));
    return History(args);
  }
  return Status::InvalidArgument("unknown subcommand 'delta " + sub + "'");
}

}  // namespace silt::cli
