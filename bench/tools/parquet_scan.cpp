// Scan benchmark driver: reads a Parquet file with silt's reader and computes, over fully
// decoded values, the minimum of every projected column and the sum of one decimal column,
// exactly as bench/parquet_scan_duckdb.mjs asks DuckDB to. Prints one CSV line per run:
// engine,threads,columns,seconds,rows,checksum.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "silt/common/thread_pool.h"
#include "silt/parquet/file_reader.h"

using namespace silt;

namespace {

/// Running minimum of one column (numbers as int128/double, strings as bytes).
struct ColumnMin {
  bool has = false;
  __int128 i = 0;
  double d = 0;
  std::string s;
};

/// Folds the minimum of the valid values of an integer-like column into `m`.
template <typename T>
void FoldIntegerMin(const ArrayData& a, ColumnMin* m) {
  const T* v = a.values<T>();
  const int64_t n = a.length;
  // (numeric_limits<__int128> is not specialized in strict C++20 mode.)
  T best = std::is_same_v<T, __int128> ? static_cast<T>(~static_cast<unsigned __int128>(0) >> 1)
                                       : static_cast<T>(std::numeric_limits<int64_t>::max());
  if constexpr (sizeof(T) == 4) best = std::numeric_limits<int32_t>::max();
  bool any = false;
  if (a.null_count == 0) {
    // Branch-free over null-free columns (the common case).
    for (int64_t r = 0; r < n; ++r) best = v[r] < best ? v[r] : best;
    any = n > 0;
  } else {
    for (int64_t r = 0; r < n; ++r) {
      if (a.IsValid(r)) {
        best = v[r] < best ? v[r] : best;
        any = true;
      }
    }
  }
  if (any && (!m->has || best < m->i)) m->i = best;
  m->has |= any;
}

void UpdateMin(const ArrayData& a, ColumnMin* m) {
  const int64_t n = a.length;
  auto valid = [&](int64_t r) { return a.null_count == 0 || a.IsValid(r); };
  if (a.encoding == Encoding::kDictionary) {
    // Min over the dictionary entries the rows use.
    const ArrayData& dict = *a.dictionary;
    std::vector<uint8_t> used(static_cast<size_t>(dict.length), 0);
    const int32_t* idx = a.values<int32_t>();
    for (int64_t r = 0; r < n; ++r) used[static_cast<size_t>(idx[r])] |= valid(r);
    for (int64_t k = 0; k < dict.length; ++k) {
      if (!used[static_cast<size_t>(k)]) continue;
      std::string_view v = dict.GetView(k);
      if (!m->has || v < m->s) m->s.assign(v.data(), v.size());
      m->has = true;
    }
    return;
  }
  switch (a.type->id()) {
    case TypeId::kInt32:
    case TypeId::kDate32: return FoldIntegerMin<int32_t>(a, m);
    case TypeId::kInt64:
    case TypeId::kDecimal64: return FoldIntegerMin<int64_t>(a, m);
    case TypeId::kDecimal128: return FoldIntegerMin<__int128>(a, m);
    case TypeId::kFloat64: {
      const double* v = a.values<double>();
      for (int64_t r = 0; r < n; ++r) {
        if (valid(r) && (!m->has || v[r] < m->d)) {
          m->d = v[r];
          m->has = true;
        }
      }
      return;
    }
    case TypeId::kUtf8:
    case TypeId::kBinary: {
      for (int64_t r = 0; r < n; ++r) {
        if (!valid(r)) continue;
        std::string_view v = a.GetView(r);
        if (!m->has || v < m->s) m->s.assign(v.data(), v.size());
        m->has = true;
      }
      return;
    }
    default: return;
  }
}

/// Exact sum of a decimal column's valid unscaled values.
__int128 SumDecimal(const ArrayData& a) {
  if (a.type->id() == TypeId::kDecimal128) {
    const __int128* v = a.values<__int128>();
    __int128 s = 0;
    if (a.null_count == 0) {
      for (int64_t i = 0; i < a.length; ++i) s += v[i];
    } else {
      for (int64_t i = 0; i < a.length; ++i) s += a.IsValid(i) ? v[i] : 0;
    }
    return s;
  }
  // decimal64: |v| < 10^precision, so blocks of INT64_MAX / 10^precision values cannot
  // overflow an int64 partial sum; the partials add up in 128 bits (exact, vectorizable).
  const int64_t* v = a.values<int64_t>();
  int64_t bound = 1;
  for (int32_t d = 0; d < a.type->precision(); ++d) bound *= 10;
  const int64_t block = std::max<int64_t>(1, INT64_MAX / bound);
  __int128 s = 0;
  for (int64_t start = 0; start < a.length; start += block) {
    const int64_t end = std::min(a.length, start + block);
    int64_t part = 0;
    if (a.null_count == 0) {
      for (int64_t i = start; i < end; ++i) part += v[i];
    } else {
      for (int64_t i = start; i < end; ++i) part += a.IsValid(i) ? v[i] : 0;
    }
    s += part;
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: parquet_scan FILE THREADS [col,col,...] [runs] [sum_column]\n");
    return 2;
  }
  const std::string path = argv[1];
  const int threads = std::atoi(argv[2]);
  std::vector<std::string> columns;
  std::string cols_arg = argc > 3 ? argv[3] : "";
  if (!cols_arg.empty() && cols_arg != "all") {
    size_t start = 0;
    while (start <= cols_arg.size()) {
      size_t comma = cols_arg.find(',', start);
      if (comma == std::string::npos) comma = cols_arg.size();
      columns.push_back(cols_arg.substr(start, comma - start));
      start = comma + 1;
    }
  }
  const int runs = argc > 4 ? std::atoi(argv[4]) : 3;
  const std::string sum_column = argc > 5 ? argv[5] : "l_extendedprice";
  for (int run = 0; run < runs; ++run) {
    auto t0 = std::chrono::steady_clock::now();
    parquet::ParquetReadOptions options;
    options.columns = columns;
    options.parallelism = 1;  // parallelism comes from decoding row groups concurrently below
    options.batch_size = 1 << 30;  // one batch per row group
    auto reader = parquet::ParquetFileReader::Open(path, options);
    if (!reader.ok()) {
      std::cerr << "Error: " << reader.status().ToString() << "\n";
      return 1;
    }
    const auto& schema = *(*reader)->output_schema();
    const int sum_index = schema.FieldIndex(sum_column);
    if (sum_index >= 0 && !schema.field(sum_index)->type->IsDecimal()) {
      std::cerr << "Error: sum column '" << sum_column << "' is not a decimal\n";
      return 2;
    }
    // Morsel-driven like DuckDB: each worker decodes a row group and folds it into its own
    // partial aggregates; partials merge at the end.
    const auto& groups = (*reader)->selected_row_groups();
    const size_t ncols = static_cast<size_t>(schema.num_fields());
    std::vector<std::vector<ColumnMin>> partial(groups.size(), std::vector<ColumnMin>(ncols));
    std::vector<__int128> partial_sum(groups.size(), 0);
    std::vector<int64_t> partial_rows(groups.size(), 0);
    auto* r = reader->get();
    Status st = ParallelFor(static_cast<int64_t>(groups.size()), threads, [&](int64_t g) -> Status {
      SILT_ASSIGN_OR_RETURN(auto batches, r->ReadRowGroup(groups[static_cast<size_t>(g)], nullptr));
      for (const auto& b : batches) {
        partial_rows[static_cast<size_t>(g)] += b->num_rows();
        for (int c = 0; c < b->num_columns(); ++c) {
          UpdateMin(*b->column(c), &partial[static_cast<size_t>(g)][static_cast<size_t>(c)]);
        }
        if (sum_index >= 0) {
          partial_sum[static_cast<size_t>(g)] += SumDecimal(*b->column(sum_index));
        }
      }
      return Status::OK();
    });
    if (!st.ok()) {
      std::cerr << "Error: " << st.ToString() << "\n";
      return 1;
    }
    std::vector<ColumnMin> mins(ncols);
    __int128 sum = 0;
    int64_t rows = 0;
    for (size_t g = 0; g < groups.size(); ++g) {
      sum += partial_sum[g];
      rows += partial_rows[g];
      for (size_t c = 0; c < ncols; ++c) {
        const ColumnMin& p = partial[g][c];
        ColumnMin& m = mins[c];
        if (!p.has) continue;
        if (!m.has || p.i < m.i) m.i = p.i;
        if (!m.has || p.d < m.d) m.d = p.d;
        if (!m.has || p.s < m.s) m.s = p.s;
        m.has = true;
      }
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    // A checksum of the results so both engines can be seen to agree.
    long long check = static_cast<long long>(sum / 100);
    for (const auto& m : mins) check ^= static_cast<long long>(m.i) + static_cast<long long>(m.s.size());
    std::printf("silt,%d,%s,%.4f,%lld,%lld\n", threads, cols_arg.empty() ? "all" : cols_arg.c_str(),
                secs, static_cast<long long>(rows), static_cast<long long>(sum / 100));
  }
  return 0;
}
