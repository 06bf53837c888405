#pragma once
// Internal to the checkpoint reader: the `add` and `remove` columns of a checkpoint batch
// (the bulk of every checkpoint and the only content of sidecar files).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "silt/delta/engine/checkpoint_columns.h"
#include "silt/delta/engine/checkpoint_stats_json.h"

namespace silt::delta::checkpoint_internal {

/// The `deletionVector` struct inside add or remove.
struct DeletionVectorColumns {
  const ArrayData* dv = nullptr;
  StringColumn storage_type, path_or_inline_dv;
  IntColumn offset, size_in_bytes, cardinality;

  /// Binds `parent`.deletionVector; `where` is "add" or "remove" (for errors).
  Status Bind(ColumnBinder* b, const ArrayData* parent, const std::string& where);
  /// The descriptor of row `row`, nullopt when null; Corrupt on missing required fields.
  Result<std::optional<DeletionVectorDescriptor>> Read(std::string_view where, int64_t row,
                                                       int64_t row_number) const;
};

/// The fields of the `add` struct column, including stats_parsed / partitionValues_parsed.
/// A binder-owned view: valid while the batch and the binder live.
class AddColumns {
 public:
  /// Binds the add struct (null: the batch has no add column).
  Status Bind(ColumnBinder* b, const ArrayData* add);
  bool Present(int64_t row) const { return add_ != nullptr && add_->IsValid(row); }
  /// Appends the Add of row `row` (Present); `row_number` names the row in errors.
  Status Decode(int64_t row, int64_t row_number, std::vector<Action>* out);

 private:
  const ArrayData* add_ = nullptr;
  StringColumn path_, stats_, clustering_provider_;
  StringMapColumn partition_values_, tags_;
  IntColumn size_, modification_time_, base_row_id_, default_row_commit_version_;
  BoolColumn data_change_;
  DeletionVectorColumns dv_;
  const ArrayData* stats_parsed_ = nullptr;
  const ArrayData* partition_values_parsed_ = nullptr;
  ParsedStatsJsonWriter stats_writer_;
  ParsedPartitionValuesReader partitions_reader_;
};

/// The fields of the `remove` struct column.
class RemoveColumns {
 public:
  /// Binds the remove struct (null: the batch has no remove column).
  Status Bind(ColumnBinder* b, const ArrayData* remove);
  bool Present(int64_t row) const { return remove_ != nullptr && remove_->IsValid(row); }
  /// Appends the Remove of row `row` (Present); `row_number` names the row in errors.
  Status Decode(int64_t row, int64_t row_number, std::vector<Action>* out);

 private:
  const ArrayData* remove_ = nullptr;
  StringColumn path_, stats_;
  IntColumn deletion_timestamp_, size_, base_row_id_, default_row_commit_version_;
  BoolColumn data_change_, extended_file_metadata_;
  StringMapColumn partition_values_, tags_;
  DeletionVectorColumns dv_;
};

}  // namespace silt::delta::checkpoint_internal
