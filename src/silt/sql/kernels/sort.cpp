#include "silt/sql/kernels/sort.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "silt/sql/kernels/sort_key.h"

namespace silt::sql {
namespace {

using internal::NormalizedKeyEncoder;

/// Rows of the single-word fast path: LSD radix sort of (key, row) pairs, skipping the
/// byte positions where every key agrees. Stable, so equal keys keep row order.
template <typename Row>
void RadixSortPairs(std::vector<uint64_t>* keys, std::vector<Row>* rows) {
  const size_t n = keys->size();
  std::vector<uint64_t> keys_tmp(n);
  std::vector<Row> rows_tmp(n);
  // All eight histograms in one pass over the keys.
  std::vector<uint64_t> counts(8 * 256, 0);
  for (uint64_t k : *keys) {
    for (int b = 0; b < 8; ++b) ++counts[b * 256 + ((k >> (8 * b)) & 0xFF)];
  }
  for (int b = 0; b < 8; ++b) {
    uint64_t* c = counts.data() + b * 256;
    if (std::any_of(c, c + 256, [n](uint64_t x) { return x == n; })) continue;  // one value
    uint64_t sum = 0;
    for (int d = 0; d < 256; ++d) {
      const uint64_t t = c[d];
      c[d] = sum;
      sum += t;
    }
    const uint64_t* ks = keys->data();
    const Row* rs = rows->data();
    uint64_t* kd = keys_tmp.data();
    Row* rd = rows_tmp.data();
    const int shift = 8 * b;
    for (size_t i = 0; i < n; ++i) {
      const uint64_t pos = c[(ks[i] >> shift) & 0xFF]++;
      kd[pos] = ks[i];
      rd[pos] = rs[i];
    }
    keys->swap(keys_tmp);
    rows->swap(rows_tmp);
  }
}

/// A single fixed-width key of at most 8 value bytes: NULL rows are set aside in row order
/// and the others radix-sorted on one word.
template <typename Row>
std::vector<int64_t> SortSingleWord(const NormalizedKeyEncoder& enc, int64_t num_rows,
                                    bool nulls_first) {
  const ArrayData& col = enc.column(0);
  const bool has_nulls = col.null_count != 0 && col.validity() != nullptr;
  std::vector<uint64_t> keys;
  std::vector<Row> rows;
  std::vector<int64_t> null_rows;
  keys.reserve(static_cast<size_t>(num_rows));
  rows.reserve(static_cast<size_t>(num_rows));
  constexpr int64_t kChunk = 4096;
  std::vector<uint64_t> records(2 * kChunk);
  for (int64_t begin = 0; begin < num_rows; begin += kChunk) {
    const int64_t end = std::min(num_rows, begin + kChunk);
    enc.Encode(begin, end, records.data());
    for (int64_t r = begin; r < end; ++r) {
      if (has_nulls && !col.IsValid(r)) {
        null_rows.push_back(r);
        continue;
      }
      keys.push_back(records[2 * (r - begin)]);
      rows.push_back(static_cast<Row>(r));
    }
  }
  RadixSortPairs(&keys, &rows);
  std::vector<int64_t> out;
  out.reserve(static_cast<size_t>(num_rows));
  if (nulls_first) out.insert(out.end(), null_rows.begin(), null_rows.end());
  for (Row r : rows) out.push_back(static_cast<int64_t>(r));
  if (!nulls_first) out.insert(out.end(), null_rows.begin(), null_rows.end());
  return out;
}

/// Records of S words, sorted as values so std::sort moves them contiguously.
template <int S>
struct Record {
  uint64_t w[S];
};

/// Strict weak "less" over records: key words (with string tie-breaks), then the row word.
struct RecordLess {
  const NormalizedKeyEncoder* enc;
  int stride;
  bool ties;
  bool operator()(const uint64_t* a, const uint64_t* b) const {
    if (ties) {
      const int c = enc->CompareKeys(a, b);
      if (c != 0) return c < 0;
      return a[stride - 1] < b[stride - 1];
    }
    for (int i = 0; i < stride; ++i) {
      if (a[i] != b[i]) return a[i] < b[i];
    }
    return false;
  }
};

template <int S>
struct FixedRecordLess {
  RecordLess less;
  bool operator()(const Record<S>& a, const Record<S>& b) const {
    if (!less.ties) {
      for (int i = 0; i < S; ++i) {
        if (a.w[i] != b.w[i]) return a.w[i] < b.w[i];
      }
      return false;
    }
    return less(a.w, b.w);
  }
};

enum class RecordOp { kSort, kSelectK };

/// Sorts the n records in data, or (kSelectK) moves the k smallest to the front.
template <int S>
void RecordsOpFixed(uint64_t* data, int64_t n, int64_t k, RecordOp op, const RecordLess& less) {
  auto* r = reinterpret_cast<Record<S>*>(data);
  FixedRecordLess<S> cmp{less};
  if (op == RecordOp::kSort) {
    std::sort(r, r + n, cmp);
  } else {
    std::nth_element(r, r + k - 1, r + n, cmp);
  }
}

void RecordsOp(uint64_t* data, int64_t n, int64_t k, RecordOp op, const RecordLess& less) {
  switch (less.stride) {
    case 1: return RecordsOpFixed<1>(data, n, k, op, less);
    case 2: return RecordsOpFixed<2>(data, n, k, op, less);
    case 3: return RecordsOpFixed<3>(data, n, k, op, less);
    case 4: return RecordsOpFixed<4>(data, n, k, op, less);
    case 5: return RecordsOpFixed<5>(data, n, k, op, less);
    case 6: return RecordsOpFixed<6>(data, n, k, op, less);
    case 7: return RecordsOpFixed<7>(data, n, k, op, less);
    case 8: return RecordsOpFixed<8>(data, n, k, op, less);
    default: break;
  }
  // Wide keys: sort record numbers, then permute the records.
  const int stride = less.stride;
  std::vector<int64_t> perm(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) perm[i] = i;
  auto cmp = [&](int64_t x, int64_t y) { return less(data + x * stride, data + y * stride); };
  if (op == RecordOp::kSort) {
    std::sort(perm.begin(), perm.end(), cmp);
  } else {
    std::nth_element(perm.begin(), perm.begin() + (k - 1), perm.end(), cmp);
  }
  std::vector<uint64_t> copy(data, data + n * stride);
  for (int64_t i = 0; i < n; ++i) {
    std::memcpy(data + i * stride, copy.data() + perm[i] * stride, sizeof(uint64_t) * stride);
  }
}

Status CheckRows(int64_t num_rows) {
  if (num_rows < 0) return Status::Internal("sort: negative row count");
  return Status::OK();
}

}  // namespace

Result<std::vector<int64_t>> SortIndices(const std::vector<ArrayDataPtr>& keys,
                                         const std::vector<SortKeyOrder>& orders,
                                         int64_t num_rows, MemoryPool* pool) {
  SILT_RETURN_NOT_OK(CheckRows(num_rows));
  SILT_ASSIGN_OR_RETURN(auto enc, NormalizedKeyEncoder::Make(keys, orders, num_rows, pool));
  if (enc.key_words() == 0) {
    std::vector<int64_t> out(static_cast<size_t>(num_rows));
    for (int64_t i = 0; i < num_rows; ++i) out[i] = i;
    return out;
  }
  // One fixed-width key of at most 8 bytes: radix sort on a single word.
  if (keys.size() == 1 && !keys[0]->type->IsBinaryLike() && keys[0]->type->FixedWidth() <= 8 &&
      keys[0]->type->id() != TypeId::kNull) {
    SILT_ASSIGN_OR_RETURN(auto single,
                          NormalizedKeyEncoder::Make(keys, orders, num_rows, pool, true));
    if (num_rows <= static_cast<int64_t>(UINT32_MAX)) {
      return SortSingleWord<uint32_t>(single, num_rows, orders[0].nulls_first);
    }
    return SortSingleWord<uint64_t>(single, num_rows, orders[0].nulls_first);
  }
  const int stride = enc.stride();
  std::vector<uint64_t> records(static_cast<size_t>(num_rows) * stride);
  enc.Encode(0, num_rows, records.data());
  RecordLess less{&enc, stride, enc.has_ties()};
  RecordsOp(records.data(), num_rows, 0, RecordOp::kSort, less);
  std::vector<int64_t> out(static_cast<size_t>(num_rows));
  for (int64_t i = 0; i < num_rows; ++i) out[i] = static_cast<int64_t>(records[i * stride + stride - 1]);
  return out;
}

Result<std::vector<int64_t>> TopKIndices(const std::vector<ArrayDataPtr>& keys,
                                         const std::vector<SortKeyOrder>& orders,
                                         int64_t num_rows, int64_t k, MemoryPool* pool) {
  SILT_RETURN_NOT_OK(CheckRows(num_rows));
  if (k < 0) return Status::Internal("TopK: negative k");
  k = std::min(k, num_rows);
  if (k == 0) {
    // Still validate the key types so errors do not depend on k.
    SILT_RETURN_NOT_OK(NormalizedKeyEncoder::Make(keys, orders, num_rows, pool).status());
    return std::vector<int64_t>{};
  }
  SILT_ASSIGN_OR_RETURN(auto enc, NormalizedKeyEncoder::Make(keys, orders, num_rows, pool));
  const int stride = enc.stride();
  RecordLess less{&enc, stride, enc.has_ties()};
  // Rows are encoded a chunk at a time; a chunk's records that beat the current k-th best
  // join the candidates, which are cut back to the best k by selection (O(k + chunk)).
  constexpr int64_t kChunk = 4096;
  const int64_t chunk = std::max(kChunk, k);
  std::vector<uint64_t> chunk_records(static_cast<size_t>(chunk) * stride);
  std::vector<uint64_t> candidates;
  candidates.reserve(static_cast<size_t>(k + chunk) * stride);
  std::vector<uint64_t> threshold;  // the k-th best record so far, once k are known
  for (int64_t begin = 0; begin < num_rows; begin += chunk) {
    const int64_t end = std::min(num_rows, begin + chunk);
    enc.Encode(begin, end, chunk_records.data());
    for (int64_t i = 0; i < end - begin; ++i) {
      const uint64_t* rec = chunk_records.data() + i * stride;
      if (!threshold.empty() && !less(rec, threshold.data())) continue;
      candidates.insert(candidates.end(), rec, rec + stride);
    }
    const int64_t count = static_cast<int64_t>(candidates.size()) / stride;
    if (count > k) {
      RecordsOp(candidates.data(), count, k, RecordOp::kSelectK, less);
      candidates.resize(static_cast<size_t>(k) * stride);
    }
    if (static_cast<int64_t>(candidates.size()) / stride == k) {
      // The largest candidate bounds what can still enter.
      const uint64_t* worst = candidates.data();
      for (int64_t i = 1; i < k; ++i) {
        const uint64_t* rec = candidates.data() + i * stride;
        if (less(worst, rec)) worst = rec;
      }
      threshold.assign(worst, worst + stride);
    }
  }
  const int64_t count = static_cast<int64_t>(candidates.size()) / stride;
  RecordsOp(candidates.data(), count, 0, RecordOp::kSort, less);
  std::vector<int64_t> out(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) {
    out[i] = static_cast<int64_t>(candidates[i * stride + stride - 1]);
  }
  return out;
}

}  // namespace silt::sql
