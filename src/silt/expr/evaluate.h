#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "silt/columnar/array.h"
#include "silt/expr/predicate.h"

namespace silt {

/// Per-row truth values of SQL three-valued logic, ordered so that AND is min, OR is max
/// and NOT is 2 - x.
constexpr uint8_t kTruthFalse = 0;
constexpr uint8_t kTruthNull = 1;
constexpr uint8_t kTruthTrue = 2;

/// Resolves a column path against a schema: the first element names a top-level field
/// (exact match first, then a unique case-insensitive match); later elements name struct
/// children the same way. When the path has several elements and no struct path matches,
/// the whole dotted name is tried as one top-level field ("a.b"). Returns the field index
/// at each level. Status::Plan naming the column and listing the available ones when
/// absent, or when a case-insensitive match is ambiguous.
Result<std::vector<int>> ResolveColumnPath(const Schema& schema,
                                           const std::vector<std::string>& path);

/// Evaluates `predicate` over every row of `batch` and returns the truth value per row
/// (kTruthFalse / kTruthNull / kTruthTrue). Column references resolve per
/// ResolveColumnPath; a NULL struct makes its fields NULL. Comparisons follow
/// Scalar::Compare's coercions (a utf8 literal against a date column is read as a date,
/// ...). Dictionary- and constant-encoded columns are evaluated once per distinct value.
/// Errors: Plan for unknown columns and incomparable types, NotSupported for forms the
/// evaluator lacks (comparing nested values, comparisons of boolean sub-expressions).
Result<std::vector<uint8_t>> EvaluateTruth(const Expr& predicate, const RecordBatch& batch);

/// Rows that pass a WHERE clause: 1 where the predicate is TRUE, 0 where FALSE or NULL.
Result<std::vector<uint8_t>> EvaluatePredicate(const Expr& predicate, const RecordBatch& batch);

/// Number of non-zero entries of a selection.
int64_t CountSelected(const std::vector<uint8_t>& selection);

/// The rows of `batch` whose selection byte is non-zero, in order. Zero-copy when every row
/// is selected; dictionary columns stay dictionary-encoded (indices gathered), constant
/// columns stay constant. `selection` must have batch.num_rows() entries.
Result<RecordBatchPtr> FilterBatch(const RecordBatch& batch, const std::vector<uint8_t>& selection,
                                   MemoryPool* pool = MemoryPool::Default());

/// Gathers rows `indices[0..n)` of `array` (any encoding) into a new array; dictionary and
/// constant encodings are kept. Indices must be in range.
Result<ArrayDataPtr> TakeArray(const ArrayDataPtr& array, const int32_t* indices, int64_t n,
                               MemoryPool* pool = MemoryPool::Default());

}  // namespace silt
