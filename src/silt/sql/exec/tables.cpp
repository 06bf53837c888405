#include "silt/sql/exec/tables.h"

#include <fnmatch.h>

#include <algorithm>

#include "silt/delta/engine/snapshot_loader.h"
#include "silt/delta/kernel/file_stats.h"
#include "silt/delta/kernel/schema.h"
#include "silt/delta/scan/delta_scan.h"
#include "silt/io/file_system.h"
#include "silt/parquet/file_reader.h"
#include "silt/parquet/pruning.h"
#include "silt/sql/exec/pruning_predicate.h"

namespace silt::sql {

namespace {

/// Selects the requested columns of a batch and stops at the limit.
class ProjectingScan : public TableScan {
 public:
  using Source = std::function<Result<RecordBatchPtr>()>;
  ProjectingScan(SchemaPtr out_schema, std::vector<int> projection, std::optional<int64_t> limit,
                 Source source)
      : schema_(std::move(out_schema)), projection_(std::move(projection)),
        remaining_(limit.value_or(INT64_MAX)), source_(std::move(source)) {}
  const SchemaPtr& schema() const override { return schema_; }
  Result<RecordBatchPtr> Next() override {
    while (remaining_ > 0) {
      SILT_ASSIGN_OR_RETURN(auto b, source_());
      if (!b) return b;
      if (b->num_rows() == 0) continue;
      std::vector<ArrayDataPtr> cols;
      if (project_) {
        for (int i : projection_) cols.push_back(b->column(i));
      } else {
        cols = b->columns();
      }
      int64_t n = std::min(remaining_, b->num_rows());
      remaining_ -= n;
      auto out = std::make_shared<RecordBatch>(schema_, b->num_rows(), std::move(cols));
      return n == b->num_rows() ? RecordBatchPtr(out) : out->Slice(0, n);
    }
    return RecordBatchPtr();
  }
  bool project_ = true;
  std::function<ScanMetricList()> metrics_fn_;
  ScanMetricList metrics() const override { return metrics_fn_ ? metrics_fn_() : ScanMetricList{}; }

