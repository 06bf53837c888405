#include "silt/sql/plan/logical_plan.h"

namespace silt::sql {

namespace {

std::string JoinExprs(const std::vector<BoundExprPtr>& exprs) {
  std::string out;
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (i) out += ", ";
    out += exprs[i]->ToString();
  }
  return out;
}

std::string JoinSorts(const std::vector<SortExpr>& sorts) {
  std::string out;
  for (size_t i = 0; i < sorts.size(); ++i) {
    if (i) out += ", ";
    out += sorts[i].ToString();
  }
  return out;
}

std::string BoundText(const PlanFrameBound& b) {
  switch (b.kind) {
    case PlanFrameBound::kUnboundedPreceding:
      return "UNBOUNDED PRECEDING";
    case PlanFrameBound::kPreceding:
      return LiteralToSql(*b.offset) + " PRECEDING";
    case PlanFrameBound::kCurrentRow:
      return "CURRENT ROW";
    case PlanFrameBound::kFollowing:
      return LiteralToSql(*b.offset) + " FOLLOWING";
    case PlanFrameBound::kUnboundedFollowing:
      return "UNBOUNDED FOLLOWING";
  }
  return "?";
}

void AppendTree(const LogicalPlan& plan, int depth, std::string* out) {
  out->append(static_cast<size_t>(depth) * 2, ' ');
  out->append(plan.NodeText());
  out->push_back('\n');
  for (const auto& in : plan.inputs) AppendTree(*in, depth + 1, out);
}

}  // namespace

SchemaPtr PlanSchema::ToSchema() const {
  std::vector<FieldPtr> fields;
  fields.reserve(columns.size());
  for (const auto& c : columns) fields.push_back(field(c.name, c.type, c.nullable));
  return std::make_shared<Schema>(std::move(fields));
}

std::string_view JoinTypeName(JoinType type) {
  switch (type) {
    case JoinType::kInner:
      return "Inner";
    case JoinType::kLeft:
      return "Left";
    case JoinType::kRight:
      return "Right";
    case JoinType::kFull:
      return "Full";
    case JoinType::kSemi:
      return "LeftSemi";
    case JoinType::kAnti:
      return "LeftAnti";
    case JoinType::kMark:
      return "LeftMark";
  }
  return "?";
}

std::string SortExpr::ToString() const {
  std::string out = expr->ToString() + (descending ? " DESC" : " ASC");
  // Print NULLS only when it differs from the default for the direction.
  if (nulls_first != descending) out += nulls_first ? " NULLS FIRST" : " NULLS LAST";
  return out;
}

std::string AggregateCallExpr::ToString() const {
  std::string out = name + "(";
  if (distinct) out += "DISTINCT ";
  if (args.empty() && name == "count") out += "*";
  out += JoinExprs(args);
  if (!order_by.empty()) out += " ORDER BY " + JoinSorts(order_by);
  out += ")";
  if (filter) out += " FILTER (WHERE " + filter->ToString() + ")";
  return out;
}

std::string WindowCallExpr::ToString() const {
  std::string out = name + "(" + JoinExprs(args) + ")";
  if (ignore_nulls) out += " IGNORE NULLS";
  out += " OVER (";
  std::string spec;
  if (!partition_by.empty()) spec += "PARTITION BY " + JoinExprs(partition_by);
  if (!order_by.empty()) spec += std::string(spec.empty() ? "" : " ") + "ORDER BY " + JoinSorts(order_by);
  if (frame != WindowFrameKind::kDefault) {
    const char* unit = frame == WindowFrameKind::kRows    ? "ROWS"
                       : frame == WindowFrameKind::kRange ? "RANGE"
                                                          : "GROUPS";
    if (!spec.empty()) spec += " ";
    spec += std::string(unit) + " BETWEEN " + BoundText(frame_start) + " AND " + BoundText(frame_end);
  }
  return out + spec + ")";
}

