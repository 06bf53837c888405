#include "silt/functions/like.h"

#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "silt/functions/unicode.h"

namespace silt::functions {

namespace {

constexpr size_t kNoMatch = static_cast<size_t>(-1);

// Position of the first occurrence of `needle` in `hay`, or kNoMatch. Candidate positions are
// those where the needle's first and last bytes both match, tested 16 at a time with SSE2;
// glibc's memmem costs more in setup than a short string takes to scan.
size_t FindLiteral(std::string_view hay, std::string_view needle) {
  const size_t m = needle.size();
  if (m == 0) return 0;
  if (m > hay.size()) return kNoMatch;
  const char* h = hay.data();
  if (m == 1) {
    const void* p = std::memchr(h, needle[0], hay.size());
    return p == nullptr ? kNoMatch : static_cast<size_t>(static_cast<const char*>(p) - h);
  }
  const size_t last_start = hay.size() - m;
  const char first = needle[0], last = needle[m - 1];
  size_t i = 0;
#ifdef __SSE2__
  if (last_start >= 15) {
    const __m128i vfirst = _mm_set1_epi8(first), vlast = _mm_set1_epi8(last);
    // Blocks of 16 start positions; the last block is moved back to end at last_start and
    // skips the positions an earlier block already tested.
    for (size_t block = 0;; block += 16) {
      size_t skip = 0;
      if (block + 15 > last_start) {
        skip = block - (last_start - 15);
        block = last_start - 15;
      }
      const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h + block));
      const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h + block + m - 1));
      unsigned mask = static_cast<unsigned>(
          _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, vfirst), _mm_cmpeq_epi8(b, vlast))));
      mask &= ~0u << skip;
      while (mask != 0) {
        const size_t k = block + static_cast<size_t>(__builtin_ctz(mask));
        if (std::memcmp(h + k + 1, needle.data() + 1, m - 2) == 0) return k;
        mask &= mask - 1;
      }
      if (block + 15 == last_start) return kNoMatch;
    }
  }
#endif
  for (; i <= last_start; ++i) {
    // `&`, not `&&`: one rarely taken branch instead of one per byte that matches `first`.
    if (((h[i] == first) & (h[i + m - 1] == last)) &&
        std::memcmp(h + i + 1, needle.data() + 1, m - 2) == 0) {
      return i;
    }
  }
  return kNoMatch;
}

// Sets bit r of `bits` for rows that contain `literal` and satisfy pred(row), found by
// searching the batch's bytes as one range (hits mapped to rows through the offsets) instead
// of starting a search in every short row; then applies `negate`.
template <typename Pred>
void MatchRowsContaining(const int64_t* offsets, const char* data, int64_t n, std::string_view literal,
                         bool negate, uint8_t* bits, Pred&& pred) {
  const std::string_view all(data + offsets[0], static_cast<size_t>(offsets[n] - offsets[0]));
  auto row_end = [&](int64_t r) { return static_cast<size_t>(offsets[r + 1] - offsets[0]); };
  int64_t r = 0;
  size_t pos = 0;
  while (r < n) {
    const size_t hit = FindLiteral(all.substr(pos), literal);
    if (hit == kNoMatch) break;
    const size_t p = pos + hit;
    while (r < n && row_end(r) <= p) ++r;
    if (r >= n) break;
    if (p + literal.size() <= row_end(r)) {
      const size_t begin = static_cast<size_t>(offsets[r] - offsets[0]);
      if (pred(all.substr(begin, row_end(r) - begin))) bits[r >> 3] |= static_cast<uint8_t>(1u << (r & 7));
      pos = row_end(r);  // the next row starts where this one ends
      ++r;
    } else {
      pos = p + 1;  // the hit straddles two rows
    }
  }
  if (negate) {
    for (int64_t i = 0; i < n; ++i) bits[i >> 3] ^= static_cast<uint8_t>(1u << (i & 7));
  }
}

// Sets bit i of `bits` where pred(row i) != negate; one tight loop per compiled form.
template <typename Pred>
void FillBits(const int64_t* offsets, const char* data, int64_t n, bool negate, uint8_t* bits,
              Pred&& pred) {
  for (int64_t i = 0; i < n; ++i) {
    const std::string_view v(data + offsets[i], static_cast<size_t>(offsets[i + 1] - offsets[i]));
    bits[i >> 3] |= static_cast<uint8_t>(static_cast<uint8_t>(pred(v) != negate) << (i & 7));
  }
}

// Pattern tokens after escape processing.
struct Token {
  enum Type { kLiteral, kAny, kPercent } type;
  std::string bytes;  // one code point for kLiteral
};

}  // namespace