 private:
  SchemaPtr schema_;
  std::vector<int> projection_;
  int64_t remaining_;
  Source source_;
};

/// Whether a filter has a pruning translation (checked on shape alone: column indices are
/// resolved against the projected schema when the scan starts).
FilterPushdown PruningSupport(const BoundExpr& filter) {
  std::vector<int> cols;
  CollectColumns(filter, &cols);
  int width = 0;
  for (int c : cols) width = std::max(width, c + 1);
  std::vector<FieldPtr> fields;
  for (int i = 0; i < width; ++i) fields.push_back(field(std::string("c").append(std::to_string(i)), null()));
  return ToPruningPredicate(filter, Schema(fields)) ? FilterPushdown::kInexact : FilterPushdown::kUnsupported;
}

/// The conjunction of the filters' pruning translations (null when none translates).
silt::ExprPtr PruningPredicate(const std::vector<BoundExprPtr>& filters, const Schema& schema) {
  std::vector<silt::ExprPtr> parts;
  for (const auto& f : filters) {
    if (auto p = ToPruningPredicate(*f, schema)) parts.push_back(p);
  }
  if (parts.empty()) return nullptr;
  return silt::Expr::And(parts);
}

SchemaPtr Project(const Schema& schema, const std::vector<int>& projection) {
  std::vector<FieldPtr> fields;
  for (int i : projection) fields.push_back(schema.field(i));
  return std::make_shared<Schema>(std::move(fields));
}

// ---------------------------------------------------------------------------------------
class ParquetTable : public TableSource {
 public:
  ParquetTable(std::string path, std::vector<std::string> files, SchemaPtr schema)
      : path_(std::move(path)), files_(std::move(files)), schema_(std::move(schema)) {}
  SchemaPtr schema() const override { return schema_; }
  std::string kind() const override { return "parquet"; }
  TableStatistics statistics() const override {
    TableStatistics s;
    s.num_rows = num_rows_;
    s.column_ndv = ndv_;
    return s;
  }
  FilterPushdown SupportsFilter(const BoundExpr& filter) const override { return PruningSupport(filter); }
  void set_num_rows(int64_t rows) { num_rows_ = rows; }
  void set_ndv(std::vector<std::optional<double>> ndv) { ndv_ = std::move(ndv); }
  Result<std::unique_ptr<TableScan>> Scan(const ScanRequest& request) const override {
    auto out_schema = Project(*schema_, request.projection);
    std::vector<std::string> columns;
    for (int i : request.projection) columns.push_back(schema_->field(i)->name);
    struct State {
      std::vector<std::string> files;
      size_t next_file = 0;
      std::unique_ptr<parquet::ParquetFileReader> reader;
      parquet::ParquetReadOptions options;
      int64_t bytes_read = 0, row_groups = 0, row_groups_pruned = 0, pages = 0, pages_skipped = 0;
      std::vector<BoundExprPtr> base_filters;
      std::shared_ptr<RuntimeFilters> runtime_filters;
      SchemaPtr out_schema;
    };
    auto state = std::make_shared<State>();
    state->files = files_;
    state->options.columns = columns;
    state->options.batch_size = request.batch_size;
    state->options.pool = request.pool;
    state->base_filters = request.filters;
    state->runtime_filters = request.runtime_filters;
    state->out_schema = out_schema;
    std::vector<int> identity;
    for (size_t i = 0; i < columns.size(); ++i) identity.push_back(static_cast<int>(i));
    auto scan = std::make_unique<ProjectingScan>(out_schema, identity, request.limit,
                                                 [state]() -> Result<RecordBatchPtr> {
      auto done_with_file = [&]() {
        const auto& m = state->reader->metrics();
        state->bytes_read += m.bytes_read;
        state->row_groups += m.row_groups_total;
        state->row_groups_pruned += m.row_groups_pruned;
        state->pages += m.pages_total;
        state->pages_skipped += m.pages_skipped;
        state->reader.reset();
      };
      while (true) {
        if (!state->reader) {
          if (state->next_file >= state->files.size()) return RecordBatchPtr();
          const std::string& file = state->files[state->next_file++];
          // Filters published at run time (a join's build-key range) prune this file too.
          std::vector<BoundExprPtr> filters = state->base_filters;
          if (state->runtime_filters) {
            for (auto& f : state->runtime_filters->Get()) filters.push_back(f);
          }
          state->options.predicate = PruningPredicate(filters, *state->out_schema);
          auto reader = parquet::ParquetFileReader::Open(file, state->options);
          if (!reader.ok()) return reader.status().WithContext("reading " + file);
          state->reader = reader.MoveValue();
        }
        auto b = state->reader->Next();
        if (!b.ok()) return b.status();
        if (*b) {
          // The reader returns columns in file order; put them in the requested order.
          const auto& batch = **b;
          std::vector<ArrayDataPtr> cols;
          for (const auto& name : state->options.columns) {
            int i = batch.schema()->FieldIndex(name);
            if (i < 0) return Status::Corrupt("column '" + name + "' missing from a Parquet file of the table");
            cols.push_back(batch.column(i));
          }
          return std::make_shared<RecordBatch>(batch.schema(), batch.num_rows(), std::move(cols));
        }
        done_with_file();
      }
    });
    scan->metrics_fn_ = [state]() -> ScanMetricList {
      return {{"files", static_cast<int64_t>(state->files.size())},
              {"row_groups_total", state->row_groups},
              {"row_groups_pruned", state->row_groups_pruned},
              {"pages_total", state->pages},
              {"pages_skipped", state->pages_skipped},
              {"bytes_read", state->bytes_read}};
    };
    scan->project_ = false;
    return std::unique_ptr<TableScan>(std::move(scan));
  }

