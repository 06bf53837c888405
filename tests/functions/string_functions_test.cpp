#include <gtest/gtest.h>

#include "function_test_util.h"

namespace silt::functions {
namespace {

using testing::CallTexts;
using testing::CheckEncodings;
using testing::Constant;
using testing::Eval;
using testing::Int64s;
using testing::Strings;
using Strs = std::vector<std::string>;

const auto s = utf8();
const auto i64 = int64();

TEST(StringFunctionsTest, LengthCountsCodePoints) {
  EXPECT_EQ(Eval("length", {{s, "ÄÖü"}}), "3");
  EXPECT_EQ(Eval("char_length", {{s, "ß"}}), "1");
  EXPECT_EQ(Eval("character_length", {{s, ""}}), "0");
  // 'e' + U+0301 COMBINING ACUTE ACCENT: two code points, as PostgreSQL counts.
  EXPECT_EQ(Eval("length", {{s, "e\xCC\x81"}}), "2");
  EXPECT_EQ(Eval("length", {{s, "日本語テキスト🙂"}}), "8");
  EXPECT_EQ(Eval("octet_length", {{s, "ÄÖü"}}), "6");
  EXPECT_EQ(Eval("length", {{binary(), "ab"}}), "2");
  EXPECT_EQ(Eval("length", {{s, std::nullopt}}), "NULL");
  EXPECT_EQ(CheckEncodings("length", Strings({"a", "ÄÖü", std::nullopt, "a", "long string here!"})),
            (Strs{"1", "3", "NULL", "1", "17"}));
}

TEST(StringFunctionsTest, UnicodeCaseMapping) {
  EXPECT_EQ(Eval("upper", {{s, "straße"}}), "STRASSE");
  EXPECT_EQ(Eval("upper", {{s, "ÄÖü"}}), "ÄÖÜ");
  EXPECT_EQ(Eval("lower", {{s, "ÄÖÜ"}}), "äöü");
  EXPECT_EQ(Eval("lower", {{s, "ΣΊΣΥΦΟΣ"}}), "σίσυφος");  // final sigma
  EXPECT_EQ(Eval("upper", {{s, "hello"}}), "HELLO");
  EXPECT_EQ(Eval("lower", {{s, "MiXeD 123"}}), "mixed 123");
  EXPECT_EQ(Eval("initcap", {{s, "hello wORLD-foo bar_baz"}}), "Hello World-Foo Bar_Baz");
  EXPECT_EQ(Eval("initcap", {{s, "élan ǆungla"}}), "Élan ǅungla");
  EXPECT_EQ(CheckEncodings("upper", Strings({"a", "ß", std::nullopt, "a"})),
            (Strs{"A", "SS", "NULL", "A"}));
}

TEST(StringFunctionsTest, SubstrFollowsPostgres) {
  EXPECT_EQ(Eval("substr", {{s, "alphabet"}, {i64, "3"}}), "phabet");
  EXPECT_EQ(Eval("substr", {{s, "alphabet"}, {i64, "3"}, {i64, "2"}}), "ph");
  EXPECT_EQ(Eval("substring", {{s, "alphabet"}, {i64, "0"}, {i64, "3"}}), "al");
  EXPECT_EQ(Eval("substr", {{s, "alphabet"}, {i64, "-5"}, {i64, "7"}}), "a");
  EXPECT_EQ(Eval("substr", {{s, "alphabet"}, {i64, "-5"}, {i64, "3"}}), "");
  EXPECT_EQ(Eval("substr", {{s, "alphabet"}, {i64, "20"}}), "");
  EXPECT_EQ(Eval("substr", {{s, "ÄÖüßx"}, {i64, "2"}, {i64, "3"}}), "Öüß");
  EXPECT_EQ(Eval("substr", {{s, "abc"}, {i64, "1"}, {i64, "-1"}}),
            "ERROR: substr: negative substring length not allowed");
  EXPECT_EQ(Eval("substr", {{s, "abc"}, {i64, "2"}, {i64, "9223372036854775807"}}), "bc");
  EXPECT_EQ(Eval("left", {{s, "abcde"}, {i64, "2"}}), "ab");
  EXPECT_EQ(Eval("left", {{s, "abcde"}, {i64, "-2"}}), "abc");
  EXPECT_EQ(Eval("left", {{s, "abc"}, {i64, "-5"}}), "");
  EXPECT_EQ(Eval("right", {{s, "abcde"}, {i64, "2"}}), "de");
  EXPECT_EQ(Eval("right", {{s, "ÄÖüßx"}, {i64, "-2"}}), "üßx");
  EXPECT_EQ(CheckEncodings("substr", Strings({"hello", std::nullopt, "hi"}), {Int64s({2})}),
            (Strs{"ello", "NULL", "i"}));
}

TEST(StringFunctionsTest, ConcatenationAndNulls) {
  auto a = Strings({"a", std::nullopt, "c"});
  auto b = Strings({"x", "y", std::nullopt});
  EXPECT_EQ(CallTexts("concat", {a, b}), (Strs{"ax", "y", "c"}));
  EXPECT_EQ(CallTexts("||", {a, b}), (Strs{"ax", "NULL", "NULL"}));
  EXPECT_EQ(CallTexts("concat_ws", {Constant(Strings({"-"}), 3), a, b}), (Strs{"a-x", "y", "c"}));
  EXPECT_EQ(CallTexts("concat_ws", {Strings({"-", std::nullopt, ","}), a, b}), (Strs{"a-x", "NULL", "c"}));
  EXPECT_EQ(Eval("concat", {{s, "a"}, {i64, "1"}, {date32(), "2024-01-02"}, {s, std::nullopt}}),
            "a12024-01-02");
  EXPECT_EQ(Eval("concat", {{s, std::nullopt}}), "");
  EXPECT_EQ(Eval("||", {{s, "n="}, {i64, "5"}}), "n=5");
  EXPECT_EQ(Eval("||", {{decimal(5, 2), "1.50"}, {s, "$"}}), "1.50$");
  EXPECT_EQ(Eval("||", {{binary(), "ab"}, {binary(), "c"}}), "616263");
  EXPECT_FALSE(FunctionRegistry::Default().BindScalar("||", {int64(), int64()}).ok());
}

TEST(StringFunctionsTest, TrimPadRepeat) {
  EXPECT_EQ(Eval("trim", {{s, "  hi  "}}), "hi");
  EXPECT_EQ(Eval("btrim", {{s, "xxhixyx"}, {s, "xy"}}), "hi");
  EXPECT_EQ(Eval("ltrim", {{s, "xxhix"}, {s, "x"}}), "hix");
  EXPECT_EQ(Eval("rtrim", {{s, "xxhix"}, {s, "x"}}), "xxhi");
  EXPECT_EQ(Eval("btrim", {{s, "ääbää"}, {s, "ä"}}), "b");
  EXPECT_EQ(Eval("rtrim", {{s, "abc"}, {s, ""}}), "abc");
  EXPECT_EQ(Eval("lpad", {{s, "hi"}, {i64, "5"}, {s, "xy"}}), "xyxhi");
  EXPECT_EQ(Eval("rpad", {{s, "hi"}, {i64, "5"}, {s, "xy"}}), "hixyx");
  EXPECT_EQ(Eval("lpad", {{s, "hello"}, {i64, "3"}}), "hel");
  EXPECT_EQ(Eval("rpad", {{s, "hello"}, {i64, "3"}}), "hel");
  EXPECT_EQ(Eval("lpad", {{s, "hi"}, {i64, "4"}}), "  hi");
  EXPECT_EQ(Eval("lpad", {{s, "hi"}, {i64, "5"}, {s, ""}}), "hi");
  EXPECT_EQ(Eval("lpad", {{s, "hi"}, {i64, "-1"}}), "");
  EXPECT_EQ(Eval("lpad", {{s, "ü"}, {i64, "3"}, {s, "ß"}}), "ßßü");
  EXPECT_EQ(Eval("lpad", {{s, "x"}, {i64, "999999999999"}}), "ERROR: lpad: requested length too large");
  EXPECT_EQ(Eval("repeat", {{s, "ab"}, {i64, "3"}}), "ababab");
  EXPECT_EQ(Eval("repeat", {{s, "ab"}, {i64, "-1"}}), "");
  EXPECT_EQ(Eval("repeat", {{s, "ab"}, {i64, "999999999999"}}), "ERROR: repeat: requested length too large");
}

TEST(StringFunctionsTest, SearchAndReplace) {
  EXPECT_EQ(Eval("replace", {{s, "abcabc"}, {s, "b"}, {s, "XY"}}), "aXYcaXYc");
  EXPECT_EQ(Eval("replace", {{s, "abc"}, {s, ""}, {s, "X"}}), "abc");
  EXPECT_EQ(Eval("reverse", {{s, "añb"}}), "bña");
  EXPECT_EQ(Eval("strpos", {{s, "high"}, {s, "ig"}}), "2");
  EXPECT_EQ(Eval("position", {{s, "ÄÖüx"}, {s, "x"}}), "4");
  EXPECT_EQ(Eval("instr", {{s, "abc"}, {s, "z"}}), "0");
  EXPECT_EQ(Eval("strpos", {{s, "abc"}, {s, ""}}), "1");
  EXPECT_EQ(Eval("starts_with", {{s, "alphabet"}, {s, "alph"}}), "true");
  EXPECT_EQ(Eval("ends_with", {{s, "alphabet"}, {s, "alph"}}), "false");
  EXPECT_EQ(Eval("contains", {{s, "alphabet"}, {s, "phab"}}), "true");
  EXPECT_EQ(Eval("split_part", {{s, "a,b,,c"}, {s, ","}, {i64, "2"}}), "b");
  EXPECT_EQ(Eval("split_part", {{s, "a,b,,c"}, {s, ","}, {i64, "3"}}), "");
  EXPECT_EQ(Eval("split_part", {{s, "a,b,,c"}, {s, ","}, {i64, "-1"}}), "c");
  EXPECT_EQ(Eval("split_part", {{s, "a,b"}, {s, ","}, {i64, "5"}}), "");
  EXPECT_EQ(Eval("split_part", {{s, "a,b"}, {s, ""}, {i64, "1"}}), "a,b");
  EXPECT_EQ(Eval("split_part", {{s, "a,b"}, {s, ","}, {i64, "0"}}),
            "ERROR: split_part: field position must not be zero");
  EXPECT_EQ(Eval("translate", {{s, "12345"}, {s, "143"}, {s, "ax"}}), "a2x5");
  EXPECT_EQ(Eval("ascii", {{s, "Ä"}}), "196");
  EXPECT_EQ(Eval("ascii", {{s, ""}}), "0");
  EXPECT_EQ(Eval("chr", {{i64, "196"}}), "Ä");
  EXPECT_EQ(Eval("chr", {{i64, "128578"}}), "🙂");
  EXPECT_EQ(Eval("chr", {{i64, "0"}}), "ERROR: chr: null character not permitted");
  EXPECT_EQ(Eval("chr", {{i64, "55296"}}).rfind("ERROR", 0), 0u);
  EXPECT_EQ(Eval("md5", {{s, "abc"}}), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(Eval("md5", {{s, ""}}), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(Eval("md5", {{s, std::string(100, 'a')}}), "36a92cc94a9e0fa21f625f8bfb007adf");
}

TEST(StringFunctionsTest, RegularExpressions) {
  EXPECT_EQ(Eval("regexp_like", {{s, "abc123"}, {s, "[0-9]+$"}}), "true");
  EXPECT_EQ(Eval("regexp_matches", {{s, "abc"}, {s, "^A"}}), "false");
  EXPECT_EQ(Eval("regexp_like", {{s, "abc"}, {s, "^A"}, {s, "i"}}), "true");
  EXPECT_EQ(Eval("regexp_like", {{s, "ÄÖü"}, {s, "^\\p{Lu}+ü$"}}), "true");
  EXPECT_EQ(Eval("regexp_like", {{s, "a\nb"}, {s, "a.b"}}), "true");  // '.' matches newline
  EXPECT_EQ(Eval("regexp_like", {{s, "a\nb"}, {s, "a.b"}, {s, "n"}}), "false");
  EXPECT_EQ(Eval("regexp_replace", {{s, "a1b22c"}, {s, "[0-9]+"}, {s, "#"}}), "a#b22c");
  EXPECT_EQ(Eval("regexp_replace", {{s, "a1b22c"}, {s, "[0-9]+"}, {s, "#"}, {s, "g"}}), "a#b#c");
  EXPECT_EQ(Eval("regexp_replace", {{s, "John Smith"}, {s, "(\\w+) (\\w+)"}, {s, "\\2, \\1"}}), "Smith, John");
  EXPECT_EQ(Eval("regexp_replace", {{s, "abc"}, {s, "b"}, {s, "[\\&]"}}), "a[b]c");
  EXPECT_EQ(Eval("regexp_replace", {{s, "ßüß"}, {s, "ü"}, {s, "u"}}), "ßuß");
  EXPECT_EQ(Eval("regexp_replace", {{s, "abc"}, {s, "x*"}, {s, "-"}, {s, "g"}}), "-a-b-c-");
  EXPECT_EQ(Eval("regexp_like", {{s, "abc"}, {s, "("}}).rfind("ERROR: regexp_like: invalid regular expression", 0), 0u);
  EXPECT_EQ(Eval("regexp_like", {{s, "abc"}, {s, "a"}, {s, "z"}}), "ERROR: regexp_like: invalid regular expression flag 'z'");
  // Catastrophic backtracking is cut off by the time limit.
  EXPECT_EQ(Eval("regexp_like", {{s, std::string(40, 'a') + "!"}, {s, "^(a+)+$"}}).rfind("ERROR", 0), 0u);
  EXPECT_EQ(CheckEncodings("regexp_like", Strings({"x1", "yy", std::nullopt, "x1"}), {Strings({"[0-9]"})}),
            (Strs{"true", "false", "NULL", "true"}));
}

TEST(StringFunctionsTest, InvalidUtf8NeverReadsOutOfBounds) {
  const std::string bad = "a\xC3";  // truncated two-byte sequence
  EXPECT_EQ(Eval("reverse", {{s, bad}}), "\xC3" "a");
  EXPECT_EQ(Eval("substr", {{s, bad}, {i64, "2"}}), "\xC3");
  EXPECT_EQ(Eval("upper", {{s, "\xFF\xFE"}}).size() > 0, true);
  EXPECT_EQ(Eval("initcap", {{s, bad}}), "A\xEF\xBF\xBD");
}

}  // namespace
}  // namespace silt::functions
