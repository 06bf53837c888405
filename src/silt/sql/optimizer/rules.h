#pragma once

// silt's built-in optimizer rules (DefaultRulepack lists them in order).

#include <memory>

#include "silt/sql/optimizer/optimizer.h"

namespace silt::sql {

/// Constant folding and boolean simplification in every expression; drops `Filter: true`.
std::shared_ptr<const LogicalRule> MakeSimplifyExpressionsRule();
/// Moves filter conjuncts as far down as semantics allow: through projections, sorts,
/// unions, aggregates (group-key predicates) and joins (into the side they reference, into
/// the join condition of inner/cross joins — turning WHERE equalities into join keys), turns
/// outer joins whose nullable side a filter rejects NULLs of into inner joins, mark joins
/// filtered on their mark into semi / anti joins, and hands conjuncts to table scans for
/// file, row-group and page pruning (the Filter stays unless the table applies it exactly).
/// With optimizer.filter_null_join_keys, adds `key IS NOT NULL` below inner equi joins.
std::shared_ptr<const LogicalRule> MakePushDownFilterRule();
/// Reads only the columns a query uses (scans project them; unused aggregates and
/// projection columns are dropped).
std::shared_ptr<const LogicalRule> MakePushDownProjectionRule();
/// Moves semi / anti joins below inner joins, onto the input their keys come from.
std::shared_ptr<const LogicalRule> MakePushDownSemiJoinRule();
/// LIMIT over ORDER BY becomes a TopK sort; limits move through projections and into scans
/// and UNION ALL inputs.
std::shared_ptr<const LogicalRule> MakePushDownLimitRule();
/// Reorders trees of inner joins greedily from table statistics: the largest input is probed,
/// the smallest connected input is joined (built) next.
std::shared_ptr<const LogicalRule> MakeReorderJoinsRule();

/// Computes a non-trivial deterministic subexpression that a Projection (or an Aggregate's
/// group keys and inputs) evaluates twice or more once, in a new Projection below named
/// `__common_expr_N`, and reads it from there. Only hoists expressions that one occurrence
/// evaluates on every row (never ones found only in CASE branches or later COALESCE
/// arguments); the node's output schema is unchanged.
std::shared_ptr<const LogicalRule> MakeCommonSubexpressionEliminationRule();

/// Removes full sorts whose order no operator above can observe.
std::shared_ptr<const PhysicalRule> MakeEliminateSortsRule();
/// Hash joins publish build-key ranges to the probe-side scans (runtime / dynamic filters).
std::shared_ptr<const PhysicalRule> MakeDynamicFiltersRule();
/// Puts CoalesceBatchesExec above filters and joins that emit small batches.
std::shared_ptr<const PhysicalRule> MakeCoalesceBatchesRule();
/// With execution.target_partitions = n > 1: hash RepartitionExecs (n partitions) below hash
/// joins (both inputs on their keys; the join runs partitioned), grouped aggregates and
/// windows with PARTITION BY (optimizer.repartition_joins / optimizer.repartition_aggregations
/// switch them off), CoalescePartitionsExec below operators that need one partition and at
/// the root; none when input rows are already partitioned that way. n = 1: no change.
std::shared_ptr<const PhysicalRule> MakeRepartitionPlacementRule();

/// Applies `fn` to every node bottom-up (inputs first); returns `plan` itself when nothing
/// changed.
Result<LogicalPlanPtr> TransformUp(
    const LogicalPlanPtr& plan, const std::function<Result<LogicalPlanPtr>(const LogicalPlanPtr&)>& fn);

}  // namespace silt::sql
