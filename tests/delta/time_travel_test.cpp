#include "silt/delta/kernel/time_travel.h"

#include <gtest/gtest.h>

namespace silt::delta {
namespace {

Protocol IctProtocol() {
  Protocol p;
  p.min_reader_version = 3;
  p.min_writer_version = 7;
  p.reader_features = std::vector<std::string>{};
  p.writer_features = std::vector<std::string>{"inCommitTimestamp"};
  return p;
}

TEST(DeltaTimeTravel, InCommitTimestampConfig) {
  Metadata m;
  auto off = GetInCommitTimestampConfig(IctProtocol(), m);
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(off->enabled);

  m.configuration.insert_or_assign("delta.enableInCommitTimestamps", std::string("true"));
  auto from_start = GetInCommitTimestampConfig(IctProtocol(), m);
  ASSERT_TRUE(from_start.ok());
  EXPECT_TRUE(from_start->enabled);
  EXPECT_EQ(from_start->enablement_version, 0);

  // The table property without the protocol feature does not count.
  Protocol plain;
  plain.min_reader_version = 1;
  plain.min_writer_version = 2;
  EXPECT_FALSE(GetInCommitTimestampConfig(plain, m)->enabled);

  m.configuration.insert_or_assign("delta.inCommitTimestampEnablementVersion", std::string("3"));
  EXPECT_EQ(GetInCommitTimestampConfig(IctProtocol(), m)->enablement_version, 3);
  m.configuration.insert_or_assign("delta.inCommitTimestampEnablementVersion", std::string("3x"));
  EXPECT_EQ(GetInCommitTimestampConfig(IctProtocol(), m).status().code(), StatusCode::kCorrupt);
}

TEST(DeltaTimeTravel, CommitTimestampSource) {
  InCommitTimestampConfig config{true, 3};
  std::vector<Action> with_ict = {CommitInfo{"{}", 1, "WRITE", 300}};
  std::vector<Action> without_ict = {CommitInfo{"{}", 1, "WRITE", std::nullopt}};
  EXPECT_EQ(*CommitTimestamp(2, without_ict, 250, config), 250);  // before enablement
  EXPECT_EQ(*CommitTimestamp(3, with_ict, 350, config), 300);
  EXPECT_EQ(CommitTimestamp(4, without_ict, 450, config).status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(*CommitTimestamp(4, with_ict, 450, InCommitTimestampConfig{}), 450);
}

const InCommitTimestampConfig kNoIct{};

TEST(DeltaTimeTravel, VersionAtTimestamp) {
  std::vector<VersionTimestamp> commits = {{0, 100}, {1, 200}, {2, 300}};
  EXPECT_EQ(*VersionAtTimestamp(commits, 100, kNoIct), 0);
  EXPECT_EQ(*VersionAtTimestamp(commits, 199, kNoIct), 0);
  EXPECT_EQ(*VersionAtTimestamp(commits, 200, kNoIct), 1);
  EXPECT_EQ(*VersionAtTimestamp(commits, 10'000, kNoIct), 2);
  auto before = VersionAtTimestamp(commits, 99, kNoIct);
  EXPECT_EQ(before.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(VersionAtTimestamp({}, 5, kNoIct).status().code(), StatusCode::kInvalidArgument);

  // Backwards modification times are made increasing: version 2 counts as 201.
  std::vector<VersionTimestamp> skewed = {{0, 100}, {1, 200}, {2, 150}, {3, 400}};
  EXPECT_EQ(*VersionAtTimestamp(skewed, 200, kNoIct), 1);
  EXPECT_EQ(*VersionAtTimestamp(skewed, 201, kNoIct), 2);
  EXPECT_EQ(*VersionAtTimestamp(skewed, 399, kNoIct), 2);

  // A segment that starts after a checkpoint need not start at version 0.
  std::vector<VersionTimestamp> tail = {{5, 500}, {6, 600}};
  EXPECT_EQ(*VersionAtTimestamp(tail, 550, kNoIct), 5);
  EXPECT_EQ(VersionAtTimestamp({{0, 1}, {2, 3}}, 5, kNoIct).status().code(), StatusCode::kInternal);
}

TEST(DeltaTimeTravel, MixedHistorySearchesOneRange) {
  // Versions 0-2 by file time (copied late: 5000+), 3-4 by in-commit timestamp (300, 400).
  InCommitTimestampConfig config{true, 3};
  std::vector<VersionTimestamp> commits = {{0, 5000}, {1, 5001}, {2, 5002}, {3, 300}, {4, 400}};
  EXPECT_EQ(*VersionAtTimestamp(commits, 300, config), 3);
  EXPECT_EQ(*VersionAtTimestamp(commits, 399, config), 3);
  EXPECT_EQ(*VersionAtTimestamp(commits, 10'000, config), 4);
  // Before the enablement timestamp: the file-time range only.
  EXPECT_EQ(VersionAtTimestamp(commits, 299, config).status().code(), StatusCode::kInvalidArgument);
  std::vector<VersionTimestamp> ordered = {{0, 100}, {1, 150}, {2, 200}, {3, 300}, {4, 400}};
  EXPECT_EQ(*VersionAtTimestamp(ordered, 299, config), 2);
  EXPECT_EQ(*VersionAtTimestamp(ordered, 120, config), 0);
}

}  // namespace
}  // namespace silt::delta