 private:
  std::string path_;
  std::vector<std::string> files_;
  SchemaPtr schema_;
  int64_t num_rows_ = 0;
  std::vector<std::optional<double>> ndv_;
};

/// Distinct-value estimates of integer and date columns from the footer's min/max: the
/// value range, capped by the row count (a key column 1..N has N values).
std::vector<std::optional<double>> EstimateNdv(const parquet::ParquetFileReader& reader, const Schema& schema,
                                              int64_t rows) {
  std::vector<std::optional<double>> ndv(static_cast<size_t>(schema.num_fields()));
  const auto& ps = reader.parquet_schema();
  const auto& md = reader.metadata();
  for (size_t leaf = 0; leaf < ps.leaves().size(); ++leaf) {
    const auto& desc = ps.leaves()[leaf];
    if (desc.path.size() != 1) continue;
    int col = schema.FieldIndex(desc.path[0]);
    if (col < 0) continue;
    TypeId id = desc.type->id();
    bool integral = id == TypeId::kInt8 || id == TypeId::kInt16 || id == TypeId::kInt32 ||
                    id == TypeId::kInt64 || id == TypeId::kDate32;
    if (!integral) continue;
    std::optional<int64_t> lo, hi;
    bool ok = !md.row_groups.empty();
    for (size_t rg = 0; rg < md.row_groups.size() && ok; ++rg) {
      auto b = parquet::ColumnChunkBounds(ps, md, static_cast<int>(rg), static_cast<int>(leaf));
      if (!b || !b->min || !b->max || b->min->is_null() || b->max->is_null()) {
        ok = false;
        break;
      }
      int64_t mn = b->min->int_value(), mx = b->max->int_value();
      lo = lo ? std::min(*lo, mn) : mn;
      hi = hi ? std::max(*hi, mx) : mx;
    }
    if (ok && lo && hi) {
      double range = static_cast<double>(*hi) - static_cast<double>(*lo) + 1.0;
      ndv[static_cast<size_t>(col)] = std::min(range, static_cast<double>(std::max<int64_t>(rows, 1)));
    }
  }
  return ndv;
}

// ---------------------------------------------------------------------------------------
class DeltaTable : public TableSource {
 public:
  DeltaTable(std::string path, std::shared_ptr<const delta::DeltaSnapshot> snapshot, SchemaPtr schema,
             bool pinned)
      : path_(std::move(path)), snapshot_(std::move(snapshot)), schema_(std::move(schema)), pinned_(pinned) {}
  SchemaPtr schema() const override { return schema_; }
  std::string kind() const override { return "delta"; }
  std::string Describe() const override {
    return pinned_ ? "version=" + std::to_string(snapshot_->state.version) : "";
  }
  TableStatistics statistics() const override {
    std::call_once(stats_once_, [this] { stats_ = ComputeStatistics(); });
    return stats_;
  }
  FilterPushdown SupportsFilter(const BoundExpr& filter) const override { return PruningSupport(filter); }
  Result<std::unique_ptr<TableScan>> Scan(const ScanRequest& request) const override {
    delta::DeltaScanRequest req;
    std::vector<std::string> names;
    for (int i : request.projection) names.push_back(schema_->field(i)->name);
    req.columns = names;
    req.limit = request.limit;
    req.batch_size = request.batch_size;
    req.pool = request.pool;
    auto out_schema = Project(*schema_, request.projection);
    // Validate the request now (Plan errors at plan time); the scan that reads starts at the
    // first batch, so filters published at run time take part in file skipping.
    req.predicate = PruningPredicate(request.filters, *out_schema);
    SILT_RETURN_NOT_OK(delta::DeltaTableScan::Make(io::LocalFileSystem(), snapshot_, req).status());
    auto make = [snapshot = snapshot_, req, filters = request.filters, runtime = request.runtime_filters,
                 out_schema]() mutable -> Result<std::unique_ptr<delta::DeltaTableScan>> {
      std::vector<BoundExprPtr> all = filters;
      if (runtime) {
        for (auto& f : runtime->Get()) all.push_back(f);
      }
      req.predicate = PruningPredicate(all, *out_schema);
      return delta::DeltaTableScan::Make(io::LocalFileSystem(), snapshot, req);
    };
    return std::unique_ptr<TableScan>(std::make_unique<DeltaScanWrapper>(out_schema, std::move(make)));
  }

 private:
  class DeltaScanWrapper : public TableScan {
   public:
    using Maker = std::function<Result<std::unique_ptr<delta::DeltaTableScan>>()>;
    DeltaScanWrapper(SchemaPtr schema, Maker make) : schema_(std::move(schema)), make_(std::move(make)) {}
    const SchemaPtr& schema() const override { return schema_; }
    Result<RecordBatchPtr> Next() override {
      if (!scan_) {
        SILT_ASSIGN_OR_RETURN(scan_, make_());
      }
      SILT_ASSIGN_OR_RETURN(auto b, scan_->Next());
      if (!b) return b;
      return std::make_shared<RecordBatch>(schema_, b->num_rows(), b->columns());
    }
    ScanMetricList metrics() const override {
      if (!scan_) return {};
      const auto& m = scan_->metrics();
      return {{"files_in_snapshot", m.files_in_snapshot},
              {"files_after_partition_pruning", m.files_after_partition_pruning},
              {"files_after_stats_pruning", m.files_after_stats_pruning},
              {"files_read", m.files_read},
              {"row_groups_total", m.row_groups_total},
              {"row_groups_pruned", m.row_groups_pruned},
              {"pages_total", m.pages_total},
              {"pages_skipped", m.pages_skipped},
              {"bytes_read", m.bytes_read},
              {"rows_deleted_by_dv", m.rows_deleted_by_dv}};
    }