Result<LikeMatcher> LikeMatcher::Compile(std::string_view pattern, std::string_view escape,
                                         bool case_insensitive) {
  using internal::CountCodePoints;
  if (CountCodePoints(escape) > 1) {
    return Status::Execution("invalid escape string '" + std::string(escape) +
                             "': it must be empty or one character");
  }
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < pattern.size()) {
    const size_t len = internal::CodePointLength(pattern, i);
    std::string_view cp = pattern.substr(i, len);
    i += len;
    if (!escape.empty() && cp == escape) {
      if (i >= pattern.size()) {
        return Status::Execution("LIKE pattern must not end with escape character: '" +
                                 std::string(pattern) + "'");
      }
      const size_t next = internal::CodePointLength(pattern, i);
      tokens.push_back({Token::kLiteral, std::string(pattern.substr(i, next))});
      i += next;
    } else if (cp == "%") {
      if (tokens.empty() || tokens.back().type != Token::kPercent) tokens.push_back({Token::kPercent, {}});
    } else if (cp == "_") {
      tokens.push_back({Token::kAny, {}});
    } else {
      tokens.push_back({Token::kLiteral, std::string(cp)});
    }
  }
  LikeMatcher m;
  m.case_insensitive_ = case_insensitive;
  if (case_insensitive) {
    for (auto& t : tokens) {
      if (t.type != Token::kLiteral) continue;
      std::string folded;
      internal::AppendFolded(t.bytes, &folded);
      t.bytes = std::move(folded);
    }
  }
  m.leading_percent_ = !tokens.empty() && tokens.front().type == Token::kPercent;
  m.trailing_percent_ = !tokens.empty() && tokens.back().type == Token::kPercent;
  // Split into segments between '%'.
  Segment current;
  bool any_wildcard = false;
  auto flush = [&]() {
    if (!current.empty()) m.segments_.push_back(std::move(current));
    current.clear();
  };
  for (const auto& t : tokens) {
    if (t.type == Token::kPercent) {
      flush();
    } else if (t.type == Token::kAny) {
      any_wildcard = true;
      if (current.empty() || !current.back().literal.empty()) current.push_back({});
      ++current.back().wildcards;
    } else {
      if (current.empty() || current.back().wildcards > 0) current.push_back({});
      current.back().literal += t.bytes;
    }
  }
  flush();
  // Pieces hold either a literal or wildcards; normalize so each piece is one of them.
  for (auto& seg : m.segments_) {
    Segment split;
    for (auto& p : seg) {
      if (!p.literal.empty() && p.wildcards > 0) {
        split.push_back({p.literal, 0});
        split.push_back({{}, p.wildcards});
      } else {
        split.push_back(std::move(p));
      }
    }
    seg = std::move(split);
  }
  const size_t n = m.segments_.size();
  if (n == 0) {
    m.kind_ = m.leading_percent_ ? Kind::kAll : Kind::kExact;  // '%' or ''
    return m;
  }
  if (!any_wildcard && n == 1) {
    m.literal_ = m.segments_[0][0].literal;
    if (!m.leading_percent_ && !m.trailing_percent_) m.kind_ = Kind::kExact;
    if (!m.leading_percent_ && m.trailing_percent_) m.kind_ = Kind::kPrefix;
    if (m.leading_percent_ && !m.trailing_percent_) m.kind_ = Kind::kSuffix;
    if (m.leading_percent_ && m.trailing_percent_) m.kind_ = Kind::kInfix;
    return m;
  }
  m.kind_ = Kind::kGeneral;
  return m;
}

const char* LikeMatcher::kind_name() const {
  switch (kind_) {
    case Kind::kExact: return "exact";
    case Kind::kPrefix: return "prefix";
    case Kind::kSuffix: return "suffix";
    case Kind::kInfix: return "infix";
    case Kind::kAll: return "all";
    case Kind::kGeneral: return "general";
  }
  return "?";
}

bool LikeMatcher::Matches(std::string_view text, std::string* scratch) const {
  if (case_insensitive_ && kind_ != Kind::kAll) {
    scratch->clear();
    internal::AppendFolded(text, scratch);
    return MatchFolded(*scratch);
  }
  return MatchFolded(text);
}

void LikeMatcher::MatchBatch(const int64_t* offsets, const char* data, int64_t n, bool negate,
                             uint8_t* bits, std::string* scratch) const {
  if (case_insensitive_ && kind_ != Kind::kAll) {
    FillBits(offsets, data, n, negate, bits, [&](std::string_view v) { return Matches(v, scratch); });
    return;
  }
  const std::string_view lit = literal_;
  switch (kind_) {
    case Kind::kExact:
      FillBits(offsets, data, n, negate, bits, [lit](std::string_view v) { return v == lit; });
      return;
    case Kind::kPrefix:
      FillBits(offsets, data, n, negate, bits, [lit](std::string_view v) {
        return v.size() >= lit.size() && std::memcmp(v.data(), lit.data(), lit.size()) == 0;
      });
      return;
    case Kind::kSuffix:
      FillBits(offsets, data, n, negate, bits, [lit](std::string_view v) {
        return v.size() >= lit.size() &&
               std::memcmp(v.data() + v.size() - lit.size(), lit.data(), lit.size()) == 0;
      });
      return;
    case Kind::kInfix:
      MatchRowsContaining(offsets, data, n, lit, negate, bits, [](std::string_view) { return true; });
      return;
    case Kind::kAll:
      FillBits(offsets, data, n, negate, bits, [](std::string_view) { return true; });
      return;
    case Kind::kGeneral:
      if (leading_percent_ && segments_[0][0].wildcards == 0) {
        // Every match contains the first segment's leading literal: find the rows that do
        // with one scan of the batch's bytes, and run the full matcher on those only.
        MatchRowsContaining(offsets, data, n, segments_[0][0].literal, negate, bits,
                            [this](std::string_view v) { return MatchGeneral(v); });
        return;
      }
      FillBits(offsets, data, n, negate, bits, [this](std::string_view v) { return MatchGeneral(v); });
      return;
  }
}

