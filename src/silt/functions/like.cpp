#include "silt/functions/like.h"

#include <cstring>

#include "silt/functions/unicode.h"

namespace silt::functions {

namespace {

constexpr size_t kNoMatch = static_cast<size_t>(-1);

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
    case Kind::kInfix:
      return literal_.size() <= text.size() &&
             memmem(text.data(), text.size(), literal_.data(), literal_.size()) != nullptr;
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
      if (window.size() - pos < lit.size()) return kNoMatch;
      const void* hit = memmem(window.data() + pos, window.size() - pos, lit.data(), lit.size());
      if (hit == nullptr) return kNoMatch;
      pos = static_cast<size_t>(static_cast<const char*>(hit) - window.data());
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
