#include "silt/delta/engine/checkpoint_reader.h"

#include <algorithm>
#include <array>
#include <set>

#include "silt/delta/kernel/json_actions.h"
#include "silt/delta/kernel/table_paths.h"
#include "silt/parquet/file_reader.h"

namespace silt::delta {

namespace {

// JSON checkpoints bigger than this are refused rather than read into memory.
constexpr int64_t kMaxJsonCheckpointBytes = int64_t{1} << 30;

// The action columns a checkpoint may hold; other columns (writer extensions) are not read.
constexpr std::array<std::string_view, 8> kCheckpointColumns = {
    "add", "remove",         "metaData",           "protocol",
    "txn", "domainMetadata", "checkpointMetadata", "sidecar"};
// Sidecar files hold file actions only (PROTOCOL.md "Sidecar Files").
constexpr std::array<std::string_view, 2> kSidecarColumns = {"add", "remove"};

std::string TrimTrailingSlashes(const std::string& path) {
  std::string out = path;
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

std::string LogDir(const std::string& table_root) {
  return TrimTrailingSlashes(table_root) + "/_delta_log";
}

Result<std::string> ReadText(io::FileSystem& fs, const std::string& path) {
  SILT_ASSIGN_OR_RETURN(auto file, fs.OpenForRead(path));
  SILT_ASSIGN_OR_RETURN(int64_t size, file->Size());
  if (size < 0 || size > kMaxJsonCheckpointBytes) {
    return Status::Corrupt("checkpoint file too large: " + std::to_string(size) + " bytes");
  }
  if (size == 0) return std::string();
  SILT_ASSIGN_OR_RETURN(BufferPtr buffer, file->ReadAt(0, size));
  return std::string(reinterpret_cast<const char*>(buffer->data()),
                     static_cast<size_t>(buffer->size()));
}

// True when `add.stats_parsed` need not be read: the file also has the JSON `add.stats` and
// its column statistics show it non-null on every add (as many nulls as `add.path`, which
// is null exactly where there is no add). The JSON then wins for every row.
bool StatsJsonOnEveryAdd(const parquet::ParquetFileReader& reader, const Field& add) {
  if (add.type->id() != TypeId::kStruct) return false;
  bool json = false, parsed = false;
  for (const auto& child : add.type->children()) {
    json |= child->name == "stats";
    parsed |= child->name == "stats_parsed";
    // A '.' in a field name would make the dotted projection ambiguous.
    if (child->name.find('.') != std::string::npos) return false;
  }
  if (!json || !parsed) return false;
  int path_leaf = -1, stats_leaf = -1;
  for (const auto& leaf : reader.parquet_schema().leaves()) {
    if (leaf.path == std::vector<std::string>{"add", "path"}) path_leaf = leaf.column_index;
    if (leaf.path == std::vector<std::string>{"add", "stats"}) stats_leaf = leaf.column_index;
  }
  if (path_leaf < 0 || stats_leaf < 0) return false;
  auto nulls = [](const parquet::ColumnChunk& chunk) -> std::optional<int64_t> {
    if (!chunk.meta_data || !chunk.meta_data->statistics) return std::nullopt;
    return chunk.meta_data->statistics->null_count;
  };
  for (const auto& rg : reader.metadata().row_groups) {
    if (static_cast<size_t>(std::max(path_leaf, stats_leaf)) >= rg.columns.size()) return false;
    auto path_nulls = nulls(rg.columns[static_cast<size_t>(path_leaf)]);
    auto stats_nulls = nulls(rg.columns[static_cast<size_t>(stats_leaf)]);
    if (!path_nulls || !stats_nulls || *path_nulls != *stats_nulls) return false;
  }
  return true;
}

// Appends the actions of one Parquet checkpoint part or sidecar, reading only the `wanted`
// columns that the file has. Batches are converted as they are decoded, so memory holds one
// batch of columns at a time besides the actions.
template <size_t N>
Status ReadParquetActions(io::FileSystem& fs, const std::string& path,
                          const std::array<std::string_view, N>& wanted, bool with_file_stats,
                          std::vector<Action>* out, CheckpointReadStats* stats) {
  SILT_ASSIGN_OR_RETURN(auto file, fs.OpenForRead(path));
  parquet::ParquetReadOptions options;
  options.parallelism = 1;
  SILT_ASSIGN_OR_RETURN(auto reader, parquet::ParquetFileReader::Open(file, options));
  bool all_wanted = true;
  for (const auto& f : reader->output_schema()->fields()) {
    if (std::find(wanted.begin(), wanted.end(), f->name) == wanted.end()) {
      all_wanted = false;
    } else if (f->name == "add" && (!with_file_stats || StatsJsonOnEveryAdd(*reader, *f))) {
      // stats_parsed (and without file stats, stats too) need not be decoded at all:
      // project the other fields of add one by one (AppendCheckpointActions regroups them).
      for (const auto& child : f->type->children()) {
        if (child->name == "stats_parsed" || (!with_file_stats && child->name == "stats")) continue;
        options.columns.push_back("add." + child->name);
      }
      all_wanted = false;
      ++stats->stats_parsed_skipped;
    } else {
      options.columns.push_back(f->name);
    }
  }
  ++stats->files_read;
  if (options.columns.empty()) return Status::OK();  // no action columns: no actions
  if (!all_wanted) {
    // Re-open with a projection; the footer is small next to the columns it avoids.
    SILT_ASSIGN_OR_RETURN(reader, parquet::ParquetFileReader::Open(file, options));
  }
  // Room for one action per row, trusting the footer's row count only as far as the file
  // size makes plausible (a real action row takes well over 16 bytes).
  SILT_ASSIGN_OR_RETURN(int64_t file_size, file->Size());
  const int64_t num_rows = std::min(reader->metadata().num_rows, file_size / 16 + 16);
  if (num_rows > 0) out->reserve(out->size() + static_cast<size_t>(num_rows));
  int64_t row = 0;
  for (;;) {
    SILT_ASSIGN_OR_RETURN(RecordBatchPtr batch, reader->Next());
    if (!batch) break;
    SILT_RETURN_NOT_OK(AppendCheckpointActions(*batch, out, row));
    row += batch->num_rows();
  }
  stats->rows_read += row;
  return Status::OK();
}

// A URI scheme as table_paths.h reads one (two or more characters before ':').
bool HasScheme(std::string_view path) {
  size_t colon = path.find(':');
  if (colon == std::string_view::npos || colon < 2) return false;
  for (size_t i = 0; i < colon; ++i) {
    char c = path[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
    if (!ok) return false;
  }
  return true;
}

bool IsRelativePath(std::string_view path) {
  return !path.empty() && path[0] != '/' && !HasScheme(path);
}

}  // namespace

Result<std::string> ResolveSidecarPath(const std::string& table_root, std::string_view path) {
  if (path.empty()) return Status::Corrupt("sidecar action with an empty path");
  // Relative names live in _delta_log/_sidecars; ResolveTablePath decodes, normalizes and
  // refuses anything that leaves the table root.
  std::string log_path =
      IsRelativePath(path) ? "_delta_log/_sidecars/" + std::string(path) : std::string(path);
  if (IsRelativePath(table_root)) {
    // A relative root (a CLI argument): containment of a relative sidecar does not depend
    // on where the root is, so resolve under a stand-in absolute root and put the real one
    // back. An absolute sidecar path cannot be related to it and is refused.
    constexpr std::string_view kStandIn = "/.silt-relative-table-root";
    SILT_ASSIGN_OR_RETURN(std::string resolved, ResolveTablePath(kStandIn, log_path));
    return TrimTrailingSlashes(table_root) + resolved.substr(kStandIn.size());
  }
  SILT_ASSIGN_OR_RETURN(std::string root, LocalTableRoot(table_root));
  return ResolveTablePath(root, log_path);
}

Result<std::vector<Action>> ReadCheckpoint(io::FileSystem& fs, const std::string& table_root,
                                           const std::vector<LogFile>& parts,
                                           CheckpointReadStats* stats, bool with_file_stats) {
  if (parts.empty()) return Status::InvalidArgument("a checkpoint needs at least one file");
  CheckpointReadStats local_stats;
  if (stats == nullptr) stats = &local_stats;
  const std::string log_dir = LogDir(table_root);
  const int64_t version = parts[0].version;
  std::vector<Action> actions;
  for (const LogFile& part : parts) {
    const std::string path = log_dir + "/" + part.info.name;
    const std::string context = "reading checkpoint file '" + part.info.name + "'";
    if (part.is_json) {
      auto text = ReadText(fs, path);
      if (!text.ok()) return text.status().WithContext(context);
      auto parsed = ParseCommitJson(*text, part.version);
      if (!parsed.ok()) return parsed.status().WithContext(context);
      ++stats->files_read;
      stats->rows_read += static_cast<int64_t>(parsed->size());
      if (actions.empty()) {
        actions = parsed.MoveValue();
      } else {
        for (Action& a : *parsed) actions.push_back(std::move(a));
      }
      continue;
    }
    Status st = ReadParquetActions(fs, path, kCheckpointColumns, with_file_stats, &actions, stats);
    if (!st.ok()) return st.WithContext(context);
  }

  // V2 checkpoints: expand sidecars. Indexing (not iterators): the vector grows meanwhile.
  const size_t own_actions = actions.size();
  std::set<std::string> sidecars_read;  // a sidecar listed twice is read once
  for (size_t i = 0; i < own_actions; ++i) {
    const Sidecar* sidecar = std::get_if<Sidecar>(&actions[i]);
    if (sidecar == nullptr) continue;
    const std::string name = sidecar->path;
    const std::string context =
        "reading sidecar '" + name + "' of checkpoint version " + std::to_string(version);
    auto path = ResolveSidecarPath(table_root, name);
    if (!path.ok()) return path.status().WithContext(context);
    if (!sidecars_read.insert(*path).second) continue;
    Status st = ReadParquetActions(fs, *path, kSidecarColumns, with_file_stats, &actions, stats);
    if (!st.ok()) return st.WithContext(context);
    ++stats->sidecars_read;
  }

  bool has_protocol = false, has_metadata = false;
  for (size_t i = 0; i < own_actions; ++i) {
    has_protocol |= std::holds_alternative<Protocol>(actions[i]);
    has_metadata |= std::holds_alternative<Metadata>(actions[i]);
    if (const auto* cm = std::get_if<CheckpointMetadata>(&actions[i]);
        cm && cm->version != version) {
      return Status::Corrupt("checkpoint '" + parts[0].info.name +
                             "' states checkpointMetadata.version " + std::to_string(cm->version));
    }
  }
  if (!has_protocol || !has_metadata) {
    return Status::Corrupt("checkpoint '" + parts[0].info.name + "' (version " +
                           std::to_string(version) + ") has no " +
                           (has_protocol ? "metaData" : "protocol") + " action");
  }
  stats->actions = static_cast<int64_t>(actions.size());
  return actions;
}

}  // namespace silt::delta
