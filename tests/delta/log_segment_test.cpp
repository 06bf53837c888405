#include "silt/delta/kernel/log_segment.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace silt::delta {
namespace {

std::string V(int64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%020lld", static_cast<long long>(v));
  return buf;
}
std::string Commit(int64_t v) {
  return V(v) + ".json";
}
std::string Checkpoint(int64_t v) {
  return V(v) + ".checkpoint.parquet";
}
std::string Part(int64_t v, int part, int parts) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), ".checkpoint.%010d.%010d.parquet", part, parts);
  return V(v) + buf;
}

std::vector<LogFileInfo> Listing(const std::vector<std::string>& names) {
  std::vector<LogFileInfo> out;
  for (const auto& n : names) out.push_back({n, 1, 1});
  return out;
}

std::vector<int64_t> CommitVersions(const LogSegment& s) {
  std::vector<int64_t> out;
  for (const auto& c : s.commits) out.push_back(c.version);
  return out;
}

TEST(DeltaLogSegment, ClassifiesNames) {
  auto kind = [](const std::string& name) { return ClassifyLogFile({name, 0, 0}); };
  EXPECT_EQ(kind(Commit(7))->kind, LogFileKind::kCommit);
  EXPECT_EQ(kind(Commit(7))->version, 7);
  EXPECT_EQ(kind(Checkpoint(7))->kind, LogFileKind::kCheckpoint);
  auto part = kind(Part(7, 2, 3));
  ASSERT_TRUE(part);
  EXPECT_EQ(part->kind, LogFileKind::kMultiPartCheckpoint);
  EXPECT_EQ(part->part, 2);
  EXPECT_EQ(part->num_parts, 3);
  auto v2 = kind(V(7) + ".checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.json");
  ASSERT_TRUE(v2);
  EXPECT_EQ(v2->kind, LogFileKind::kV2Checkpoint);
  EXPECT_TRUE(v2->is_json);
  EXPECT_EQ(kind(V(7) + ".checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.parquet")->kind,
            LogFileKind::kV2Checkpoint);
  EXPECT_EQ(kind(V(7) + ".crc")->kind, LogFileKind::kChecksum);
  auto compaction = kind(V(3) + "." + V(7) + ".compacted.json");
  ASSERT_TRUE(compaction);
  EXPECT_EQ(compaction->kind, LogFileKind::kCompaction);
  EXPECT_EQ(compaction->end_version, 7);
  EXPECT_EQ(kind("_last_checkpoint")->kind, LogFileKind::kLastCheckpoint);
  // Not ours.
  std::string hadoop_crc = ".";  // built stepwise: GCC 12 -Wrestrict false positive
  hadoop_crc += Commit(7);
  hadoop_crc += ".crc";
  EXPECT_FALSE(kind(hadoop_crc));
  EXPECT_FALSE(kind(Commit(7) + ".tmp"));
  EXPECT_FALSE(kind("7.json"));
  EXPECT_FALSE(kind("_sidecars"));
  EXPECT_FALSE(kind("99999999999999999999.json"));  // overflows int64
  EXPECT_FALSE(kind(Part(7, 4, 3)));                // part > parts
  EXPECT_FALSE(kind(V(7) + ".checkpoint.x.y.avro"));
}

TEST(DeltaLogSegment, CommitsOnly) {
  auto s = BuildLogSegment(Listing({Commit(0), Commit(1), Commit(2), "_last_checkpoint"}),
                           std::nullopt, std::nullopt);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->version, 2);
  EXPECT_FALSE(s->checkpoint_version);
  EXPECT_EQ(CommitVersions(*s), (std::vector<int64_t>{0, 1, 2}));

  auto at1 = BuildLogSegment(Listing({Commit(0), Commit(1), Commit(2)}), 1, std::nullopt);
  ASSERT_TRUE(at1.ok());
  EXPECT_EQ(CommitVersions(*at1), (std::vector<int64_t>{0, 1}));
}

TEST(DeltaLogSegment, CheckpointPlusLaterCommits) {
  auto listing = Listing(
      {Commit(0), Commit(1), Commit(2), Checkpoint(2), Commit(3), Commit(4), V(4) + ".crc"});
  auto s = BuildLogSegment(listing, std::nullopt, std::nullopt);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->version, 4);
  EXPECT_EQ(s->checkpoint_version, 2);
  ASSERT_EQ(s->checkpoint_parts.size(), 1u);
  EXPECT_EQ(CommitVersions(*s), (std::vector<int64_t>{3, 4}));
  ASSERT_TRUE(s->checksum);
  EXPECT_EQ(s->checksum->version, 4);

  // Time travel before the checkpoint replays commits from 0.
  auto old = BuildLogSegment(listing, 1, std::nullopt);
  ASSERT_TRUE(old.ok());
  EXPECT_FALSE(old->checkpoint_version);
  EXPECT_EQ(CommitVersions(*old), (std::vector<int64_t>{0, 1}));

  // Exactly at the checkpoint: no commits needed.
  auto at = BuildLogSegment(listing, 2, std::nullopt);
  ASSERT_TRUE(at.ok());
  EXPECT_EQ(at->checkpoint_version, 2);
  EXPECT_TRUE(at->commits.empty());
}

