#include "silt/delta/scan/delta_scan.h"

#include <algorithm>
#include <deque>
#include <filesystem>
#include <limits>
#include <set>

#include "silt/common/thread_pool.h"

#include "silt/common/ascii.h"
#include "silt/delta/kernel/deletion_vector.h"
#include "silt/delta/kernel/file_skipping.h"
#include "silt/delta/kernel/partition_values.h"
#include "silt/delta/kernel/table_paths.h"
#include "silt/delta/scan/column_conform.h"
#include "silt/delta/scan/table_deletion_vectors.h"
#include "silt/expr/evaluate.h"
#include "silt/parquet/file_reader.h"

namespace silt::delta {

namespace {

void CollectTopLevelColumns(const Expr& e, std::set<std::string>* out) {
  if (e.is_column()) out->insert(e.path()[0]);
  for (const auto& c : e.children()) CollectTopLevelColumns(*c, out);
}

/// Index of `name` among `fields` (exact, then unique case-insensitive), or -1.
int FindByName(const std::vector<FieldPtr>& fields, const std::string& name) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i]->name == name) return static_cast<int>(i);
  }
  int found = -1;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (EqualsIgnoreAsciiCase(fields[i]->name, name)) {
      if (found >= 0) return -1;
      found = static_cast<int>(i);
    }
  }
  return found;
}

/// Rewrites logical column paths to physical ones for the Parquet reader's pruning.
ExprPtr ToPhysical(const ExprPtr& e, const ColumnNameMap& names) {
  if (e->is_column()) {
    auto it = names.logical_to_physical.find(e->path());
    return it == names.logical_to_physical.end() ? e : Expr::ColumnRef(it->second);
  }
  if (e->is_literal()) return e;
  std::vector<ExprPtr> children;
  for (const auto& c : e->children()) children.push_back(ToPhysical(c, names));
  return WithChildren(e, std::move(children));
}

}  // namespace

Result<std::string> AbsoluteTableRoot(const std::string& table_root) {
  if (table_root.empty()) return Status::InvalidArgument("empty table path");
  std::string text = table_root;
  const bool is_uri = text.rfind("file:", 0) == 0 || text.find("://") != std::string::npos;
  if (!is_uri && text.front() != '/') {
    std::error_code ec;
    text = std::filesystem::absolute(text, ec).string();
    if (ec) return Status::IOError("cannot make '" + table_root + "' absolute: " + ec.message());
  }
  return LocalTableRoot(text);
}

Result<PlannedFiles> PlanDeltaFiles(const DeltaSnapshot& snapshot, const Schema& logical_schema,
                                    const ExprPtr& predicate, const DeltaScanConfig& config,
                                    const std::optional<std::vector<std::string>>& file_subset) {
  PlannedFiles plan;
  const TableState& state = snapshot.state;
  plan.metrics.files_in_snapshot = static_cast<int64_t>(state.adds.size());
  std::vector<const Add*> candidates;
  if (file_subset) {
    std::map<std::string_view, const Add*> by_path;
    for (const Add& add : state.adds) by_path[add.path] = &add;
    std::set<std::string_view> seen;
    for (const std::string& path : *file_subset) {
      auto it = by_path.find(path);
      if (it == by_path.end()) {
        return Status::InvalidArgument("file '" + path + "' is not a live data file of version " +
                                       std::to_string(state.version));
      }
      if (seen.insert(path).second) candidates.push_back(it->second);
    }
  } else {
    candidates.reserve(state.adds.size());
    for (const Add& add : state.adds) candidates.push_back(&add);
  }
  plan.metrics.files_after_subset = static_cast<int64_t>(candidates.size());
  if (!predicate || !config.enable_file_skipping) {
    plan.metrics.files_after_partition_pruning = plan.metrics.files_after_subset;
    plan.metrics.files_after_stats_pruning = plan.metrics.files_after_subset;
    plan.files = std::move(candidates);
    return plan;
  }
  SILT_ASSIGN_OR_RETURN(ColumnMappingMode mode,
                        ColumnMappingModeOf(state.metadata));
  auto schema = std::make_shared<Schema>(logical_schema.fields(), logical_schema.metadata());
  SILT_ASSIGN_OR_RETURN(auto skipper, FileSkipper::Make(schema, state.metadata.partition_columns, mode, predicate));
  std::vector<const Add*> after_partitions;
  for (const Add* add : candidates) {
    if (skipper->PartitionMayMatch(*add)) after_partitions.push_back(add);
  }
  plan.metrics.files_after_partition_pruning = static_cast<int64_t>(after_partitions.size());
  for (const Add* add : after_partitions) {
    if (skipper->MayMatch(*add)) plan.files.push_back(add);
  }
  plan.metrics.files_after_stats_pruning = static_cast<int64_t>(plan.files.size());
  plan.metrics.files_with_unreadable_stats = skipper->stats_errors();
  return plan;
}