   private:
    SchemaPtr schema_;
    Maker make_;
    std::unique_ptr<delta::DeltaTableScan> scan_;
  };

  /// Row count and integer/date NDV estimates from the adds' stats (numRecords, min/max),
  /// parsed once per table; files without stats leave the counts unknown.
  TableStatistics ComputeStatistics() const {
    TableStatistics s;
    int64_t bytes = 0, rows = 0;
    bool rows_known = true;
    std::vector<std::optional<int64_t>> lo(static_cast<size_t>(schema_->num_fields())), hi = lo;
    std::vector<bool> range_known(static_cast<size_t>(schema_->num_fields()), true);
    for (const auto& a : snapshot_->state.adds) {
      bytes += a.size;
      if (!a.stats) {
        rows_known = false;
        break;
      }
      auto st = delta::ParseFileStats(*a.stats, *schema_);
      if (!st.ok() || !st->num_records) {
        rows_known = false;
        break;
      }
      rows += *st->num_records;
      for (int c = 0; c < schema_->num_fields(); ++c) {
        TypeId id = schema_->field(c)->type->id();
        bool integral = id == TypeId::kInt8 || id == TypeId::kInt16 || id == TypeId::kInt32 || id == TypeId::kInt64 ||
                        id == TypeId::kDate32;
        if (!integral || !range_known[c]) continue;
        const auto* cs = st->Find({schema_->field(c)->name});
        if (!cs || !cs->min || !cs->max || cs->min->is_null() || cs->max->is_null()) {
          range_known[c] = false;
          continue;
        }
        int64_t mn = cs->min->int_value(), mx = cs->max->int_value();
        lo[c] = lo[c] ? std::min(*lo[c], mn) : mn;
        hi[c] = hi[c] ? std::max(*hi[c], mx) : mx;
      }
    }
    s.total_bytes = bytes;
    if (rows_known) {
      s.num_rows = rows;
      s.column_ndv.resize(static_cast<size_t>(schema_->num_fields()));
      for (int c = 0; c < schema_->num_fields(); ++c) {
        if (range_known[c] && lo[c] && hi[c]) {
          double range = static_cast<double>(*hi[c]) - static_cast<double>(*lo[c]) + 1.0;
          s.column_ndv[c] = std::min(range, static_cast<double>(std::max<int64_t>(rows, 1)));
        }
      }
    }
    return s;
  }

  std::string path_;
  std::shared_ptr<const delta::DeltaSnapshot> snapshot_;
  SchemaPtr schema_;
  bool pinned_;
  mutable std::once_flag stats_once_;
  mutable TableStatistics stats_;
};

// ---------------------------------------------------------------------------------------
class CsvTable : public TableSource {
 public:
  CsvTable(std::string path, csv::CsvOptions options, SchemaPtr schema)
      : path_(std::move(path)), options_(std::move(options)), schema_(std::move(schema)) {}
  SchemaPtr schema() const override { return schema_; }
  std::string kind() const override { return "csv"; }
  Result<std::unique_ptr<TableScan>> Scan(const ScanRequest& request) const override {
    csv::CsvOptions options = options_;
    options.schema = schema_;
    options.batch_rows = request.batch_size;
    auto fs = io::LocalFileSystem();
    SILT_ASSIGN_OR_RETURN(auto reader, csv::CsvReader::Open(fs.get(), path_, options, request.pool));
    std::shared_ptr<csv::CsvReader> shared(std::move(reader));
    auto out_schema = Project(*schema_, request.projection);
    return std::unique_ptr<TableScan>(std::make_unique<ProjectingScan>(
        out_schema, request.projection, request.limit,
        [shared, fs]() { return shared->Next(); }));
  }

