#pragma once

// Change data feed (PROTOCOL.md "Add CDC File", "Change Data Files"): the row changes of a
// range of commits, with `_change_type` (insert, delete, update_preimage,
// update_postimage), `_commit_version` and `_commit_timestamp`.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "silt/columnar/array.h"
#include "silt/common/status.h"
#include "silt/delta/scan/scan_config.h"
#include "silt/io/file_system.h"

namespace silt::delta {

/// Which commits to read.
struct ChangeFeedRequest {
  int64_t from_version = 0;
  /// Latest version when absent.
  std::optional<int64_t> to_version;
  int parallelism = 1;
  int64_t batch_size = 64 * 1024;
  MemoryPool* pool = MemoryPool::Default();
};

/// Streams the changes of commits from_version..to_version in commit order. Per commit:
/// when it wrote `cdc` files, their rows (carrying their own _change_type) are the changes;
/// otherwise rows of files added with dataChange=true are inserts and rows of files removed
/// with dataChange=true are deletes, with deletion vectors applied; when a commit removes and
/// re-adds the same file with a different deletion vector, only the rows whose deletion
/// state changed are reported (newly deleted as delete, restored as insert).
/// Columns: the table's columns at to_version, then _change_type (utf8),
/// _commit_version (int64), _commit_timestamp (timestamp us UTC).
class DeltaChangeFeed {
 public:
  /// Errors (before reading data): InvalidArgument for a bad range, a version past the
  /// latest, commits cleaned up from the log, or a version in the range whose metadata does
  /// not set delta.enableChangeDataFeed=true; the protocol gate's NotSupported; Corrupt for
  /// malformed logs.
  static Result<std::unique_ptr<DeltaChangeFeed>> Make(std::shared_ptr<io::FileSystem> fs,
                                                       const std::string& table_root,
                                                       ChangeFeedRequest request,
                                                       DeltaScanConfig config = {});
  ~DeltaChangeFeed();

  const SchemaPtr& output_schema() const;
  /// Next batch of changes, or null at the end.
  Result<RecordBatchPtr> Next();

 private:
  struct State;
  explicit DeltaChangeFeed(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace silt::delta