/// Where each output/work column comes from.
struct ColumnSource {
  enum Kind { kData, kPartition, kLineage } kind = kData;
  FieldPtr logical;           // the table field (or the lineage field)
  FieldPtr physical;          // kData: the field as files name it
  std::string partition_key;  // kPartition: key in add.partitionValues
};

/// The open data file being read.
struct OpenFile {
  const Add* add = nullptr;
  std::unique_ptr<parquet::ParquetFileReader> reader;
  std::vector<int> file_column;        // per work column: index in the reader's output, -1 = absent
  std::vector<Scalar> partition_values;  // per work column (kPartition only)
  std::optional<DeletionVector> dv;
  std::shared_ptr<const DeletionVector> keep_only;
  std::vector<int64_t> row_group_starts;  // first row of each row group in the file
  size_t next_row_group = 0;              // index into reader->selected_row_groups()
  bool needs_data = true;
};

struct DeltaTableScan::State {
  std::shared_ptr<io::FileSystem> fs;
  std::shared_ptr<const DeltaSnapshot> snapshot;
  DeltaScanRequest request;
  DeltaScanConfig config;
  ColumnMappingMode mode = ColumnMappingMode::kNone;
  std::unique_ptr<ColumnNameMap> names;
  std::vector<ColumnSource> work;  // output columns first, then predicate-only columns
  size_t num_output = 0;
  SchemaPtr work_schema;
  SchemaPtr output_schema;
  ExprPtr pushdown;  // the predicate in physical names, for the Parquet reader
  PlannedFiles plan;
  std::string table_root;  // absolute local path
  std::vector<std::string> local_paths;
  size_t next_file = 0;
  std::optional<OpenFile> current;
  std::deque<RecordBatchPtr> pending;
  DeltaScanMetrics metrics;

  // Per-file work: const, so several files can be read concurrently; counters go to `m`.
  Result<OpenFile> Open(size_t index, int parallelism, DeltaScanMetrics* m) const;
  /// Appends the non-empty output batches of the file's next row group to `out`; sets
  /// `*done` when the file has no row group left.
  Status ReadNextRowGroup(OpenFile& f, std::vector<RecordBatchPtr>* out, DeltaScanMetrics* m, bool* done) const;
  Result<RecordBatchPtr> Assemble(OpenFile& f, const RecordBatch& file_batch, int64_t first_row,
                                  DeltaScanMetrics* m) const;
  /// Reads files [first, first + count) concurrently, appending their batches in file order.
  Status ReadFilesInParallel(size_t first, size_t count);
};

/// Adds the execution counters of `from` to `into`.
void AddExecutionMetrics(const DeltaScanMetrics& from, DeltaScanMetrics* into) {
  into->files_read += from.files_read;
  into->row_groups_total += from.row_groups_total;
  into->row_groups_pruned += from.row_groups_pruned;
  into->pages_total += from.pages_total;
  into->pages_skipped += from.pages_skipped;
  into->bytes_read += from.bytes_read;
  into->rows_read += from.rows_read;
  into->rows_deleted_by_dv += from.rows_deleted_by_dv;
}