std::string LogicalPlan::NodeText() const {
  switch (kind) {
    case PlanKind::kScan: {
      std::string out = "TableScan: " + table_name;
      std::string desc = source ? source->Describe() : "";
      if (!desc.empty()) out += " " + desc;
      out += " projection=[";
      for (size_t i = 0; i < schema.columns.size(); ++i) {
        if (i) out += ", ";
        out += schema.columns[i].name;
      }
      out += "]";
      if (!filters.empty()) out += " filters=[" + JoinExprs(filters) + "]";
      if (fetch) out += " fetch=" + std::to_string(*fetch);
      return out;
    }
    case PlanKind::kValues:
      return "Values: " + std::to_string(rows.size()) + " rows";
    case PlanKind::kEmpty:
      return produce_one_row ? "EmptyRelation: one row" : "EmptyRelation";
    case PlanKind::kProjection: {
      std::string out = "Projection: ";
      for (size_t i = 0; i < exprs.size(); ++i) {
        if (i) out += ", ";
        std::string e = exprs[i]->ToString();
        out += e;
        if (e != schema.columns[i].name) out += " AS " + schema.columns[i].name;
      }
      return out;
    }
    case PlanKind::kFilter:
      return "Filter: " + exprs[0]->ToString();
    case PlanKind::kAggregate: {
      std::string out = "Aggregate: groupBy=[" + JoinExprs(group_exprs) + "]";
      if (!grouping_sets.empty()) {
        out += " sets=[";
        for (size_t i = 0; i < grouping_sets.size(); ++i) {
          if (i) out += ", ";
          out += "(";
          for (size_t j = 0; j < grouping_sets[i].size(); ++j) {
            if (j) out += ", ";
            out += group_exprs[grouping_sets[i][j]]->ToString();
          }
          out += ")";
        }
        out += "]";
      }
      out += ", aggr=[";
      for (size_t i = 0; i < aggregates.size(); ++i) {
        if (i) out += ", ";
        out += aggregates[i].ToString();
      }
      return out + "]";
    }
    case PlanKind::kWindow: {
      std::string out = "WindowAggr: windowExpr=[";
      for (size_t i = 0; i < window_calls.size(); ++i) {
        if (i) out += ", ";
        out += window_calls[i].ToString();
      }
      return out + "]";
    }
    case PlanKind::kSort: {
      std::string out = "Sort: " + JoinSorts(sort_exprs);
      if (fetch) out += ", fetch=" + std::to_string(*fetch);
      return out;
    }
    case PlanKind::kLimit:
      return "Limit: skip=" + std::to_string(skip) +
             ", fetch=" + (fetch ? std::to_string(*fetch) : std::string("None"));
    case PlanKind::kJoin: {
      std::string out;
      if (join_keys.empty() && !join_filter && join_type == JoinType::kInner) return "CrossJoin:";
      out = std::string(JoinTypeName(join_type)) + " Join:";
      if (!join_keys.empty()) {
        out += " on=[";
        for (size_t i = 0; i < join_keys.size(); ++i) {
          if (i) out += ", ";
          out += "(" + join_keys[i].first->ToString() + ", " + join_keys[i].second->ToString() + ")";
        }
        out += "]";
      }
      if (join_filter) out += " filter=" + join_filter->ToString();
      if (null_aware) out += " null_aware";
      return out;
    }
    case PlanKind::kUnion:
      return distinct ? "Union: distinct" : "Union";
    case PlanKind::kSetOp:
      return std::string(set_op == SetOpType::kIntersect ? "Intersect" : "Except") +
             (distinct ? ": distinct" : ": all");
    case PlanKind::kRecursiveCte:
      return "RecursiveQuery: " + cte_name;
    case PlanKind::kWorkTable:
      return "WorkTableScan: " + cte_name;
    case PlanKind::kMaterializedCte:
      return "MaterializedCte: " + cte_name;
    case PlanKind::kUnnest:
    {
      std::string out = "Unnest: ";
      for (size_t i = 0; i < unnest_columns.size(); ++i) {
        if (i) out.append(", ");
        out.append(inputs[0]->schema.columns[unnest_columns[i]].name);
      }
      if (unnest_outer) out.append(" (outer)");
      return out;
    }
  }
  return "?";
}

std::string LogicalPlan::ToText() const {
  std::string out;
  AppendTree(*this, 0, &out);
  return out;
}

std::vector<BoundExprPtr> ColumnsOf(const PlanSchema& schema, int offset) {
  std::vector<BoundExprPtr> out;
  out.reserve(schema.columns.size());
  for (int i = 0; i < schema.size(); ++i) {
    const auto& c = schema.columns[i];
    out.push_back(MakeColumn(i + offset, c.name, c.type, c.nullable));
  }
  return out;
}

