#include "silt/functions/like.h"

#include <gtest/gtest.h>

#include <random>

#include "function_test_util.h"

namespace silt::functions {
namespace {

using testing::CallTexts;
using testing::Constant;
using testing::Eval;
using testing::Strings;
using Strs = std::vector<std::string>;

// Reference: a plain recursive matcher (exponential in the worst case, fine for tests).
bool Reference(std::string_view t, std::string_view p, char escape) {
  if (p.empty()) return t.empty();
  if (p[0] == escape && p.size() > 1) {
    return !t.empty() && t[0] == p[1] && Reference(t.substr(1), p.substr(2), escape);
  }
  if (p[0] == '%') {
    for (size_t k = 0; k <= t.size(); ++k) {
      if (Reference(t.substr(k), p.substr(1), escape)) return true;
    }
    return false;
  }
  if (t.empty()) return false;
  if (p[0] == '_' || p[0] == t[0]) return Reference(t.substr(1), p.substr(1), escape);
  return false;
}

bool Like(std::string_view text, std::string_view pattern, std::string_view escape = "\\",
          bool ci = false) {
  auto m = LikeMatcher::Compile(pattern, escape, ci);
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  std::string scratch;
  return m.ok() && m->Matches(text, &scratch);
}

TEST(LikeMatcherTest, PicksFastPaths) {
  EXPECT_STREQ(LikeMatcher::Compile("abc")->kind_name(), "exact");
  EXPECT_STREQ(LikeMatcher::Compile("abc%")->kind_name(), "prefix");
  EXPECT_STREQ(LikeMatcher::Compile("%abc")->kind_name(), "suffix");
  EXPECT_STREQ(LikeMatcher::Compile("%abc%")->kind_name(), "infix");
  EXPECT_STREQ(LikeMatcher::Compile("%%")->kind_name(), "all");
  EXPECT_STREQ(LikeMatcher::Compile("a%b")->kind_name(), "general");
  EXPECT_STREQ(LikeMatcher::Compile("a_c")->kind_name(), "general");
  EXPECT_STREQ(LikeMatcher::Compile("100\\%")->kind_name(), "exact");
  EXPECT_STREQ(LikeMatcher::Compile("%a\\%b%")->kind_name(), "infix");
}

TEST(LikeMatcherTest, Patterns) {
  EXPECT_TRUE(Like("silt", "silt"));
  EXPECT_FALSE(Like("silt", "sil"));
  EXPECT_TRUE(Like("silt", "s%"));
  EXPECT_TRUE(Like("silt", "%t"));
  EXPECT_TRUE(Like("silt", "%il%"));
  EXPECT_TRUE(Like("silt", "s_l_"));
  EXPECT_FALSE(Like("silt", "s_l"));
  EXPECT_TRUE(Like("", "%"));
  EXPECT_TRUE(Like("", ""));
  EXPECT_FALSE(Like("a", ""));
  EXPECT_TRUE(Like("abcabc", "a%c%c"));
  EXPECT_FALSE(Like("abcab", "a%c%c"));
  EXPECT_TRUE(Like("aXbXc", "%X_X%"));
  EXPECT_TRUE(Like("abab", "%ab"));
  EXPECT_FALSE(Like("ab", "a%ab"));  // anchored ends may not overlap
  EXPECT_TRUE(Like("aab", "a%ab"));
  // `_` is one code point, not one byte.
  EXPECT_TRUE(Like("ü", "_"));
  EXPECT_TRUE(Like("aüb", "a_b"));
  EXPECT_FALSE(Like("aüb", "a__b"));
  EXPECT_TRUE(Like("xüyü", "%_y_"));
  EXPECT_TRUE(Like("🙂🙂", "__"));
}

TEST(LikeMatcherTest, Escapes) {
  EXPECT_TRUE(Like("100%", "100\\%"));
  EXPECT_FALSE(Like("1000", "100\\%"));
  EXPECT_TRUE(Like("a_b", "a\\_b"));
  EXPECT_FALSE(Like("axb", "a\\_b"));
  EXPECT_TRUE(Like("a\\b", "a\\\\b"));
  EXPECT_TRUE(Like("50% off", "%!%%", "!"));
  EXPECT_TRUE(Like("a%b", "a#%b", "#"));
  EXPECT_TRUE(Like("a\\b", "a\\b", ""));  // no escape character
  EXPECT_TRUE(Like("xüy", "xüy", "ü") == false);  // ü escapes y: pattern is x + 'y'
  EXPECT_TRUE(Like("xy", "xüy", "ü"));
  auto bad = LikeMatcher::Compile("abc\\");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kExecution);
  EXPECT_FALSE(LikeMatcher::Compile("a", "ab").ok());
}

TEST(LikeMatcherTest, CaseInsensitive) {
  EXPECT_TRUE(Like("SILT", "s%", "\\", true));
  EXPECT_TRUE(Like("ÄBC", "äb%", "\\", true));
  EXPECT_TRUE(Like("äbc", "%ÄBC", "\\", true));
  EXPECT_TRUE(Like("ǅ", "ǆ", "\\", true));
  EXPECT_TRUE(Like("ΣΊΣΥΦΟΣ", "%σίσυφοσ%", "\\", true));
  EXPECT_TRUE(Like("Straße", "STRA_E", "\\", true));
  EXPECT_FALSE(Like("Straße", "STRASSE", "\\", true));  // simple folding keeps ß one character
  EXPECT_FALSE(Like("SILT", "s%", "\\", false));
}

TEST(LikeMatcherTest, AgreesWithAReferenceOnRandomPatterns) {
  std::mt19937 rng(11);
  const std::string alphabet = "ab%_";
  for (int round = 0; round < 5000; ++round) {
    std::string text, pattern;
    for (int k = static_cast<int>(rng() % 8); k > 0; --k) text.push_back("ab"[rng() % 2]);
    for (int k = static_cast<int>(rng() % 7); k > 0; --k) pattern.push_back(alphabet[rng() % 4]);
    EXPECT_EQ(Like(text, pattern), Reference(text, pattern, '\\'))
        << "'" << text << "' LIKE '" << pattern << "'";
  }
}

TEST(LikeFunctionTest, BatchMatchingAgreesWithTheReference) {
  // The batch path searches all rows' bytes at once: hits spanning two rows must not count.
  std::mt19937 rng(5);
  std::vector<testing::Opt<std::string>> rows;
  std::vector<std::string> plain;
  for (int i = 0; i < 400; ++i) {
    std::string t;
    for (int k = static_cast<int>(rng() % 6); k > 0; --k) t.push_back("abc"[rng() % 3]);
    rows.push_back(t);
    plain.push_back(t);
  }
  auto text = Strings(rows);
  const char* patterns[] = {"%bc%", "%ab%ca%", "%a", "b%", "%a_c%", "%", "abc", "%cc%c%", "_%b"};
  for (const char* p : patterns) {
    auto like = CallTexts("like", {text, Constant(Strings({p}), 400)});
    auto not_like = CallTexts("not_like", {text, Constant(Strings({p}), 400)});
    ASSERT_EQ(like.size(), 400u) << like[0];
    for (size_t i = 0; i < plain.size(); ++i) {
      const bool expected = Reference(plain[i], p, '\\');
      EXPECT_EQ(like[i], expected ? "true" : "false") << "'" << plain[i] << "' LIKE '" << p << "'";
      EXPECT_EQ(not_like[i], expected ? "false" : "true");
    }
  }
  // A sliced array (offsets not starting at zero).
  auto sliced = Strings({"xxabc", "ab", "cab", "zz"})->Slice(1, 3);
  EXPECT_EQ(CallTexts("like", {sliced, Constant(Strings({"%ab%"}), 3)}), (Strs{"true", "true", "false"}));
}

TEST(LikeFunctionTest, KernelsOverEncodingsAndNulls) {
  auto text = Strings({"apple", "banana", std::nullopt, "apricot", "APPLE"});
  EXPECT_EQ(CallTexts("like", {text, Constant(Strings({"ap%"}), 5)}),
            (Strs{"true", "false", "NULL", "true", "false"}));
  EXPECT_EQ(CallTexts("ilike", {text, Constant(Strings({"ap%"}), 5)}),
            (Strs{"true", "false", "NULL", "true", "true"}));
  EXPECT_EQ(CallTexts("not_like", {text, Constant(Strings({"%an%"}), 5)}),
            (Strs{"true", "false", "NULL", "true", "true"}));
  EXPECT_EQ(CallTexts("not_ilike", {text, Constant(Strings({"apple"}), 5)}),
            (Strs{"false", "true", "NULL", "true", "false"}));
  EXPECT_EQ(testing::CheckEncodings("like", text, {Strings({"%p%"})}),
            (Strs{"true", "false", "NULL", "true", "false"}));
  // Per-row patterns and escapes.
  auto patterns = Strings({"a%", "b_nana", "x", std::nullopt, "A!%", });
  EXPECT_EQ(CallTexts("like", {text, patterns}), (Strs{"true", "true", "NULL", "NULL", "false"}));
  EXPECT_EQ(CallTexts("like", {Strings({"10%", "10x"}), Constant(Strings({"10!%"}), 2),
                               Constant(Strings({"!"}), 2)}),
            (Strs{"true", "false"}));
  // NULL pattern: NULL result.
  EXPECT_EQ(CallTexts("like", {text, Constant(Strings({std::nullopt}), 5)}), Strs(5, "NULL"));
  // Bad pattern: an Execution error.
  EXPECT_EQ(Eval("like", {{utf8(), "a"}, {utf8(), "a\\"}}).rfind("ERROR: LIKE pattern must not end", 0), 0u);
}

}  // namespace
}  // namespace silt::functions
