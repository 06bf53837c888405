#pragma once

#include <cstdint>
#include <vector>

#include "silt/columnar/array.h"
#include "silt/common/status.h"
#include "silt/common/types.h"
#include "silt/memory/buffer.h"
#include "silt/memory/memory_pool.h"

namespace silt::sql {

/// Maps rows of key columns to dense group ids (0,1,2,... in first-seen order).
///
/// Open addressing with linear probing over a power-of-two slot array (grown at 50% load).
/// Two layouts, chosen from the key types:
///  - one key of a fixed-width type of at most 8 bytes (integers, floats, decimal64, date32,
///    time64, timestamp): each slot holds the key itself (as normalized 64-bit bits) and the
///    group id, so probing compares integers; NULL is a separate group outside the slots.
///  - anything else: each row's keys are normalized into a byte row (one null byte per key,
///    then the fixed-width values, then uint32 lengths and the bytes of utf8/binary keys);
///    a slot holds 32 bits of the row's xxh3 hash and the group id, the group's row lives in
///    an arena (fixed stride when every key is fixed-width).
/// Grouping semantics: NULL equals NULL (NULL keys form a group); floats: -0.0 == 0.0 and all
/// NaNs are equal (GetKeys returns 0.0 and the canonical NaN for them).
/// Key arrays may be plain, dictionary- or constant-encoded. Key types: bool, all ints/uints,
/// float32/64, decimal64/128, utf8, binary, fixed_binary, date32, time64, timestamp,
/// interval. Nested keys (list/struct/map) and the null type are NotSupported for now: the
/// first FindOrInsert/Find returns that error.
/// Memory (slots, arena) comes from the given pool, so a pool limit surfaces as
/// ResourcesExhausted. Not thread-safe for FindOrInsert; concurrent Find calls are safe.
class GroupHashTable {
 public:
  /// `pool` must outlive the table.
  GroupHashTable(std::vector<DataTypePtr> key_types, MemoryPool* pool);
  GroupHashTable(const GroupHashTable&) = delete;
  GroupHashTable& operator=(const GroupHashTable&) = delete;

  /// One group id per row (inserting unseen keys); group_ids is resized to num_rows.
  Status FindOrInsert(const std::vector<ArrayDataPtr>& keys, int64_t num_rows,
                      std::vector<uint32_t>* group_ids);
  /// Lookup only: group id or -1 per row. When `null_matches` is false a row with any NULL
  /// key gets -1 (SQL join equality); when true NULL matches NULL (IS NOT DISTINCT FROM).
  Status Find(const std::vector<ArrayDataPtr>& keys, int64_t num_rows, bool null_matches,
              std::vector<int32_t>* group_ids) const;
  /// A 64-bit hash of each row's keys (hashes and any_null resized to num_rows; any_null[i]
  /// is 1 when a key of row i is NULL), computed from the keys normalized as the table
  /// compares them: equal keys hash equal whatever their encoding (plain, dictionary,
  /// constant), -0.0/0.0 and NaNs as in grouping. Independent of the table's contents, so
  /// RepartitionExec uses it to send equal join / group keys of any input to one partition.
  Status HashRows(const std::vector<ArrayDataPtr>& keys, int64_t num_rows,
                  std::vector<uint64_t>* hashes, std::vector<uint8_t>* any_null) const;
  /// Number of groups inserted so far.
  int64_t num_groups() const { return num_groups_; }
  /// The key columns of every group, in group-id order (plain arrays of key_types).
  Result<std::vector<ArrayDataPtr>> GetKeys() const;
  /// Bytes currently held (slots + arena), for memory accounting and EXPLAIN ANALYZE.
  int64_t memory_bytes() const;
  /// The key types given at construction.
  const std::vector<DataTypePtr>& key_types() const { return key_types_; }

 private:
  enum class Layout : uint8_t { kSingleInt, kFixedRow, kVarRow };
  struct IntSlot {
    uint64_t key;
    uint32_t group_plus_one;  // 0: empty
    uint32_t unused;
  };
  struct RowSlot {
    uint32_t hash_tag;        // high 32 bits of the row hash; also gives the slot position
    uint32_t group_plus_one;  // 0: empty
  };
  /// A batch's keys normalized into rows (scratch; see the class comment for the layout).
  struct EncodedRows {
    std::vector<uint8_t> bytes;
    std::vector<int64_t> offsets;  // kVarRow only: num_rows + 1 entries
    std::vector<uint64_t> hashes;
    std::vector<uint8_t> any_null;
  };

  Status CheckKeys(const std::vector<ArrayDataPtr>& keys, int64_t num_rows) const;
  /// Flattens dictionary/constant keys (constant-only batches are handled by callers).
  Result<std::vector<ArrayDataPtr>> PlainKeys(const std::vector<ArrayDataPtr>& keys) const;
  Status EncodeRows(const std::vector<ArrayDataPtr>& keys, int64_t num_rows,
                    EncodedRows* out) const;
  const uint8_t* GroupRow(uint32_t group, int64_t* length) const;
  Status GrowSlots();
  Status InitSlots(int64_t capacity);
  Status CheckGroupLimit() const;

  template <typename T>
  Status InsertInts(const ArrayData& keys, int64_t num_rows, uint32_t* out);
  template <typename T>
  void FindInts(const ArrayData& keys, int64_t num_rows, bool null_matches,
                int32_t* out) const;
  Status InsertRows(const EncodedRows& rows, int64_t num_rows, uint32_t* out);
  void FindRows(const EncodedRows& rows, int64_t num_rows, bool null_matches,
                int32_t* out) const;
  template <typename T>
  Status DecodeInts(ArrayDataPtr* out) const;
  Status DecodeRows(std::vector<ArrayDataPtr>* out) const;

  std::vector<DataTypePtr> key_types_;
  MemoryPool* pool_;
  Status init_status_;
  Layout layout_ = Layout::kFixedRow;
  int64_t num_groups_ = 0;
  // Slots (IntSlot or RowSlot), capacity a power of two.
  BufferPtr slots_;
  int64_t capacity_ = 0;
  uint64_t mask_ = 0;
  int64_t grow_at_ = 0;
  // kSingleInt: the group of NULL keys, -1 until one is seen.
  int64_t null_group_ = -1;
  // kFixedRow / kVarRow: the rows of the groups; kVarRow also their offsets (num_groups + 1).
  BufferPtr rows_;
  BufferPtr row_offsets_;
  int64_t fixed_row_width_ = 0;  // null bytes + fixed values (+ uint32 lengths for kVarRow)
  std::vector<int64_t> fixed_offsets_;  // per key: offset of its value (or length) in a row
  EncodedRows scratch_;
};

}  // namespace silt::sql
