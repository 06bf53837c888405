#include "silt/delta/kernel/table_paths.h"

#include <gtest/gtest.h>

namespace silt::delta {
namespace {

TEST(TablePathsTest, PercentDecode) {
  EXPECT_EQ(*PercentDecode("a%20b%3Ac%25"), "a b:c%");
  EXPECT_EQ(*PercentDecode("plain/path.parquet"), "plain/path.parquet");
  EXPECT_EQ(PercentDecode("bad%2").status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(PercentDecode("bad%zz").status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(PercentDecode("nul%00").status().code(), StatusCode::kCorrupt);
}

TEST(TablePathsTest, NormalizeAbsolutePath) {
  EXPECT_EQ(*NormalizeAbsolutePath("/a//b/./c/../d/"), "/a/b/d");
  EXPECT_EQ(*NormalizeAbsolutePath("/"), "/");
  EXPECT_EQ(NormalizeAbsolutePath("/a/../..").status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(NormalizeAbsolutePath("relative").status().code(), StatusCode::kCorrupt);
}

TEST(TablePathsTest, LocalTableRoot) {
  EXPECT_EQ(*LocalTableRoot("/data/t/"), "/data/t");
  EXPECT_EQ(*LocalTableRoot("file:///data/my%20t"), "/data/my t");
  EXPECT_EQ(*LocalTableRoot("file:/data/t"), "/data/t");
  EXPECT_EQ(*LocalTableRoot("file://localhost/data/t"), "/data/t");
  EXPECT_EQ(LocalTableRoot("s3://bucket/t").status().code(), StatusCode::kNotSupported);
  EXPECT_EQ(LocalTableRoot("t").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(LocalTableRoot("file://otherhost/t").status().code(), StatusCode::kCorrupt);
}

TEST(TablePathsTest, ResolvesRelativeEncodedPaths) {
  EXPECT_EQ(*ResolveTablePath("/t", "part-0.parquet"), "/t/part-0.parquet");
  EXPECT_EQ(*ResolveTablePath("/t", "ts=2021-01-01%2000%253A00/part-0.parquet"),
            "/t/ts=2021-01-01 00%3A00/part-0.parquet");
  EXPECT_EQ(*ResolveTablePath("/t", "a/./b/../c.parquet"), "/t/a/c.parquet");
}

TEST(TablePathsTest, ResolvesAbsolutePathsUnderTheRoot) {
  EXPECT_EQ(*ResolveTablePath("/t", "file:///t/x.parquet"), "/t/x.parquet");
  EXPECT_EQ(*ResolveTablePath("/t", "file:/t/dir/x%20y.parquet"), "/t/dir/x y.parquet");
  EXPECT_EQ(*ResolveTablePath("/t", "/t/x.parquet"), "/t/x.parquet");
}

TEST(TablePathsTest, RefusesEscapes) {
  for (const char* p : {"../x.parquet", "a/../../x.parquet", "%2E%2E/x.parquet",
                        "file:///etc/passwd", "/etc/passwd", "/tother/x.parquet",
                        "s3://bucket/x.parquet", "hdfs://nn/t/x.parquet", "",
                        "file://evil/t/x.parquet"}) {
    auto r = ResolveTablePath("/t", p);
    EXPECT_EQ(r.status().code(), StatusCode::kCorrupt) << p;
  }
  // A sibling directory sharing the root's name as prefix is not under it.
  EXPECT_FALSE(ResolveTablePath("/data/t", "/data/t2/x.parquet").ok());
}

TEST(TablePathsTest, CanonicalLogPathMatchesFileUrisAndPaths) {
  EXPECT_EQ(CanonicalLogPath("file:/some/path"), "/some/path");
  EXPECT_EQ(CanonicalLogPath("file:///some/path"), "/some/path");
  EXPECT_EQ(CanonicalLogPath("file://localhost/some/path"), "/some/path");
  EXPECT_EQ(CanonicalLogPath("/some/path"), "/some/path");
  EXPECT_EQ(CanonicalLogPath("part%20a.parquet"), "part%20a.parquet");
  EXPECT_EQ(CanonicalLogPath("s3://b/x"), "s3://b/x");
}

TEST(TablePathsTest, OutsidePathsWhenAllowed) {
  EXPECT_EQ(*ResolveTablePath("/t", "file:///other/x.parquet", true), "/other/x.parquet");
  EXPECT_EQ(*ResolveTablePath("/t", "../x.parquet", true), "/x.parquet");
  // Other schemes stay refused: they are not local files at all.
  EXPECT_FALSE(ResolveTablePath("/t", "s3://b/x.parquet", true).ok());
}

}  // namespace
}  // namespace silt::delta
