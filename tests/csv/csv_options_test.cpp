#include <gtest/gtest.h>

#include "silt/csv/csv_reader.h"

namespace silt::csv {
namespace {

TEST(CsvOptionsTest, KnownKeysAnyCase) {
  CsvOptions options;
  ASSERT_TRUE(ApplyCsvOption(&options, "HEADER", "true").ok());
  EXPECT_EQ(options.has_header, true);
  ASSERT_TRUE(ApplyCsvOption(&options, "has_header", "False").ok());
  EXPECT_EQ(options.has_header, false);
  ASSERT_TRUE(ApplyCsvOption(&options, "Delimiter", ";").ok());
  EXPECT_EQ(options.delimiter, ';');
  ASSERT_TRUE(ApplyCsvOption(&options, "delim", "\\t").ok());
  EXPECT_EQ(options.delimiter, '\t');
  ASSERT_TRUE(ApplyCsvOption(&options, "sep", "\t").ok());
  EXPECT_EQ(options.delimiter, '\t');
  ASSERT_TRUE(ApplyCsvOption(&options, "quote", "'").ok());
  EXPECT_EQ(options.quote, '\'');
  ASSERT_TRUE(ApplyCsvOption(&options, "escape", "\\").ok());
  EXPECT_EQ(options.escape, '\\');
  ASSERT_TRUE(ApplyCsvOption(&options, "null", "NA").ok());
  EXPECT_EQ(options.null_string, "NA");
  ASSERT_TRUE(ApplyCsvOption(&options, "nullstr", "\\N").ok());
  EXPECT_EQ(options.null_string, "\\N");
  ASSERT_TRUE(ApplyCsvOption(&options, "NULL_STRING", "").ok());
  EXPECT_EQ(options.null_string, "");
  ASSERT_TRUE(ApplyCsvOption(&options, "sample_size", "20").ok());
  EXPECT_EQ(options.sample_rows, 20);
  ASSERT_TRUE(ApplyCsvOption(&options, "sample_rows", "7").ok());
  EXPECT_EQ(options.sample_rows, 7);
  ASSERT_TRUE(ApplyCsvOption(&options, "comment", "#").ok());
  EXPECT_EQ(options.comment, "#");
}

TEST(CsvOptionsTest, UnknownKeyListsKnownOnes) {
  CsvOptions options;
  Status status = ApplyCsvOption(&options, "delimeter", ",");
  ASSERT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("'delimeter'"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("delimiter"), std::string::npos);
  EXPECT_NE(status.message().find("null_string"), std::string::npos);
  EXPECT_NE(status.message().find("sample_size"), std::string::npos);
}

TEST(CsvOptionsTest, BadValues) {
  CsvOptions options;
  EXPECT_EQ(ApplyCsvOption(&options, "header", "maybe").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ApplyCsvOption(&options, "delimiter", ",,").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ApplyCsvOption(&options, "delimiter", "").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ApplyCsvOption(&options, "delimiter", "\n").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ApplyCsvOption(&options, "quote", "ab").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ApplyCsvOption(&options, "sample_size", "ten").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ApplyCsvOption(&options, "sample_size", "0").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ApplyCsvOption(&options, "comment", "a\nb").code(), StatusCode::kInvalidArgument);
  // Failed options leave the defaults alone.
  EXPECT_FALSE(options.has_header.has_value());
  EXPECT_FALSE(options.delimiter.has_value());
  EXPECT_EQ(options.sample_rows, 1000);
}

}  // namespace
}  // namespace silt::csv
