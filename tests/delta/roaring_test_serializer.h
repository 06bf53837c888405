#pragma once

// Test-only writer of Delta's serialized RoaringBitmapArray (portable and native formats) and
// DV files, so parser tests can build inputs with chosen container kinds and cookies.

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace silt::delta::testing {

/// How containers are chosen: kAuto = array up to 4096 values else bitmap (no runs);
/// kRuns = every container a run container; kMixed = runs for containers whose values
/// form few runs, else auto.
enum class ContainerPolicy { kAuto, kRuns, kMixed };

inline void PutLE16(std::string& out, uint32_t v) {
  out.push_back(static_cast<char>(v & 0xFF));
  out.push_back(static_cast<char>((v >> 8) & 0xFF));
}
inline void PutLE32(std::string& out, uint32_t v) {
  PutLE16(out, v & 0xFFFF);
  PutLE16(out, v >> 16);
}
inline void PutLE64(std::string& out, uint64_t v) {
  PutLE32(out, static_cast<uint32_t>(v));
  PutLE32(out, static_cast<uint32_t>(v >> 32));
}
inline void PutBE32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

/// Inclusive (start, last) runs of sorted unique values.
inline std::vector<std::pair<uint32_t, uint32_t>> RunsOf(const std::vector<uint16_t>& values) {
  std::vector<std::pair<uint32_t, uint32_t>> runs;
  for (uint16_t v : values) {
    if (!runs.empty() && runs.back().second + 1 == v) {
      runs.back().second = v;
    } else {
      runs.emplace_back(v, v);
    }
  }
  return runs;
}

/// One standard 32-bit Roaring bitmap of sorted unique `values`. `run_cookie` forces the
/// run cookie even when no container is a run container.
inline std::string SerializeRoaring32(const std::vector<uint32_t>& values, ContainerPolicy policy,
                                      bool run_cookie = false) {
  std::map<uint16_t, std::vector<uint16_t>> containers;
  for (uint32_t v : values) containers[static_cast<uint16_t>(v >> 16)].push_back(v & 0xFFFF);
  struct Item {
    uint16_t key;
    std::vector<uint16_t> values;
    bool is_run;
  };
  std::vector<Item> items;
  bool any_run = false;
  for (auto& [key, vals] : containers) {
    size_t num_runs = RunsOf(vals).size();
    bool is_run = policy == ContainerPolicy::kRuns ||
                  (policy == ContainerPolicy::kMixed && num_runs * 4 + 2 < vals.size() * 2);
    any_run |= is_run;
    items.push_back({key, vals, is_run});
  }
  const bool has_runs = !items.empty() && (any_run || run_cookie);
  const uint32_t size = static_cast<uint32_t>(items.size());
  std::string out;
  if (has_runs) {
    PutLE32(out, 12347u | ((size - 1) << 16));
    std::string flags((size + 7) / 8, '\0');
    for (uint32_t i = 0; i < size; ++i) {
      if (items[i].is_run) flags[i / 8] = static_cast<char>(flags[i / 8] | (1 << (i % 8)));
    }
    out += flags;
  } else {
    PutLE32(out, 12346u);
    PutLE32(out, size);
  }
  for (const Item& item : items) {
    PutLE16(out, item.key);
    PutLE16(out, static_cast<uint32_t>(item.values.size() - 1));
  }
  std::vector<std::string> bodies;
  for (const Item& item : items) {
    std::string body;
    if (item.is_run) {
      auto runs = RunsOf(item.values);
      PutLE16(body, static_cast<uint32_t>(runs.size()));
      for (auto [start, last] : runs) {
        PutLE16(body, start);
        PutLE16(body, last - start);
      }
    } else if (item.values.size() <= 4096) {
      for (uint16_t v : item.values) PutLE16(body, v);
    } else {
      std::vector<uint64_t> words(1024, 0);
      for (uint16_t v : item.values) words[v >> 6] |= uint64_t{1} << (v & 63);
      for (uint64_t w : words) PutLE64(body, w);
    }
    bodies.push_back(std::move(body));
  }
  if (!has_runs || size >= 4) {
    uint32_t offset = static_cast<uint32_t>(out.size() + 4 * size);
    for (const std::string& body : bodies) {
      PutLE32(out, offset);
      offset += static_cast<uint32_t>(body.size());
    }
  }
  for (const std::string& body : bodies) out += body;
  return out;
}

/// Buckets (upper 32 bits -> lower 32 bits, sorted) of sorted unique 64-bit rows.
inline std::map<uint32_t, std::vector<uint32_t>> Buckets(std::vector<uint64_t> rows) {
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  std::map<uint32_t, std::vector<uint32_t>> buckets;
  for (uint64_t r : rows) {
    buckets[static_cast<uint32_t>(r >> 32)].push_back(static_cast<uint32_t>(r));
  }
  return buckets;
}

/// Delta's portable RoaringBitmapArray (magic 1681511377) of `rows`.
inline std::string SerializePortable(const std::vector<uint64_t>& rows,
                                     ContainerPolicy policy = ContainerPolicy::kAuto,
                                     bool run_cookie = false) {
  std::string out;
  PutLE32(out, 1681511377u);
  auto buckets = Buckets(rows);
  PutLE64(out, buckets.size());
  for (const auto& [key, values] : buckets) {
    PutLE32(out, key);
    out += SerializeRoaring32(values, policy, run_cookie);
  }
  return out;
}

/// Delta's older native RoaringBitmapArray (magic 1681511376): one sized bitmap per key
/// 0..max key, empty ones included.
inline std::string SerializeNative(const std::vector<uint64_t>& rows,
                                   ContainerPolicy policy = ContainerPolicy::kAuto) {
  auto buckets = Buckets(rows);
  uint32_t count = buckets.empty() ? 0 : buckets.rbegin()->first + 1;
  std::string out;
  PutLE32(out, 1681511376u);
  PutLE32(out, count);
  for (uint32_t key = 0; key < count; ++key) {
    auto it = buckets.find(key);
    std::string bitmap =
        SerializeRoaring32(it == buckets.end() ? std::vector<uint32_t>{} : it->second, policy);
    PutLE32(out, static_cast<uint32_t>(bitmap.size()));
    out += bitmap;
  }
  return out;
}

/// Bitwise CRC-32 (IEEE, reflected, as zlib and java.util.zip.CRC32), independent of zlib.
inline uint32_t TestCrc32(const std::string& data) {
  uint32_t crc = 0xFFFFFFFFu;
  for (char c : data) {
    crc ^= static_cast<uint8_t>(c);
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

/// A DV file: version byte 1, then per serialized vector its BE size, bytes and BE CRC-32.
/// `offsets` receives each vector's offset (where its size field starts).
inline std::string BuildDvFile(const std::vector<std::string>& vectors,
                               std::vector<int32_t>* offsets, size_t padding_after_version = 0) {
  std::string file(1, '\x01');
  file.append(padding_after_version, '\0');
  for (const std::string& v : vectors) {
    offsets->push_back(static_cast<int32_t>(file.size()));
    PutBE32(file, static_cast<uint32_t>(v.size()));
    file += v;
    PutBE32(file, TestCrc32(v));
  }
  return file;
}

}  // namespace silt::delta::testing