Result<OpenFile> DeltaTableScan::State::Open(size_t index, int parallelism, DeltaScanMetrics* m) const {
  OpenFile f;
  f.add = plan.files[index];
  if (request.explicit_files) f.keep_only = (*request.explicit_files)[index].keep_only_rows;
  const std::string& path = local_paths[index];
  for (const ColumnSource& c : work) {
    Scalar value;
    if (c.kind == ColumnSource::kPartition) {
      auto pv = f.add->partition_values.find(c.partition_key);
      std::optional<std::string_view> text;
      if (pv != f.add->partition_values.end() && pv->second) text = *pv->second;
      auto parsed = ParsePartitionValue(text, c.logical->type);
      if (!parsed.ok()) {
        return Status::Corrupt("partition value of column '" + c.logical->name + "' in file '" +
                               f.add->path + "': " + parsed.status().message());
      }
      value = parsed.MoveValue();
    }
    f.partition_values.push_back(std::move(value));
  }
  if (f.add->deletion_vector) {
    auto dv = LoadTableDeletionVector(*fs, table_root, *f.add->deletion_vector, config.allow_outside_paths);
    if (!dv.ok()) return dv.status().WithContext("deletion vector of '" + f.add->path + "'");
    f.dv = dv.MoveValue();
  }

  std::vector<const ColumnSource*> data_columns;
  for (const ColumnSource& c : work) {
    if (c.kind == ColumnSource::kData) data_columns.push_back(&c);
  }
  f.needs_data = !data_columns.empty();
  parquet::ParquetReadOptions options;
  options.batch_size = request.batch_size;
  options.parallelism = parallelism;
  options.pool = request.pool;
  options.predicate = pushdown;
  // Deleted rows are addressed by position: page skipping would lose positions.
  options.use_page_index = !f.dv.has_value();
  const ColumnMappingMode mode_copy = mode;
  options.choose_columns = [&](const parquet::ParquetSchema& schema) -> Result<std::vector<std::string>> {
    std::vector<std::string> names_out;
    const auto& file_fields = schema.schema()->fields();
    for (const ColumnSource* c : data_columns) {
      int i = FindFileField(file_fields, *c->physical, mode_copy);
      if (i >= 0) names_out.push_back(file_fields[static_cast<size_t>(i)]->name);
    }
    if (names_out.empty() && !file_fields.empty()) {
      // Only the row count is needed; project one column so the reader opens normally.
      names_out.push_back(file_fields[0]->name);
    }
    return names_out;
  };
  SILT_ASSIGN_OR_RETURN(auto file, fs->OpenForRead(path));
  auto reader = parquet::ParquetFileReader::Open(std::move(file), std::move(options));
  if (!reader.ok()) return reader.status().WithContext("data file '" + f.add->path + "'");
  f.reader = reader.MoveValue();
  const auto& out_fields = f.reader->output_schema()->fields();
  for (const ColumnSource& c : work) {
    f.file_column.push_back(c.kind == ColumnSource::kData ? FindFileField(out_fields, *c.physical, mode) : -1);
  }
  int64_t start = 0;
  for (const auto& rg : f.reader->metadata().row_groups) {
    f.row_group_starts.push_back(start);
    start += rg.num_rows;
  }
  if (f.dv && f.dv->CountInRange(static_cast<uint64_t>(start), std::numeric_limits<int64_t>::max() - start) > 0) {
    // A DV pointing past the file's rows is a corrupt table, not something to ignore.
    return Status::Corrupt("deletion vector of '" + f.add->path + "' deletes rows past the end of a file with " +
                           std::to_string(start) + " rows");
  }
  m->files_read++;
  m->row_groups_total += f.reader->metrics().row_groups_total;
  m->row_groups_pruned += f.reader->metrics().row_groups_pruned;
  m->bytes_read += f.reader->metrics().bytes_read;
  return f;
}

