// Keyword table: a sorted array searched with upper-cased words (no allocation).
#include <algorithm>
#include <array>
#include <string_view>

#include "silt/sql/parser/token.h"

namespace silt::sql {

namespace {

struct KeywordEntry {
  std::string_view text;
  Keyword keyword;
  KeywordCategory category;
};

constexpr size_t kKeywordCount = 0
#define SILT_SQL_KEYWORD_COUNT(id, text, category) +1
    SILT_SQL_KEYWORDS(SILT_SQL_KEYWORD_COUNT)
#undef SILT_SQL_KEYWORD_COUNT
    ;

constexpr std::array<KeywordEntry, kKeywordCount> kEntries = {{
#define SILT_SQL_KEYWORD_ENTRY(id, text, category) {text, Keyword::id, KeywordCategory::category},
    SILT_SQL_KEYWORDS(SILT_SQL_KEYWORD_ENTRY)
#undef SILT_SQL_KEYWORD_ENTRY
}};

// The macro list is alphabetical; sorting once anyway keeps lookup correct if an entry is
// added out of order.
const std::array<KeywordEntry, kKeywordCount>& SortedEntries() {
  static const std::array<KeywordEntry, kKeywordCount> sorted = [] {
    auto copy = kEntries;
    std::sort(copy.begin(), copy.end(),
              [](const KeywordEntry& a, const KeywordEntry& b) { return a.text < b.text; });
    return copy;
  }();
  return sorted;
}

constexpr size_t kLongestKeyword = 24;

}  // namespace

Keyword LookupKeyword(std::string_view word) {
  if (word.size() < 2 || word.size() > kLongestKeyword) return Keyword::kNone;
  char upper[kLongestKeyword];
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    upper[i] = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  std::string_view key(upper, word.size());
  const auto& entries = SortedEntries();
  auto it = std::lower_bound(entries.begin(), entries.end(), key,
                             [](const KeywordEntry& e, std::string_view k) { return e.text < k; });
  if (it != entries.end() && it->text == key) return it->keyword;
  return Keyword::kNone;
}

std::string_view KeywordText(Keyword keyword) {
  size_t index = static_cast<size_t>(keyword);
  if (index == 0 || index > kKeywordCount) return {};
  return kEntries[index - 1].text;
}

KeywordCategory GetKeywordCategory(Keyword keyword) {
  size_t index = static_cast<size_t>(keyword);
  if (index == 0 || index > kKeywordCount) return KeywordCategory::kUnreserved;
  return kEntries[index - 1].category;
}

std::string_view TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEnd: return "end of input";
    case TokenKind::kWord: return "identifier";
    case TokenKind::kQuotedIdent: return "quoted identifier";
    case TokenKind::kString: return "string literal";
    case TokenKind::kEscapeString: return "string literal";
    case TokenKind::kHexString: return "hex string literal";
    case TokenKind::kInteger: return "integer literal";
    case TokenKind::kDecimal: return "numeric literal";
    case TokenKind::kFloat: return "numeric literal";
    case TokenKind::kParameter: return "parameter";
    case TokenKind::kLParen: return "'('";
    case TokenKind::kRParen: return "')'";
    case TokenKind::kLBracket: return "'['";
    case TokenKind::kRBracket: return "']'";
    case TokenKind::kLBrace: return "'{'";
    case TokenKind::kRBrace: return "'}'";
    case TokenKind::kComma: return "','";
    case TokenKind::kSemicolon: return "';'";
    case TokenKind::kDot: return "'.'";
    case TokenKind::kColon: return "':'";
    case TokenKind::kDoubleColon: return "'::'";
    case TokenKind::kColonEquals: return "':='";
    case TokenKind::kArrow: return "'=>'";
    case TokenKind::kPlus: return "'+'";
    case TokenKind::kMinus: return "'-'";
    case TokenKind::kStar: return "'*'";
    case TokenKind::kSlash: return "'/'";
    case TokenKind::kDoubleSlash: return "'//'";
    case TokenKind::kPercent: return "'%'";
    case TokenKind::kCaret: return "'^'";
    case TokenKind::kConcat: return "'||'";
    case TokenKind::kEq: return "'='";
    case TokenKind::kNotEq: return "'<>'";
    case TokenKind::kLt: return "'<'";
    case TokenKind::kLtEq: return "'<='";
    case TokenKind::kGt: return "'>'";
    case TokenKind::kGtEq: return "'>='";
    case TokenKind::kAmpersand: return "'&'";
    case TokenKind::kPipe: return "'|'";
    case TokenKind::kHash: return "'#'";
    case TokenKind::kTilde: return "'~'";
    case TokenKind::kTildeStar: return "'~*'";
    case TokenKind::kNotTilde: return "'!~'";
    case TokenKind::kNotTildeStar: return "'!~*'";
    case TokenKind::kShiftLeft: return "'<<'";
  }
  return "token";
}

}  // namespace silt::sql
