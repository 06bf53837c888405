#include "silt/delta/kernel/file_skipping.h"

#include <functional>
#include <set>

#include "silt/common/ascii.h"
#include "silt/delta/kernel/partition_values.h"
#include "silt/expr/evaluate.h"

namespace silt::delta {

namespace {

/// Rebuilds `e` with every column path replaced by `rename(path)`.
Result<ExprPtr> RewriteColumns(const ExprPtr& e,
                               const std::function<Result<std::vector<std::string>>(
                                   const std::vector<std::string>&)>& rename) {
  switch (e->kind()) {
    case ExprKind::kColumnRef: {
      SILT_ASSIGN_OR_RETURN(auto path, rename(e->path()));
      return Expr::ColumnRef(std::move(path));
    }
    case ExprKind::kLiteral: return e;
    default: break;
  }
  std::vector<ExprPtr> children;
  children.reserve(e->children().size());
  for (const auto& c : e->children()) {
    SILT_ASSIGN_OR_RETURN(auto child, RewriteColumns(c, rename));
    children.push_back(std::move(child));
  }
  return WithChildren(e, std::move(children));
}

/// Collects every struct-nested field path of `type` under `prefix` into `out`.
void CollectPaths(const Field& field, std::vector<std::string> prefix, bool widened_above,
                  std::map<std::vector<std::string>, std::pair<DataTypePtr, bool>>* out) {
  prefix.push_back(field.name);
  const bool widened = widened_above || FieldMetadataJson(field, "delta.typeChanges").has_value();
  (*out)[prefix] = {field.type, !widened};
  if (field.type->id() == TypeId::kStruct && !IsVariantField(field)) {
    for (const auto& child : field.type->children()) CollectPaths(*child, prefix, widened, out);
  }
}

bool IsTimestamp(const DataType& t) { return t.id() == TypeId::kTimestamp; }

}  // namespace

Result<std::unique_ptr<FileSkipper>> FileSkipper::Make(SchemaPtr logical_schema,
                                                       const std::vector<std::string>& partition_columns,
                                                       ColumnMappingMode mode, ExprPtr predicate) {
  std::unique_ptr<FileSkipper> s(new FileSkipper());
  s->logical_schema_ = logical_schema;
  s->mode_ = mode;
  SILT_ASSIGN_OR_RETURN(ColumnNameMap names, MakeColumnNameMap(*logical_schema, mode));
  s->names_ = std::make_unique<ColumnNameMap>(std::move(names));
  SILT_ASSIGN_OR_RETURN(s->stats_schema_, MakePhysicalSchema(*logical_schema, mode));

  std::map<std::vector<std::string>, std::pair<DataTypePtr, bool>> paths;
  for (const auto& f : logical_schema->fields()) CollectPaths(*f, {}, false, &paths);
  for (auto& [path, info] : paths) {
    ColumnInfo c;
    c.type = info.first;
    c.stats_usable = info.second;
    s->columns_[path] = std::move(c);
  }
  for (const std::string& name : partition_columns) {
    auto it = s->columns_.end();
    for (auto jt = s->columns_.begin(); jt != s->columns_.end(); ++jt) {
      if (jt->first.size() == 1 && EqualsIgnoreAsciiCase(jt->first[0], name)) it = jt;
    }
    if (it == s->columns_.end()) {
      return Status::Corrupt("partition column '" + name + "' is not in the table schema");
    }
    it->second.is_partition = true;
    auto physical = s->names_->logical_to_physical.find(it->first);
    it->second.partition_key =
        physical != s->names_->logical_to_physical.end() ? physical->second[0] : it->first[0];
  }

  if (predicate) {
    const Schema& schema = *logical_schema;
    auto canonical = [&schema](const std::vector<std::string>& path)
        -> Result<std::vector<std::string>> {
      SILT_ASSIGN_OR_RETURN(std::vector<int> indices, ResolveColumnPath(schema, path));
      std::vector<std::string> names;
      const std::vector<FieldPtr>* level = &schema.fields();
      for (int i : indices) {
        const Field& f = *(*level)[static_cast<size_t>(i)];
        names.push_back(f.name);
        level = &f.type->children();
      }
      return names;
    };
    SILT_ASSIGN_OR_RETURN(s->predicate_, RewriteColumns(predicate, canonical));
    // Stats JSON is parsed per file: only the columns the predicate names are converted.
    std::set<std::string> referenced;
    std::function<void(const Expr&)> collect = [&](const Expr& e) {
      if (e.is_column()) referenced.insert(e.path()[0]);
      for (const auto& c : e.children()) collect(*c);
    };
    collect(*s->predicate_);
    std::vector<FieldPtr> stats_fields;
    for (int i = 0; i < logical_schema->num_fields(); ++i) {
      if (referenced.count(logical_schema->field(i)->name)) stats_fields.push_back(s->stats_schema_->field(i));
    }
    s->stats_schema_ = std::make_shared<Schema>(std::move(stats_fields));
  }
  return s;
}

std::optional<ResolvedBounds> FileSkipper::PartitionBounds(const Add& add,
                                                           const std::vector<std::string>& path) const {
  auto it = columns_.find(path);
  if (it == columns_.end() || !it->second.is_partition) return std::nullopt;
  const ColumnInfo& c = it->second;
  auto pv = add.partition_values.find(c.partition_key);
  std::optional<std::string_view> text;
  if (pv != add.partition_values.end() && pv->second) text = *pv->second;
  auto value = ParsePartitionValue(text, c.type);
  if (!value.ok()) return std::nullopt;  // unreadable: the scan reports it, pruning keeps the file
  ColumnBounds b;
  // A whole-file constant: one abstract "row" stands for all of them.
  b.num_values = 1;
  b.is_floating = c.type->IsFloating();
  if (value->is_null()) {
    b.null_count = 1;
  } else {
    b.null_count = 0;
    b.nan_count = 0;
    b.min = *value;
    b.max = *value;
  }
  return ResolvedBounds{c.type, std::move(b)};
}

std::optional<ResolvedBounds> FileSkipper::StatsBounds(const FileStats& stats,
                                                       const std::vector<std::string>& path) const {
  auto it = columns_.find(path);
  if (it == columns_.end() || !it->second.stats_usable) return std::nullopt;
  const ColumnInfo& c = it->second;
  const ColumnStats* cs = stats.Find(path);
  if (cs == nullptr) return ResolvedBounds{c.type, std::nullopt};
  ColumnBounds b;
  b.num_values = stats.num_records.value_or(-1);
  b.null_count = cs->null_count;
  b.is_floating = c.type->IsFloating();
  if (cs->min && cs->max) {
    b.min = cs->min;
    b.max = cs->max;
    if (cs->max_truncated_to_millis && IsTimestamp(*b.max->type()) && !b.max->is_null()) {
      const DataType& t = *b.max->type();
      int64_t per_milli = t.unit() == TimeUnit::kNano ? 1000000 : t.unit() == TimeUnit::kMicro ? 1000 : 1;
      b.max = Scalar::Timestamp(b.max->int_value() + per_milli, t.unit(), t.timezone());
    }
  }
  return ResolvedBounds{c.type, std::move(b)};
}

bool FileSkipper::PartitionMayMatch(const Add& add) const {
  if (!predicate_) return true;
  BoundsResolver resolve = [&](const std::vector<std::string>& path) {
    return PartitionBounds(add, path);
  };
  return BoundsMayMatch(*predicate_, resolve);
}

bool FileSkipper::MayMatch(const Add& add) const {
  if (!predicate_) return true;
  std::optional<FileStats> stats;
  if (add.stats) {
    auto parsed = ParseFileStats(*add.stats, *stats_schema_,
                                 mode_ == ColumnMappingMode::kNone ? nullptr : names_.get());
    if (parsed.ok()) {
      stats = std::move(*parsed);
    } else {
      ++stats_errors_;
    }
  }
  BoundsResolver resolve = [&](const std::vector<std::string>& path) -> std::optional<ResolvedBounds> {
    if (auto p = PartitionBounds(add, path)) return p;
    if (!stats) return std::nullopt;
    return StatsBounds(*stats, path);
  };
  return BoundsMayMatch(*predicate_, resolve);
}

}  // namespace silt::delta
