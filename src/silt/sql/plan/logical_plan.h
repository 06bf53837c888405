#pragma once

// Logical plan nodes. A plan is an immutable tree of LogicalPlan nodes, each with an output
// schema (PlanSchema: columns with an optional table qualifier). Optimizer rules build new
// trees rather than mutating; ToText() prints a deterministic indented form used by EXPLAIN
// and the golden files (no pointers, no hash order).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "silt/columnar/array.h"
#include "silt/sql/plan/bound_expr.h"
#include "silt/sql/plan/table_source.h"

namespace silt::sql {

/// One output column of a plan node.
struct PlanColumn {
  std::string qualifier;  ///< table name or alias ("" when none)
  std::string name;
  DataTypePtr type;
  bool nullable = true;
};

/// The columns a plan node produces, in order.
struct PlanSchema {
  std::vector<PlanColumn> columns;
  int size() const { return static_cast<int>(columns.size()); }
  /// An executor schema (names unqualified).
  SchemaPtr ToSchema() const;
};

enum class PlanKind : uint8_t {
  kScan, kValues, kEmpty, kProjection, kFilter, kAggregate, kWindow, kSort, kLimit, kJoin,
  kUnion, kSetOp, kRecursiveCte, kWorkTable,
  kUnnest,  ///< input columns + one row per element of the list columns `unnest_columns`
  /// A CTE read more than once: its input runs once and every reference reads the rows
  /// (`cte_name`, `cte_id`); optimizer rules treat it as a barrier so the copies stay equal.
  kMaterializedCte,
};

enum class JoinType : uint8_t {
  kInner, kLeft, kRight, kFull, kSemi, kAnti,
  kMark,  ///< every left row plus a boolean: whether a right row matches (IN/EXISTS)
};
std::string_view JoinTypeName(JoinType type);

/// A sort key over the node's input columns.
struct SortExpr {
  BoundExprPtr expr;
  bool descending = false;
  bool nulls_first = false;
  std::string ToString() const;
};

/// One aggregate call of an Aggregate node.
struct AggregateCallExpr {
  std::string name;  ///< canonical lower-case name
  std::vector<BoundExprPtr> args;
  bool distinct = false;
  BoundExprPtr filter;  ///< FILTER (WHERE ...), or null
  std::vector<SortExpr> order_by;
  DataTypePtr return_type;
  std::string ToString() const;
};

enum class WindowFrameKind : uint8_t { kDefault, kRows, kRange, kGroups };
/// A frame bound as written: UNBOUNDED PRECEDING / n PRECEDING / CURRENT ROW / ...
struct PlanFrameBound {
  enum Kind : uint8_t { kUnboundedPreceding, kPreceding, kCurrentRow, kFollowing, kUnboundedFollowing };
  Kind kind = kUnboundedPreceding;
  ArrayDataPtr offset;  ///< one-row value for n PRECEDING/FOLLOWING
};

/// One window function call of a Window node.
struct WindowCallExpr {
  std::string name;
  std::vector<BoundExprPtr> args;
  std::vector<BoundExprPtr> partition_by;
  std::vector<SortExpr> order_by;
  WindowFrameKind frame = WindowFrameKind::kDefault;
  PlanFrameBound frame_start;
  PlanFrameBound frame_end{PlanFrameBound::kCurrentRow, nullptr};
  bool ignore_nulls = false;
  DataTypePtr return_type;
  std::string ToString() const;
};

enum class SetOpType : uint8_t { kIntersect, kExcept };

struct LogicalPlan;
using LogicalPlanPtr = std::shared_ptr<const LogicalPlan>;

/// A logical plan node. Which fields matter depends on `kind` (see each field's comment).
struct LogicalPlan {
  PlanKind kind = PlanKind::kEmpty;
  PlanSchema schema;
  std::vector<LogicalPlanPtr> inputs;

  // kScan: the table, the table columns read (indices into source->schema()), filters over
  // the *output* columns that the scan applies (pushed down), an optional row limit.
  std::string table_name;
  std::shared_ptr<TableSource> source;
  std::vector<int> projection;
  std::vector<BoundExprPtr> filters;
  std::optional<int64_t> fetch;  // also kSort (TopK) and kLimit