Result<RecordBatchPtr> DeltaTableScan::State::Assemble(OpenFile& f, const RecordBatch& file_batch,
                                                      int64_t first_row, DeltaScanMetrics* m) const {
  const int64_t n = file_batch.num_rows();
  std::vector<ArrayDataPtr> columns;
  columns.reserve(work.size());
  for (size_t i = 0; i < work.size(); ++i) {
    const ColumnSource& c = work[i];
    switch (c.kind) {
      case ColumnSource::kPartition: {
        SILT_ASSIGN_OR_RETURN(auto col, MakePartitionColumn(f.partition_values[i], c.logical->type, n));
        columns.push_back(std::move(col));
        break;
      }
      case ColumnSource::kLineage: {
        SILT_ASSIGN_OR_RETURN(auto col, MakePartitionColumn(Scalar::String(f.add->path), utf8(), n));
        columns.push_back(std::move(col));
        break;
      }
      case ColumnSource::kData: {
        int j = f.file_column[i];
        if (j < 0) {
          SILT_ASSIGN_OR_RETURN(auto nulls, MakeNullArray(c.logical->type, n, request.pool));
          columns.push_back(std::move(nulls));
          break;
        }
        auto col = ConformColumn(file_batch.column(j), c.physical->type, c.logical->type, mode, request.pool);
        if (!col.ok()) {
          return col.status().WithContext("column '" + c.logical->name + "' of data file '" + f.add->path + "'");
        }
        columns.push_back(col.MoveValue());
        break;
      }
    }
  }
  auto batch = std::make_shared<RecordBatch>(work_schema, n, std::move(columns));

  std::vector<uint8_t> selection;
  if (f.dv && f.dv->CountInRange(static_cast<uint64_t>(first_row), n) > 0) {
    selection.resize(static_cast<size_t>(n));
    f.dv->FillSelectionBytes(static_cast<uint64_t>(first_row), n, selection.data());
    int64_t kept = CountSelected(selection);
    m->rows_deleted_by_dv += n - kept;
  }
  if (f.keep_only) {
    std::vector<uint8_t> non_members(static_cast<size_t>(n));
    f.keep_only->FillSelectionBytes(static_cast<uint64_t>(first_row), n, non_members.data());
    if (selection.empty()) selection.assign(static_cast<size_t>(n), 1);
    // FillSelectionBytes marks non-members with 1: keep only the members.
    for (size_t r = 0; r < non_members.size(); ++r) selection[r] &= static_cast<uint8_t>(non_members[r] ^ 1);
  }
  if (request.predicate) {
    SILT_ASSIGN_OR_RETURN(auto matches, EvaluatePredicate(*request.predicate, *batch));
    if (selection.empty()) {
      selection = std::move(matches);
    } else {
      for (size_t r = 0; r < selection.size(); ++r) selection[r] &= matches[r];
    }
  }
  if (!selection.empty()) {
    SILT_ASSIGN_OR_RETURN(batch, FilterBatch(*batch, selection, request.pool));
  }
  if (num_output < work.size()) {
    std::vector<ArrayDataPtr> out(batch->columns().begin(), batch->columns().begin() + static_cast<long>(num_output));
    batch = std::make_shared<RecordBatch>(output_schema, batch->num_rows(), std::move(out));
  }
  return batch;
}

Status DeltaTableScan::State::ReadNextRowGroup(OpenFile& f, std::vector<RecordBatchPtr>* out,
                                                DeltaScanMetrics* metrics, bool* done) const {
  const auto& selected = f.reader->selected_row_groups();
  *done = f.next_row_group >= selected.size();
  if (*done) return Status::OK();
  int rg = selected[f.next_row_group++];
  const int64_t first_row = f.row_group_starts[static_cast<size_t>(rg)];
  std::vector<RecordBatchPtr> batches;
  if (f.needs_data) {
    parquet::ParquetScanMetrics m;
    auto read = f.reader->ReadRowGroup(rg, &m);
    if (!read.ok()) return read.status().WithContext("data file '" + f.add->path + "'");
    batches = read.MoveValue();
    metrics->pages_total += m.pages_total;
    metrics->pages_skipped += m.pages_skipped;
    metrics->bytes_read += m.bytes_read;
    if (m.rows_skipped_by_page_index > 0 && f.dv) {
      return Status::Internal("page skipping dropped rows of a file with a deletion vector");
    }
  } else {
    // No data columns needed (only partition/lineage columns, or a row count).
    int64_t rows = f.reader->metadata().row_groups[static_cast<size_t>(rg)].num_rows;
    for (int64_t done = 0; done < rows; done += request.batch_size) {
      int64_t len = std::min(request.batch_size, rows - done);
      batches.push_back(std::make_shared<RecordBatch>(f.reader->output_schema(), len, std::vector<ArrayDataPtr>{}));
    }
  }
  int64_t row = first_row;
  for (const auto& b : batches) {
    metrics->rows_read += b->num_rows();
    SILT_ASSIGN_OR_RETURN(auto assembled, Assemble(f, *b, row, metrics));
    row += b->num_rows();
    if (assembled->num_rows() > 0) out->push_back(std::move(assembled));
  }
  return Status::OK();
}