LogicalPlanPtr MakeProjection(LogicalPlanPtr input, std::vector<BoundExprPtr> exprs,
                              std::vector<std::string> names, std::vector<std::string> qualifiers) {
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kProjection;
  for (size_t i = 0; i < exprs.size(); ++i) {
    PlanColumn c;
    c.name = names[i];
    if (i < qualifiers.size()) c.qualifier = qualifiers[i];
    c.type = exprs[i]->type;
    c.nullable = exprs[i]->nullable;
    p->schema.columns.push_back(std::move(c));
  }
  p->exprs = std::move(exprs);
  p->inputs = {std::move(input)};
  return p;
}

LogicalPlanPtr MakeFilter(LogicalPlanPtr input, BoundExprPtr predicate) {
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kFilter;
  p->schema = input->schema;
  p->exprs = {std::move(predicate)};
  p->inputs = {std::move(input)};
  return p;
}

LogicalPlanPtr MakeLimit(LogicalPlanPtr input, int64_t skip, std::optional<int64_t> fetch) {
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kLimit;
  p->schema = input->schema;
  p->skip = skip;
  p->fetch = fetch;
  p->inputs = {std::move(input)};
  return p;
}

LogicalPlanPtr MakeSort(LogicalPlanPtr input, std::vector<SortExpr> keys,
                        std::optional<int64_t> fetch) {
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kSort;
  p->schema = input->schema;
  p->sort_exprs = std::move(keys);
  p->fetch = fetch;
  p->inputs = {std::move(input)};
  return p;
}

namespace {

PlanSchema JoinSchema(const LogicalPlan& left, const LogicalPlan& right, JoinType type,
                      const std::string& mark_name) {
  PlanSchema s;
  bool left_nullable = type == JoinType::kRight || type == JoinType::kFull;
  bool right_nullable = type == JoinType::kLeft || type == JoinType::kFull;
  for (auto c : left.schema.columns) {
    c.nullable = c.nullable || left_nullable;
    s.columns.push_back(std::move(c));
  }
  if (type == JoinType::kSemi || type == JoinType::kAnti) return s;
  if (type == JoinType::kMark) {
    s.columns.push_back(PlanColumn{"", mark_name, boolean(), true});
    return s;
  }
  for (auto c : right.schema.columns) {
    c.nullable = c.nullable || right_nullable;
    s.columns.push_back(std::move(c));
  }
  return s;
}

}  // namespace

LogicalPlanPtr MakeJoin(LogicalPlanPtr left, LogicalPlanPtr right, JoinType type,
                        std::vector<std::pair<BoundExprPtr, BoundExprPtr>> keys,
                        BoundExprPtr filter, std::string mark_name) {
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kJoin;
  p->join_type = type;
  p->schema = JoinSchema(*left, *right, type, mark_name);
  p->join_keys = std::move(keys);
  p->join_filter = std::move(filter);
  p->inputs = {std::move(left), std::move(right)};
  return p;
}

std::shared_ptr<LogicalPlan> ClonePlan(const LogicalPlan& plan) {
  return std::make_shared<LogicalPlan>(plan);
}

LogicalPlanPtr WithInputs(const LogicalPlan& plan, std::vector<LogicalPlanPtr> inputs) {
  auto p = ClonePlan(plan);
  p->inputs = std::move(inputs);
  switch (p->kind) {
    case PlanKind::kFilter:
    case PlanKind::kSort:
    case PlanKind::kLimit:
      p->schema = p->inputs[0]->schema;
      break;
    case PlanKind::kUnnest: {
      std::vector<PlanColumn> elements(p->schema.columns.end() - static_cast<std::ptrdiff_t>(p->unnest_columns.size()),
                                       p->schema.columns.end());
      p->schema = p->inputs[0]->schema;
      for (auto& e : elements) p->schema.columns.push_back(std::move(e));
      break;
    }
    case PlanKind::kJoin: {
      std::string mark = p->join_type == JoinType::kMark ? p->schema.columns.back().name : "";
      p->schema = JoinSchema(*p->inputs[0], *p->inputs[1], p->join_type, mark);
      break;
    }
    case PlanKind::kWindow: {
      PlanSchema s = p->inputs[0]->schema;
      for (size_t i = plan.inputs[0]->schema.columns.size(); i < plan.schema.columns.size(); ++i) {
        s.columns.push_back(plan.schema.columns[i]);
      }
      p->schema = std::move(s);
      break;
    }
    default:
      break;
  }
  return p;
}

}  // namespace silt::sql
