#include "silt/format/variant_json.h"

#include <gtest/gtest.h>

namespace silt {
namespace {

std::string Hex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

std::string Render(const std::string& metadata_hex, const std::string& value_hex) {
  std::string out;
  Status st = AppendVariantJson(Hex(metadata_hex), Hex(value_hex), &out);
  return st.ok() ? out : "error: " + st.ToString();
}

// Metadata with the single key "key" (as Spark wrote it in unshredded-variant).
const char* kKeyMeta = "010100036b6579";
// Empty dictionary.
const char* kNoKeys = "010000";

TEST(VariantJsonTest, ObjectWithOneField) {
  EXPECT_EQ(Render(kKeyMeta, "02010000020c00"), R"({"key":0})");
  EXPECT_EQ(Render(kKeyMeta, "02010000020c0a"), R"({"key":10})");
}

TEST(VariantJsonTest, Primitives) {
  EXPECT_EQ(Render(kNoKeys, "00"), "null");
  EXPECT_EQ(Render(kNoKeys, "04"), "true");
  EXPECT_EQ(Render(kNoKeys, "08"), "false");
  EXPECT_EQ(Render(kNoKeys, "0cff"), "-1");                    // int8
  EXPECT_EQ(Render(kNoKeys, "183930000000000000"), "12345");   // int64
  EXPECT_EQ(Render(kNoKeys, "1c000000000000f83f"), "1.5");     // double
  EXPECT_EQ(Render(kNoKeys, "2002d2040000"), "12.34");         // decimal4 scale 2
  EXPECT_EQ(Render(kNoKeys, "2c01000000"), "\"1970-01-02\"");  // date
  EXPECT_EQ(Render(kNoKeys, "096869"), "\"hi\"");               // short string
  EXPECT_EQ(Render(kNoKeys, "3c02000000a0b1"), "\"a0b1\"");    // binary as hex
}

TEST(VariantJsonTest, ArraysNest) {
  // [1, "a", null]: array header 0x03 (offset size 1), 3 elements, offsets 0,2,4,5.
  EXPECT_EQ(Render(kNoKeys, "030300020405" "0c01" "0561" "00"), R"([1,"a",null])");
}

TEST(VariantJsonTest, MalformedIsCorruptNotACrash) {
  for (const char* value : {"", "02", "0205", "020100000a", "0c", "3c", "030300020409"}) {
    std::string out;
    EXPECT_EQ(AppendVariantJson(Hex(kKeyMeta), Hex(value), &out).code(), StatusCode::kCorrupt) << value;
  }
  std::string out;
  EXPECT_EQ(AppendVariantJson(Hex("02"), Hex("00"), &out).code(), StatusCode::kCorrupt);  // bad version
  // A field id outside the dictionary.
  EXPECT_EQ(AppendVariantJson(Hex(kKeyMeta), Hex("02010500020c00"), &out).code(), StatusCode::kCorrupt);
}

}  // namespace
}  // namespace silt
