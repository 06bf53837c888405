// Partition / peer structure of sorted rows and the frame of every row.

#include <algorithm>
#include <string>

#include "silt/sql/kernels/sort_key.h"
#include "silt/sql/kernels/window_internal.h"

namespace silt::sql::internal {
namespace {

/// Sets flags[i] = 1 where row i's keys differ from row i-1's (NULLs equal; the equality of
/// the sort order: NaN == NaN, -0.0 == 0.0). Compares normalized keys a chunk at a time.
Status MarkKeyChanges(const std::vector<ArrayDataPtr>& keys, int64_t n, MemoryPool* pool,
                      std::vector<uint8_t>* flags) {
  if (keys.empty() || n == 0) return Status::OK();
  const std::vector<SortKeyOrder> orders(keys.size());
  SILT_ASSIGN_OR_RETURN(auto enc, NormalizedKeyEncoder::Make(keys, orders, n, pool));
  const int stride = enc.stride();
  constexpr int64_t kChunk = 4096;
  // Slot 0 holds the previous chunk's last record.
  std::vector<uint64_t> buf(static_cast<size_t>(kChunk + 1) * stride);
  for (int64_t begin = 0; begin < n; begin += kChunk) {
    const int64_t end = std::min(n, begin + kChunk);
    enc.Encode(begin, end, buf.data() + stride);
    for (int64_t r = begin; r < end; ++r) {
      if (r == 0) continue;
      const uint64_t* cur = buf.data() + (r - begin + 1) * stride;
      if (enc.CompareKeys(cur - stride, cur) != 0) (*flags)[r] = 1;
    }
    std::copy(buf.data() + (end - begin) * stride, buf.data() + (end - begin + 1) * stride,
              buf.data());
  }
  return Status::OK();
}

bool IsOffsetBound(WindowBoundKind k) {
  return k == WindowBoundKind::kPreceding || k == WindowBoundKind::kFollowing;
}

Status ValidateFrame(const WindowFrame& f, size_t num_order_keys) {
  using K = WindowBoundKind;
  if (f.start.kind == K::kUnboundedFollowing) {
    return Status::Plan("frame start cannot be UNBOUNDED FOLLOWING");
  }
  if (f.end.kind == K::kUnboundedPreceding) {
    return Status::Plan("frame end cannot be UNBOUNDED PRECEDING");
  }
  if (f.start.kind == K::kCurrentRow && f.end.kind == K::kPreceding) {
    return Status::Plan("frame starting from current row cannot have preceding rows");
  }
  if (f.start.kind == K::kFollowing &&
      (f.end.kind == K::kPreceding || f.end.kind == K::kCurrentRow)) {
    return Status::Plan("frame starting from following row cannot have preceding rows");
  }
  if (f.unit == WindowFrameUnit::kGroups && num_order_keys == 0) {
    return Status::Plan("GROUPS mode requires an ORDER BY clause");
  }
  if (f.unit == WindowFrameUnit::kRange &&
      (IsOffsetBound(f.start.kind) || IsOffsetBound(f.end.kind)) && num_order_keys != 1) {
    return Status::Plan("RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column");
  }
  if (f.unit != WindowFrameUnit::kRange) {
    if (IsOffsetBound(f.start.kind) && f.start.offset < 0) {
      return Status::Execution("frame starting offset must not be negative");
    }
    if (IsOffsetBound(f.end.kind) && f.end.offset < 0) {
      return Status::Execution("frame ending offset must not be negative");
    }
  }
  return Status::OK();
}

}  // namespace

Result<WindowLayout> ComputeWindowLayout(const std::vector<ArrayDataPtr>& partition_keys,
                                         const std::vector<ArrayDataPtr>& order_keys,
                                         int64_t n, MemoryPool* pool) {
  WindowLayout l;
  l.num_rows = n;
  std::vector<uint8_t> new_partition(static_cast<size_t>(n), 0);
  SILT_RETURN_NOT_OK(MarkKeyChanges(partition_keys, n, pool, &new_partition));
  std::vector<uint8_t> new_peer = new_partition;
  SILT_RETURN_NOT_OK(MarkKeyChanges(order_keys, n, pool, &new_peer));
  if (n > 0) new_partition[0] = new_peer[0] = 1;
  for (int64_t i = 0; i < n; ++i) {
    if (new_partition[i]) l.partition_starts.push_back(i);
    if (new_peer[i]) l.group_starts.push_back(i);
  }
  l.partition_starts.push_back(n);
  l.group_starts.push_back(n);
  l.partition_start.resize(n);
  l.partition_end.resize(n);
  l.peer_start.resize(n);
  l.peer_end.resize(n);
  l.group_index.resize(n);
  for (size_t p = 0; p + 1 < l.partition_starts.size(); ++p) {
    for (int64_t i = l.partition_starts[p]; i < l.partition_starts[p + 1]; ++i) {
      l.partition_start[i] = l.partition_starts[p];
      l.partition_end[i] = l.partition_starts[p + 1];
    }
  }
  for (size_t g = 0; g + 1 < l.group_starts.size(); ++g) {
    for (int64_t i = l.group_starts[g]; i < l.group_starts[g + 1]; ++i) {
      l.peer_start[i] = l.group_starts[g];
      l.peer_end[i] = l.group_starts[g + 1];
      l.group_index[i] = static_cast<int64_t>(g);
    }
  }
  return l;
}

Result<FrameBounds> ComputeFrames(const WindowCall& call, const WindowLayout& l,
                                  const std::vector<ArrayDataPtr>& order_keys,
                                  const std::vector<SortKeyOrder>& orders, MemoryPool* pool) {
  using K = WindowBoundKind;
  WindowFrame f;  // the default: RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  if (call.has_frame) f = call.frame;
  SILT_RETURN_NOT_OK(ValidateFrame(f, order_keys.size()));
  const int64_t n = l.num_rows;
  std::vector<int64_t> range_start, range_end;
  if (f.unit == WindowFrameUnit::kRange) {
    if (IsOffsetBound(f.start.kind)) {
      SILT_ASSIGN_OR_RETURN(auto key, Flatten(order_keys[0], pool));
      SILT_RETURN_NOT_OK(RangeOffsetBounds(f.start, true, l, *key, orders[0], &range_start));
    }
    if (IsOffsetBound(f.end.kind)) {
      SILT_ASSIGN_OR_RETURN(auto key, Flatten(order_keys[0], pool));
      SILT_RETURN_NOT_OK(RangeOffsetBounds(f.end, false, l, *key, orders[0], &range_end));
    }
  }
  FrameBounds out;
  out.start.resize(n);
  out.end.resize(n);
  const WindowFrameUnit unit = f.unit;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t ps = l.partition_start[i];
    const int64_t pe = l.partition_end[i];
    const int64_t g = l.group_index[i];
    const int64_t g_first = n > 0 ? l.group_index[ps] : 0;
    const int64_t g_last = n > 0 ? l.group_index[pe - 1] : 0;
    int64_t s = ps;
    int64_t e = pe;
    switch (f.start.kind) {
      case K::kUnboundedPreceding: s = ps; break;
      case K::kPreceding: {
        const int64_t k = f.start.offset;
        if (unit == WindowFrameUnit::kRows) {
          s = k > i - ps ? ps : i - k;
        } else if (unit == WindowFrameUnit::kGroups) {
          s = l.group_starts[k > g - g_first ? g_first : g - k];
        } else {
          s = range_start[i];
        }
        break;
      }
      case K::kCurrentRow: s = unit == WindowFrameUnit::kRows ? i : l.peer_start[i]; break;
      case K::kFollowing: {
        const int64_t k = f.start.offset;
        if (unit == WindowFrameUnit::kRows) {
          s = k >= pe - i ? pe : i + k;
        } else if (unit == WindowFrameUnit::kGroups) {
          s = k > g_last - g ? pe : l.group_starts[g + k];
        } else {
          s = range_start[i];
        }
        break;
      }
      case K::kUnboundedFollowing: s = pe; break;
    }
    switch (f.end.kind) {
      case K::kUnboundedPreceding: e = ps; break;
      case K::kPreceding: {
        const int64_t k = f.end.offset;
        if (unit == WindowFrameUnit::kRows) {
          e = k > i - ps ? ps : i - k + 1;
        } else if (unit == WindowFrameUnit::kGroups) {
          e = k > g - g_first ? ps : l.group_starts[g - k + 1];
        } else {
          e = range_end[i];
        }
        break;
      }
      case K::kCurrentRow: e = unit == WindowFrameUnit::kRows ? i + 1 : l.peer_end[i]; break;
      case K::kFollowing: {
        const int64_t k = f.end.offset;
        if (unit == WindowFrameUnit::kRows) {
          e = k >= pe - i - 1 ? pe : i + k + 1;
        } else if (unit == WindowFrameUnit::kGroups) {
          e = k > g_last - g ? pe : l.group_starts[g + k + 1];
        } else {
          e = range_end[i];
        }
        break;
      }
      case K::kUnboundedFollowing: e = pe; break;
    }
    s = std::clamp(s, ps, pe);
    e = std::clamp(e, s, pe);
    out.start[i] = s;
    out.end[i] = e;
  }
  return out;
}

}  // namespace silt::sql::internal
