#pragma once

// Grouped aggregate functions of the SQL executor. The hash aggregate maps each batch's keys to
// dense group ids (GroupHashTable), then calls Update once per batch on every aggregate's
// column-shaped state. Partial/final aggregation merges states with Merge. Result types and
// semantics: docs/sql_types.md, section "Aggregates".

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "silt/columnar/array.h"
#include "silt/common/status.h"
#include "silt/common/types.h"
#include "silt/memory/memory_pool.h"

namespace silt::sql {

/// Group id marking a row an aggregate must ignore (FILTER (WHERE ...) false/NULL).
inline constexpr uint32_t kSkipRow = UINT32_MAX;

/// Column-shaped state of one aggregate for all groups of one operator. One virtual call per
/// batch. Memory comes from the pool given to BoundAggregate::make (so a pool limit surfaces
/// as ResourcesExhausted). Not thread-safe; one accumulator per partition.
class GroupedAccumulator {
 public:
  virtual ~GroupedAccumulator() = default;
  /// Ensures states exist for group ids < num_groups (new groups start empty).
  virtual Status Resize(int64_t num_groups) = 0;
  /// Folds `num_rows` rows of `args` (arrays of the bound argument types, any encoding) into
  /// the groups given per row; rows whose id is kSkipRow are ignored. Every id that is not
  /// kSkipRow must be below the size given to Resize.
  virtual Status Update(const std::vector<ArrayDataPtr>& args, const uint32_t* group_ids,
                        int64_t num_rows) = 0;
  /// Merges `other` (same bound aggregate) into this: other's group g goes into group_map[g]
  /// (for the parallel executor's partial/final aggregation). group_map has one entry per
  /// group of `other`; targets must be below this accumulator's size.
  virtual Status Merge(GroupedAccumulator& other, const uint32_t* group_map) = 0;
  /// One value per group (num_groups rows, the bound return type). May be called once.
  virtual Result<ArrayDataPtr> Finalize() = 0;
  /// Bytes of state currently held.
  virtual int64_t memory_bytes() const = 0;
};

/// Sort key of an ordered aggregate (string_agg/array_agg ... ORDER BY).
struct AggregateOrderKey {
  bool descending = false;
  bool nulls_first = false;
};

/// An aggregate resolved for argument types.
struct BoundAggregate {
  std::string name;                    ///< canonical lower-case name
  std::vector<DataTypePtr> arg_types;  ///< types args must be cast to (functions::Cast) before Update
  DataTypePtr return_type;
  bool distinct = false;
  /// Creates an empty accumulator allocating from `pool` (which must outlive it).
  std::function<Result<std::unique_ptr<GroupedAccumulator>>(MemoryPool* pool)> make;
};

/// Resolves an aggregate. `order_by` (string_agg/array_agg ... ORDER BY): when non-empty the
/// last order_by.size() entries of arg_types are the sort keys, the others the function's
/// arguments (other aggregates accept and ignore the order). count(*) is `count` with no
/// arguments. With `distinct`, duplicates of the function's arguments (not the sort keys) are
/// dropped per group before the aggregate sees them. Plan error naming the function and types
/// when nothing applies; Plan error listing close names for unknown functions.
Result<BoundAggregate> BindAggregate(std::string_view name,
                                     const std::vector<DataTypePtr>& arg_types, bool distinct,
                                     const std::vector<AggregateOrderKey>& order_by = {});

/// Whether `name` (case-insensitive, aliases too) is an aggregate function.
bool IsAggregateFunctionName(std::string_view name);

/// Every aggregate name users can type (canonical names and aliases), sorted.
std::vector<std::string> AggregateFunctionNames();

}  // namespace silt::sql
