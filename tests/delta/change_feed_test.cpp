// Change data feed over the shared CDF tables: row counts per change type, DV re-adds
// reported as the rows whose state changed, and clear errors for bad ranges and tables
// without the feed enabled.
#include "silt/delta/scan/change_feed.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

namespace silt::delta {
namespace {

namespace fs = std::filesystem;

std::string Table(const std::string& name) {
  return (fs::path(SILT_SOURCE_DIR) / "../shared/testdata/delta" / name / "delta").string();
}

#define SKIP_WITHOUT_TESTDATA()                                                                 \
  if (!fs::exists(fs::path(SILT_SOURCE_DIR) / "../shared/testdata/delta")) {                    \
    GTEST_SKIP() << "Delta testdata not found under ../shared/testdata/delta";                  \
  }

/// (change type, version) -> rows.
Result<std::map<std::pair<std::string, int64_t>, int64_t>> Count(const std::string& table, int64_t from,
                                                                 std::optional<int64_t> to) {
  ChangeFeedRequest request;
  request.from_version = from;
  request.to_version = to;
  SILT_ASSIGN_OR_RETURN(auto feed, DeltaChangeFeed::Make(io::LocalFileSystem(), Table(table), request));
  const int n = feed->output_schema()->num_fields();
  EXPECT_EQ(feed->output_schema()->field(n - 3)->name, "_change_type");
  EXPECT_EQ(feed->output_schema()->field(n - 2)->name, "_commit_version");
  EXPECT_EQ(feed->output_schema()->field(n - 1)->name, "_commit_timestamp");
  std::map<std::pair<std::string, int64_t>, int64_t> counts;
  for (;;) {
    SILT_ASSIGN_OR_RETURN(auto batch, feed->Next());
    if (!batch) break;
    const ArrayData& type = *batch->column(n - 3);
    const ArrayData& version = *batch->column(n - 2);
    for (int64_t i = 0; i < batch->num_rows(); ++i) {
      std::string t(type.encoding == Encoding::kPlain ? type.GetView(i)
                    : type.encoding == Encoding::kConstant ? type.dictionary->GetView(0)
                                                           : type.dictionary->GetView(type.DictIndex(i)));
      int64_t v = version.encoding == Encoding::kConstant ? version.dictionary->values<int64_t>()[0]
                                                          : version.values<int64_t>()[i];
      counts[{t, v}]++;
    }
  }
  return counts;
}

TEST(ChangeFeedTest, DeletionVectorReAddsReportOnlyChangedRows) {
  SKIP_WITHOUT_TESTDATA();
  auto counts = Count("delta-kernel-rs/cdf-table-with-dv", 0, std::nullopt);
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  std::map<std::pair<std::string, int64_t>, int64_t> expected = {
      {{"insert", 0}, 10}, {{"delete", 1}, 2}, {{"insert", 2}, 2}, {{"delete", 3}, 4},
      {{"insert", 4}, 2},  {{"delete", 5}, 1}, {{"insert", 5}, 2}, {{"insert", 6}, 1}};
  EXPECT_EQ(*counts, expected);
}

TEST(ChangeFeedTest, CdcFilesCarryTheirChangeTypes) {
  SKIP_WITHOUT_TESTDATA();
  auto counts = Count("delta-kernel-rs/cdf-table", 0, std::nullopt);
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  int64_t pre = 0, post = 0, total = 0;
  for (const auto& [key, n] : *counts) {
    if (key.first == "update_preimage") pre += n;
    if (key.first == "update_postimage") post += n;
    total += n;
  }
  EXPECT_GT(pre, 0);
  EXPECT_EQ(pre, post);
  EXPECT_EQ(total, 23);
}

TEST(ChangeFeedTest, ErrorsAreClear) {
  SKIP_WITHOUT_TESTDATA();
  // The feed was never enabled on this table.
  auto off = Count("delta-kernel-rs/basic_partitioned", 0, std::nullopt);
  EXPECT_EQ(off.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(off.status().message().find("delta.enableChangeDataFeed"), std::string::npos);
  EXPECT_EQ(Count("delta-kernel-rs/cdf-table-simple", 1, 0).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Count("delta-kernel-rs/cdf-table-simple", 3, 4).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Count("delta-kernel-rs/cdf-table-simple", -1, std::nullopt).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace silt::delta