Status DeltaTableScan::State::ReadFilesInParallel(size_t first, size_t count) {
  struct Slot {
    std::vector<RecordBatchPtr> batches;
    DeltaScanMetrics metrics;
  };
  std::vector<Slot> slots(count);
  SILT_RETURN_NOT_OK(ParallelFor(static_cast<int64_t>(count), request.parallelism, [&](int64_t i) -> Status {
    Slot& slot = slots[static_cast<size_t>(i)];
    SILT_ASSIGN_OR_RETURN(OpenFile f, Open(first + static_cast<size_t>(i), 1, &slot.metrics));
    for (bool done = false; !done;) SILT_RETURN_NOT_OK(ReadNextRowGroup(f, &slot.batches, &slot.metrics, &done));
    return Status::OK();
  }));
  for (Slot& slot : slots) {
    AddExecutionMetrics(slot.metrics, &metrics);
    for (auto& b : slot.batches) pending.push_back(std::move(b));
  }
  return Status::OK();
}

DeltaTableScan::DeltaTableScan(std::unique_ptr<State> state) : state_(std::move(state)) {}
DeltaTableScan::~DeltaTableScan() = default;

const SchemaPtr& DeltaTableScan::output_schema() const { return state_->output_schema; }
const std::vector<const Add*>& DeltaTableScan::files() const { return state_->plan.files; }
const DeltaScanMetrics& DeltaTableScan::metrics() const { return state_->metrics; }

Result<RecordBatchPtr> DeltaTableScan::Next() {
  State& s = *state_;
  while (true) {
    if (s.request.limit && s.metrics.rows_output >= *s.request.limit) return RecordBatchPtr();
    if (!s.pending.empty()) {
      RecordBatchPtr b = std::move(s.pending.front());
      s.pending.pop_front();
      if (s.request.limit && s.metrics.rows_output + b->num_rows() > *s.request.limit) {
        b = b->Slice(0, *s.request.limit - s.metrics.rows_output);
      }
      s.metrics.rows_output += b->num_rows();
      return b;
    }
    if (!s.current) {
      const size_t remaining = s.plan.files.size() - s.next_file;
      if (remaining == 0) return RecordBatchPtr();
      if (s.request.parallelism > 1 && remaining > 1 && !s.request.limit) {
        // Many files: whole files per thread (small files are the common Delta case). A
        // single remaining file streams by row group with its columns decoded in parallel.
        const size_t count = std::min(remaining, static_cast<size_t>(s.request.parallelism) * 2);
        SILT_RETURN_NOT_OK(s.ReadFilesInParallel(s.next_file, count));
        s.next_file += count;
        continue;
      }
      SILT_ASSIGN_OR_RETURN(OpenFile f, s.Open(s.next_file++, s.request.parallelism, &s.metrics));
      s.current = std::move(f);
      continue;
    }
    std::vector<RecordBatchPtr> batches;
    bool done = false;
    SILT_RETURN_NOT_OK(s.ReadNextRowGroup(*s.current, &batches, &s.metrics, &done));
    if (done) s.current.reset();
    for (auto& b : batches) s.pending.push_back(std::move(b));
  }
}

