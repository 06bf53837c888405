#include "silt/parquet/writer_dictionary.h"

#include <xxhash.h>

#include <algorithm>

namespace silt::parquet {

namespace {
constexpr size_t kInitialSlots = 1024;
}  // namespace

DictionaryTable::DictionaryTable(int width) : width_(width) { Clear(); }

uint64_t DictionaryTable::HashBytes(const uint8_t* data, int64_t size) {
  return XXH3_64bits(data, static_cast<size_t>(size));
}

int32_t DictionaryTable::Insert(Slot* slot, uint64_t hash, const uint8_t* data, int64_t size) {
  const int32_t index = this->size();
  slot->tag = static_cast<uint32_t>(hash >> 32);
  slot->index = index;
  hashes_.push_back(hash);
  arena_.append(reinterpret_cast<const char*>(data), static_cast<size_t>(size));
  if (width_ == 0) offsets_.push_back(static_cast<int64_t>(arena_.size()));
  if (hashes_.size() * 2 > slots_.size()) Grow();
  return index;
}

void DictionaryTable::Grow() {
  std::vector<Slot> slots(slots_.size() * 2);
  const size_t mask = slots.size() - 1;
  for (size_t i = 0; i < hashes_.size(); ++i) {
    size_t pos = static_cast<size_t>(hashes_[i]) & mask;
    while (slots[pos].index >= 0) pos = (pos + 1) & mask;
    slots[pos].tag = static_cast<uint32_t>(hashes_[i] >> 32);
    slots[pos].index = static_cast<int32_t>(i);
  }
  slots_.swap(slots);
  mask_ = mask;
}

void DictionaryTable::EncodePlain(std::string* out) const {
  if (width_ > 0) {
    out->append(arena_);
    return;
  }
  out->reserve(out->size() + static_cast<size_t>(plain_size()));
  for (int32_t i = 0; i < size(); ++i) {
    const std::string_view v = Value(i);
    const auto len = static_cast<uint32_t>(v.size());
    out->append(reinterpret_cast<const char*>(&len), 4);
    out->append(v);
  }
}

void DictionaryTable::Clear() {
  if (slots_.size() != kInitialSlots) {
    slots_.assign(kInitialSlots, Slot{});
  } else {
    std::fill(slots_.begin(), slots_.end(), Slot{});
  }
  mask_ = slots_.size() - 1;
  hashes_.clear();
  arena_.clear();
  offsets_.assign(1, 0);
}

int64_t DictionaryTable::memory_bytes() const {
  return static_cast<int64_t>(slots_.capacity() * sizeof(Slot) + hashes_.capacity() * 8 +
                              arena_.capacity() + offsets_.capacity() * 8);
}

}  // namespace silt::parquet
