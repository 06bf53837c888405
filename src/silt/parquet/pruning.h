#pragma once

#include <vector>

#include "silt/expr/bounds_pruning.h"
#include "silt/expr/predicate.h"
#include "silt/io/file_system.h"
#include "silt/parquet/column_reader.h"
#include "silt/parquet/metadata.h"
#include "silt/parquet/schema.h"

namespace silt::parquet {

using silt::ColumnBounds;

/// Supplies bounds for a leaf column index, or nullopt when nothing is known.
using BoundsLookup = std::function<std::optional<ColumnBounds>(int leaf)>;

/// False only when no row covered by the bounds can make `predicate` TRUE (SQL semantics;
/// NaN is greater than every number, as in PostgreSQL).
bool MayMatch(const Expr& predicate, const ParquetSchema& schema, const BoundsLookup& bounds);

/// Statistics of one column chunk as bounds (min/max only where the column order allows
/// comparing them); nullopt when the chunk has no metadata.
std::optional<ColumnBounds> ColumnChunkBounds(const ParquetSchema& schema, const FileMetaData& metadata,
                                              int row_group, int leaf);

/// Row-group pruning from column chunk statistics.
bool RowGroupMayMatch(const Expr& predicate, const ParquetSchema& schema,
                      const FileMetaData& metadata, int row_group);

/// Rows of a row group that may match, from the page index.
struct RowSelection {
  bool all = true;  // no page index information used: read everything
  int64_t num_rows = 0;
  std::vector<RowRange> ranges;  // sorted, disjoint
};

/// Evaluates `predicate` against the ColumnIndex of each flat leaf it references and
/// returns the row ranges of pages that may match. Reads the page index with ranged reads.
Result<RowSelection> SelectRowsWithPageIndex(const Expr& predicate, const ParquetSchema& schema,
                                             const FileMetaData& metadata, int row_group,
                                             io::RandomAccessFile& file, int64_t* bytes_read);

/// The pages of one column chunk that overlap a row selection.
struct PageSelection {
  std::vector<PageLocation> locations;
  std::vector<int> selected;
  int64_t rows = 0;                     // rows covered by the selected pages
  std::vector<RowRange> covered;        // those rows as ranges of the row group
};

Result<PageSelection> LoadPageSelection(const ColumnChunk& chunk, const RowSelection& selection,
                                        int64_t row_group_rows, io::RandomAccessFile& file,
                                        int64_t* bytes_read);

}  // namespace silt::parquet
