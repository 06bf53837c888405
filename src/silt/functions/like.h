#pragma once

// SQL LIKE / ILIKE patterns compiled once and matched without backtracking.
//
// Pattern syntax: `%` matches any sequence (including none), `_` exactly one code point, the
// escape character (default `\`, none when empty) makes the next character literal; a pattern
// ending in a lone escape is an error. Matching is byte-wise on UTF-8 (case-sensitive LIKE)
// or on simply case-folded code points (ILIKE: 'Ä' ILIKE 'ä', 'ǅ' ILIKE 'ǆ').
//
// Compilation picks the cheapest form: exact match, prefix (`abc%`), suffix (`%abc`),
// infix (`%abc%`, memmem), match-all (`%`), or the general form: literal segments separated
// by `%`, each segment a run of literal bytes and `_` wildcards. The general matcher anchors
// the first and last segments and finds each middle segment at its leftmost occurrence, which
// is complete for `%`-separated segments (a later occurrence never leaves more room), so it
// never backtracks: O(len(text) * len(segment)) worst case, O(len(text)) typical.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "silt/common/status.h"

namespace silt::functions {

/// A compiled LIKE pattern. Immutable after Compile; Matches() is const but ILIKE needs
/// scratch space, so give each thread its own copy (copying is cheap).
class LikeMatcher {
 public:
  /// Compiles `pattern` with the escape character `escape` (a single code point, or empty
  /// for no escape). Execution error for a pattern ending in the escape character or an
  /// escape string longer than one character.
  static Result<LikeMatcher> Compile(std::string_view pattern, std::string_view escape = "\\",
                                     bool case_insensitive = false);

  /// Whether `text` matches. `scratch` holds case-folded text for ILIKE (may be null for LIKE).
  bool Matches(std::string_view text, std::string* scratch) const;

  /// Matches rows [0, n) of a utf8 array (int64 `offsets`, `data` bytes) at once: sets bit i
  /// of `bits` (zeroed by the caller) where the match result differs from `negate`. One
  /// loop per compiled form, so the form is not re-dispatched per row.
  void MatchBatch(const int64_t* offsets, const char* data, int64_t n, bool negate, uint8_t* bits,
                  std::string* scratch) const;

  /// The compiled form, for tests and EXPLAIN: "exact", "prefix", "suffix", "infix", "all",
  /// "general".
  const char* kind_name() const;

 private:
  enum class Kind { kExact, kPrefix, kSuffix, kInfix, kAll, kGeneral };
  /// One piece of a segment: literal bytes, or `count` single-code-point wildcards.
  struct Piece {
    std::string literal;
    int32_t wildcards = 0;
  };
  using Segment = std::vector<Piece>;

  bool MatchFolded(std::string_view text) const;
  bool MatchGeneral(std::string_view text) const;
  static size_t MatchForward(const Segment& seg, std::string_view text, size_t pos);
  static size_t MatchBackward(const Segment& seg, std::string_view text, size_t end);
  static size_t FindSegment(const Segment& seg, std::string_view text, size_t from, size_t limit,
                            size_t* match_end);

  Kind kind_ = Kind::kGeneral;
  bool case_insensitive_ = false;
  std::string literal_;            // exact / prefix / suffix / infix
  std::vector<Segment> segments_;  // general
  bool leading_percent_ = false;
  bool trailing_percent_ = false;
};

}  // namespace silt::functions