 private:
  std::string path_;
  csv::CsvOptions options_;
  SchemaPtr schema_;
};

bool HasGlob(const std::string& s) { return s.find_first_of("*?[") != std::string::npos; }

}  // namespace

// ---------------------------------------------------------------------------------------
TableStatistics MemoryTable::statistics() const {
  std::lock_guard<std::mutex> lock(mutex_);
  int64_t rows = 0;
  for (const auto& b : batches_) rows += b->num_rows();
  TableStatistics s;
  s.num_rows = rows;
  return s;
}

Result<std::unique_ptr<TableScan>> MemoryTable::Scan(const ScanRequest& request) const {
  // Stored batches are re-sliced to the requested batch size (zero-copy).
  auto batches = std::make_shared<std::vector<RecordBatchPtr>>();
  for (const auto& b : this->batches()) {
    for (int64_t start = 0; start < b->num_rows(); start += request.batch_size) {
      int64_t len = std::min(request.batch_size, b->num_rows() - start);
      batches->push_back(start == 0 && len == b->num_rows() ? b : b->Slice(start, len));
    }
  }
  auto next = std::make_shared<size_t>(0);
  auto out_schema = Project(*schema_, request.projection);
  return std::unique_ptr<TableScan>(std::make_unique<ProjectingScan>(
      out_schema, request.projection, request.limit, [batches, next]() -> Result<RecordBatchPtr> {
        if (*next >= batches->size()) return RecordBatchPtr();
        return (*batches)[(*next)++];
      }));
}

void MemoryTable::Append(std::vector<RecordBatchPtr> batches) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& b : batches) {
    if (b->num_rows() > 0) batches_.push_back(std::move(b));
  }
}

void MemoryTable::Replace(std::vector<RecordBatchPtr> batches) {
  std::lock_guard<std::mutex> lock(mutex_);
  batches_.clear();
  for (auto& b : batches) {
    if (b->num_rows() > 0) batches_.push_back(std::move(b));
  }
}

std::vector<RecordBatchPtr> MemoryTable::batches() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return batches_;
}

Result<std::shared_ptr<TableSource>> OpenParquetTable(const std::string& path) {
  auto fs = io::LocalFileSystem();
  std::vector<std::string> files;
  if (HasGlob(path)) {
    size_t slash = path.find_last_of('/');
    std::string dir = slash == std::string::npos ? "." : path.substr(0, slash);
    std::string pattern = slash == std::string::npos ? path : path.substr(slash + 1);
    SILT_ASSIGN_OR_RETURN(auto entries, fs->List(dir));
    for (const auto& e : entries) {
      std::string base = e.path.substr(e.path.find_last_of('/') + 1);
      if (!e.is_dir && fnmatch(pattern.c_str(), base.c_str(), 0) == 0) files.push_back(e.path);
    }
  } else {
    auto entries = fs->List(path);
    if (entries.ok()) {
      for (const auto& e : *entries) {
        std::string base = e.path.substr(e.path.find_last_of('/') + 1);
        if (!e.is_dir && base.size() > 8 && base.substr(base.size() - 8) == ".parquet" && base[0] != '.' && base[0] != '_') {
          files.push_back(e.path);
        }
      }
    } else {
      files.push_back(path);
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) return Status::IOError("no Parquet files match '" + path + "'");
  parquet::ParquetReadOptions options;
  SILT_ASSIGN_OR_RETURN(auto reader, parquet::ParquetFileReader::Open(files[0], options));
  SchemaPtr schema = reader->output_schema();
  // Row counts from every footer: the optimizer's join ordering reads them.
  int64_t rows = reader->metadata().num_rows;
  for (size_t i = 1; i < files.size(); ++i) {
    SILT_ASSIGN_OR_RETURN(auto r, parquet::ParquetFileReader::Open(files[i], options));
    rows += r->metadata().num_rows;
  }
  auto table = std::make_shared<ParquetTable>(path, std::move(files), schema);
  table->set_num_rows(rows);
  table->set_ndv(EstimateNdv(*reader, *schema, rows));
  return std::shared_ptr<TableSource>(table);
}

Result<std::shared_ptr<TableSource>> OpenDeltaTable(const std::string& path, std::optional<int64_t> version,
                                                    std::optional<std::string> timestamp) {
  bool pinned = version.has_value() || timestamp.has_value();
  SILT_ASSIGN_OR_RETURN(auto snap, delta::LoadSnapshot(*io::LocalFileSystem(), path, version, timestamp));
  auto shared = std::make_shared<const delta::DeltaSnapshot>(std::move(snap));
  SILT_ASSIGN_OR_RETURN(auto schema, delta::ParseDeltaSchema(shared->state.metadata.schema_string));
  return std::shared_ptr<TableSource>(std::make_shared<DeltaTable>(path, shared, schema, pinned));
}

Result<std::shared_ptr<TableSource>> OpenCsvTable(const std::string& path, csv::CsvOptions options) {
  auto fs = io::LocalFileSystem();
  SILT_ASSIGN_OR_RETURN(auto reader, csv::CsvReader::Open(fs.get(), path, options));
  SchemaPtr schema = reader->schema();
  return std::shared_ptr<TableSource>(std::make_shared<CsvTable>(path, std::move(options), schema));
}

}  // namespace silt::sql