Result<std::unique_ptr<DeltaTableScan>> DeltaTableScan::Make(std::shared_ptr<io::FileSystem> fs,
                                                             std::shared_ptr<const DeltaSnapshot> snapshot,
                                                             DeltaScanRequest request, DeltaScanConfig config) {
  auto s = std::make_unique<State>();
  s->fs = std::move(fs);
  s->snapshot = std::move(snapshot);
  s->config = std::move(config);
  const TableState& state = s->snapshot->state;
  SILT_ASSIGN_OR_RETURN(SchemaPtr logical, ParseDeltaSchema(state.metadata.schema_string));
  SILT_RETURN_NOT_OK(ValidateScanConfig(s->config, *logical));
  SILT_ASSIGN_OR_RETURN(s->mode, ColumnMappingModeOf(state.metadata));
  SILT_ASSIGN_OR_RETURN(SchemaPtr physical, MakePhysicalSchema(*logical, s->mode));
  SILT_ASSIGN_OR_RETURN(ColumnNameMap names, MakeColumnNameMap(*logical, s->mode));
  s->names = std::make_unique<ColumnNameMap>(std::move(names));

  // Output columns, then columns only the predicate needs.
  std::vector<std::string> wanted;
  if (request.columns) {
    wanted = *request.columns;
  } else {
    for (const auto& f : logical->fields()) wanted.push_back(f->name);
    if (!s->config.file_column_name.empty()) wanted.push_back(s->config.file_column_name);
  }
  std::set<std::string> predicate_columns;
  if (request.predicate) CollectTopLevelColumns(*request.predicate, &predicate_columns);
  auto add_column = [&](const std::string& name, bool for_output) -> Status {
    ColumnSource c;
    if (!s->config.file_column_name.empty() && EqualsIgnoreAsciiCase(name, s->config.file_column_name)) {
      c.kind = ColumnSource::kLineage;
      c.logical = field(s->config.file_column_name, utf8(), false);
    } else {
      int i = FindByName(logical->fields(), name);
      if (i < 0) {
        if (!for_output) return Status::OK();  // dotted names etc.: the evaluator reports them
        std::string avail;
        for (const auto& f : logical->fields()) avail += (avail.empty() ? "" : ", ") + f->name;
        return Status::Plan("column '" + name + "' is not in the table (columns: " + avail + ")");
      }
      c.logical = logical->field(i);
      c.physical = physical->field(i);
      for (const std::string& p : state.metadata.partition_columns) {
        if (EqualsIgnoreAsciiCase(p, c.logical->name)) {
          c.kind = ColumnSource::kPartition;
          c.partition_key = c.physical->name;
        }
      }
    }
    for (const ColumnSource& existing : s->work) {
      if (existing.logical->name == c.logical->name) {
        if (for_output) return Status::Plan("column '" + name + "' is requested twice");
        return Status::OK();
      }
    }
    s->work.push_back(std::move(c));
    return Status::OK();
  };
  for (const std::string& name : wanted) SILT_RETURN_NOT_OK(add_column(name, true));
  for (const FieldPtr& extra : request.extra_file_columns) {
    ColumnSource c;
    c.logical = extra;
    c.physical = extra;
    s->work.push_back(std::move(c));
  }
  s->num_output = s->work.size();
  for (const std::string& name : predicate_columns) SILT_RETURN_NOT_OK(add_column(name, false));
  std::vector<FieldPtr> work_fields;
  for (const ColumnSource& c : s->work) work_fields.push_back(c.logical);
  s->work_schema = std::make_shared<Schema>(work_fields);
  s->output_schema = std::make_shared<Schema>(
      std::vector<FieldPtr>(work_fields.begin(), work_fields.begin() + static_cast<long>(s->num_output)));
  if (request.predicate) {
    // Resolve the predicate's columns now so bad predicates fail at plan time.
    std::vector<ArrayDataPtr> cols;
    for (const auto& f : work_fields) {
      SILT_ASSIGN_OR_RETURN(auto a, MakeNullArray(f->type, 0));
      cols.push_back(std::move(a));
    }
    SILT_RETURN_NOT_OK(EvaluatePredicate(*request.predicate,
                                         RecordBatch(s->work_schema, 0, std::move(cols))).status());
    s->pushdown = ToPhysical(request.predicate, *s->names);
  }

  s->request = std::move(request);
  if (s->request.explicit_files) {
    for (const auto& file : *s->request.explicit_files) s->plan.files.push_back(&file.add);
    const auto n = static_cast<int64_t>(s->plan.files.size());
    s->plan.metrics.files_in_snapshot = s->plan.metrics.files_after_subset = n;
    s->plan.metrics.files_after_partition_pruning = s->plan.metrics.files_after_stats_pruning = n;
  } else {
    SILT_ASSIGN_OR_RETURN(s->plan, PlanDeltaFiles(*s->snapshot, *logical, s->request.predicate, s->config,
                                                  s->request.file_subset));
  }
  s->metrics = s->plan.metrics;
  SILT_ASSIGN_OR_RETURN(s->table_root, AbsoluteTableRoot(s->snapshot->table_root));
  for (const Add* add : s->plan.files) {
    SILT_ASSIGN_OR_RETURN(std::string p, ResolveTablePath(s->table_root, add->path, s->config.allow_outside_paths));
    s->local_paths.push_back(std::move(p));
  }
  return std::unique_ptr<DeltaTableScan>(new DeltaTableScan(std::move(s)));
}

}  // namespace silt::delta