  // kValues: rows of expressions (constants), one vector per row.
  std::vector<std::vector<BoundExprPtr>> rows;
  // kEmpty: produce one row with no columns (SELECT without FROM) or none.
  bool produce_one_row = false;

  // kProjection: one expression per output column. kFilter: exprs[0] = predicate.
  std::vector<BoundExprPtr> exprs;

  // kAggregate: output = group exprs, then aggregates (then a grouping id when
  // grouping_sets is non-empty: each set lists the group exprs it keeps).
  std::vector<BoundExprPtr> group_exprs;
  std::vector<AggregateCallExpr> aggregates;
  std::vector<std::vector<int>> grouping_sets;

  // kWindow: output = input columns, then one column per window call.
  std::vector<WindowCallExpr> window_calls;

  // kSort.
  std::vector<SortExpr> sort_exprs;

  // kLimit.
  int64_t skip = 0;

  // kJoin: equi keys (left key over the left input, right key over the right input), a
  // residual condition over left ++ right columns, null handling of the keys.
  JoinType join_type = JoinType::kInner;
  std::vector<std::pair<BoundExprPtr, BoundExprPtr>> join_keys;
  BoundExprPtr join_filter;
  bool null_equals_null = false;
  /// kMark with IN semantics: a NULL key or a NULL among the right keys makes the mark NULL
  /// instead of false (SQL's three-valued IN).
  bool null_aware = false;

  // kUnion: all inputs (same column count); `distinct` for UNION without ALL.
  // kSetOp: INTERSECT / EXCEPT [ALL].
  bool distinct = false;
  SetOpType set_op = SetOpType::kIntersect;

  // kRecursiveCte (inputs: anchor, recursive term), kWorkTable and kMaterializedCte: the
  // CTE's name; kMaterializedCte: `cte_id` tells the references of one CTE apart from
  // other CTEs of the same name (unique in the process; never printed).
  std::string cte_name;
  int cte_id = -1;

  // kUnnest: the input's list columns whose elements become the last output columns, one
  // per list, zipped (PostgreSQL): row i yields max(len) rows, a shorter list gives NULL
  // past its end; rows whose lists are all NULL or empty produce none.
  std::vector<int> unnest_columns;
  /// LEFT JOIN LATERAL unnest: a row whose lists are all NULL or empty yields one row with
  /// NULL elements instead of none.
  bool unnest_outer = false;

  /// One-line description of this node ("Filter: a > 1").
  std::string NodeText() const;
  /// The whole tree, indented two spaces per level, one node per line.
  std::string ToText() const;
};

// Constructors that compute the output schema.
LogicalPlanPtr MakeProjection(LogicalPlanPtr input, std::vector<BoundExprPtr> exprs,
                              std::vector<std::string> names,
                              std::vector<std::string> qualifiers = {});
LogicalPlanPtr MakeFilter(LogicalPlanPtr input, BoundExprPtr predicate);
LogicalPlanPtr MakeLimit(LogicalPlanPtr input, int64_t skip, std::optional<int64_t> fetch);
LogicalPlanPtr MakeSort(LogicalPlanPtr input, std::vector<SortExpr> keys,
                        std::optional<int64_t> fetch = std::nullopt);
LogicalPlanPtr MakeJoin(LogicalPlanPtr left, LogicalPlanPtr right, JoinType type,
                        std::vector<std::pair<BoundExprPtr, BoundExprPtr>> keys,
                        BoundExprPtr filter, std::string mark_name = "mark");
/// A plan with the same node fields and different inputs (schemas of joins/unions/windows
/// recomputed from the inputs).
LogicalPlanPtr WithInputs(const LogicalPlan& plan, std::vector<LogicalPlanPtr> inputs);
/// A copy of `plan` to modify before sharing.
std::shared_ptr<LogicalPlan> ClonePlan(const LogicalPlan& plan);

/// Projection exprs that pass through `schema` columns (all of them).
std::vector<BoundExprPtr> ColumnsOf(const PlanSchema& schema, int offset = 0);

}  // namespace silt::sql