bool LikeMatcher::MatchFolded(std::string_view text) const {
  switch (kind_) {
    case Kind::kExact: return text == literal_;
    case Kind::kPrefix:
      return text.size() >= literal_.size() &&
             std::memcmp(text.data(), literal_.data(), literal_.size()) == 0;
    case Kind::kSuffix:
      return text.size() >= literal_.size() &&
             std::memcmp(text.data() + text.size() - literal_.size(), literal_.data(),
                         literal_.size()) == 0;
    case Kind::kInfix: return FindLiteral(text, literal_) != kNoMatch;
    case Kind::kAll: return true;
    case Kind::kGeneral: return MatchGeneral(text);
  }
  return false;
}

size_t LikeMatcher::MatchForward(const Segment& seg, std::string_view text, size_t pos) {
  for (const Piece& p : seg) {
    if (p.wildcards > 0) {
      for (int32_t k = 0; k < p.wildcards; ++k) {
        if (pos >= text.size()) return kNoMatch;
        pos += internal::CodePointLength(text, pos);
      }
    } else {
      if (text.size() - pos < p.literal.size() ||
          std::memcmp(text.data() + pos, p.literal.data(), p.literal.size()) != 0) {
        return kNoMatch;
      }
      pos += p.literal.size();
    }
  }
  return pos;
}

size_t LikeMatcher::MatchBackward(const Segment& seg, std::string_view text, size_t end) {
  for (auto it = seg.rbegin(); it != seg.rend(); ++it) {
    const Piece& p = *it;
    if (p.wildcards > 0) {
      for (int32_t k = 0; k < p.wildcards; ++k) {
        if (end == 0) return kNoMatch;
        --end;
        // Step back over continuation bytes to the start of the code point (at most 3).
        for (int back = 0; back < 3 && end > 0 && internal::IsContinuationByte(text[end]); ++back) --end;
      }
    } else {
      if (end < p.literal.size() ||
          std::memcmp(text.data() + end - p.literal.size(), p.literal.data(), p.literal.size()) != 0) {
        return kNoMatch;
      }
      end -= p.literal.size();
    }
  }
  return end;
}

size_t LikeMatcher::FindSegment(const Segment& seg, std::string_view text, size_t from, size_t limit,
                                size_t* match_end) {
  std::string_view window = text.substr(0, limit);
  const bool literal_first = seg.front().wildcards == 0;
  size_t pos = from;
  while (pos <= window.size()) {
    if (literal_first) {
      // Jump to the next occurrence of the leading literal.
      const std::string& lit = seg.front().literal;
      const size_t hit = FindLiteral(window.substr(pos), lit);
      if (hit == kNoMatch) return kNoMatch;
      pos += hit;
    }
    const size_t end = MatchForward(seg, window, pos);
    if (end != kNoMatch) {
      *match_end = end;
      return pos;
    }
    if (pos >= window.size()) return kNoMatch;
    pos += literal_first ? 1 : internal::CodePointLength(window, pos);
  }
  return kNoMatch;
}

bool LikeMatcher::MatchGeneral(std::string_view text) const {
  const size_t n = segments_.size();
  if (n == 1 && !leading_percent_ && !trailing_percent_) {
    return MatchForward(segments_[0], text, 0) == text.size();
  }
  size_t lo = 0, hi = text.size();
  size_t first = 0, last = n;  // middle segments are [first, last)
  if (!leading_percent_) {
    lo = MatchForward(segments_[0], text, 0);
    if (lo == kNoMatch) return false;
    first = 1;
  }
  if (!trailing_percent_) {
    const size_t start = MatchBackward(segments_[n - 1], text, text.size());
    if (start == kNoMatch || start < lo) return false;
    hi = start;
    last = n - 1;
  }
  for (size_t k = first; k < last; ++k) {
    size_t end;
    if (FindSegment(segments_[k], text, lo, hi, &end) == kNoMatch) return false;
    lo = end;
  }
  return true;
}

}  // namespace silt::functions