TEST(DeltaLogSegment, CleanedUpLogNeedsCheckpoint) {
  // Commits 0-4 vacuumed; checkpoint at 5.
  auto listing = Listing({Checkpoint(5), Commit(5), Commit(6)});
  auto s = BuildLogSegment(listing, std::nullopt, std::nullopt);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->checkpoint_version, 5);
  EXPECT_EQ(CommitVersions(*s), (std::vector<int64_t>{6}));
  auto old = BuildLogSegment(listing, 3, std::nullopt);
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(old.status().message().find("cleaned up"), std::string::npos);
}

TEST(DeltaLogSegment, MultiPartCompleteness) {
  // Version 4 has only 2 of 3 parts: fall back to the classic checkpoint at 2.
  auto listing = Listing({Commit(0), Commit(1), Commit(2), Checkpoint(2), Commit(3), Commit(4),
                          Part(4, 1, 3), Part(4, 3, 3), Commit(5)});
  auto s = BuildLogSegment(listing, std::nullopt, std::nullopt);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->checkpoint_version, 2);
  EXPECT_EQ(CommitVersions(*s), (std::vector<int64_t>{3, 4, 5}));

  listing.push_back({Part(4, 2, 3), 1, 1});
  s = BuildLogSegment(listing, std::nullopt, std::nullopt);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->checkpoint_version, 4);
  ASSERT_EQ(s->checkpoint_parts.size(), 3u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(s->checkpoint_parts[i].part, i + 1);
  EXPECT_EQ(CommitVersions(*s), (std::vector<int64_t>{5}));
}

TEST(DeltaLogSegment, V2CheckpointIsUsed) {
  auto listing =
      Listing({Commit(0), Commit(1), V(1) + ".checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.json",
               Commit(2)});
  auto s = BuildLogSegment(listing, std::nullopt, std::nullopt);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->checkpoint_version, 1);
  ASSERT_EQ(s->checkpoint_parts.size(), 1u);
  EXPECT_EQ(s->checkpoint_parts[0].kind, LogFileKind::kV2Checkpoint);
}

TEST(DeltaLogSegment, GapsAndMissingVersions) {
  auto gap = BuildLogSegment(Listing({Commit(0), Commit(2)}), std::nullopt, std::nullopt);
  ASSERT_FALSE(gap.ok());
  EXPECT_EQ(gap.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(gap.status().message().find("commit 1"), std::string::npos);

  // A gap before the checkpoint does not matter.
  auto ok =
      BuildLogSegment(Listing({Commit(0), Checkpoint(2), Commit(3)}), std::nullopt, std::nullopt);
  EXPECT_TRUE(ok.ok());

  auto no_zero = BuildLogSegment(Listing({Commit(1), Commit(2)}), std::nullopt, std::nullopt);
  ASSERT_FALSE(no_zero.ok());
  EXPECT_EQ(no_zero.status().code(), StatusCode::kCorrupt);

  auto future = BuildLogSegment(Listing({Commit(0), Commit(1)}), 5, std::nullopt);
  ASSERT_FALSE(future.ok());
  EXPECT_EQ(future.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(future.status().message().find("latest version is 1"), std::string::npos);

  auto negative = BuildLogSegment(Listing({Commit(0)}), -1, std::nullopt);
  EXPECT_EQ(negative.status().code(), StatusCode::kInvalidArgument);

  auto empty =
      BuildLogSegment(Listing({"_last_checkpoint", "foo.tmp"}), std::nullopt, std::nullopt);
  EXPECT_EQ(empty.status().code(), StatusCode::kInvalidArgument);
}

TEST(DeltaLogSegment, StaleHintIsHarmless) {
  LastCheckpointInfo hint;
  hint.version = 2;
  hint.size = 3;
  auto s = BuildLogSegment(
      Listing({Commit(0), Commit(1), Commit(2), Checkpoint(2), Commit(3), Checkpoint(3)}),
      std::nullopt, hint);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->checkpoint_version, 3);
}

}  // namespace
}  // namespace silt::delta
