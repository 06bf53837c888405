#include "silt/delta/kernel/replay.h"

#include <gtest/gtest.h>

namespace silt::delta {
namespace {

Protocol P(int reader, int writer) {
  Protocol p;
  p.min_reader_version = reader;
  p.min_writer_version = writer;
  return p;
}
Metadata M(std::string id) {
  Metadata m;
  m.id = std::move(id);
  m.format.provider = "parquet";
  m.schema_string = R"({"type":"struct","fields":[]})";
  return m;
}
Add A(std::string path, std::optional<std::string> dv = std::nullopt, int64_t size = 1) {
  Add a;
  a.path = std::move(path);
  a.size = size;
  a.data_change = true;
  if (dv) a.deletion_vector = DeletionVectorDescriptor{"u", *dv, std::nullopt, 10, 1};
  return a;
}
Remove R(std::string path, std::optional<std::string> dv = std::nullopt, int64_t ts = 0) {
  Remove r;
  r.path = std::move(path);
  r.deletion_timestamp = ts;
  r.data_change = true;
  if (dv) r.deletion_vector = DeletionVectorDescriptor{"u", *dv, std::nullopt, 10, 1};
  return r;
}

std::vector<std::string> LivePaths(const TableState& s) {
  std::vector<std::string> out;
  for (const auto& a : s.adds) {
    std::string key = a.path;
    if (a.deletion_vector) {
      key += '#';
      key += a.deletion_vector->UniqueId();
    }
    out.push_back(std::move(key));
  }
  return out;
}

TEST(DeltaReplay, AddsRemovesAndReAdds) {
  std::vector<CommitActions> commits = {
      {0, {P(1, 2), M("t"), A("b"), A("a"), A("c")}},
      {1, {R("a", std::nullopt, 100)}},
      {2, {A("a", std::nullopt, 7), R("c", std::nullopt, 200)}},  // re-add of a removed path
      {3, {A("b", std::nullopt, 9)}},                             // re-add of a live path
  };
  auto s = ReplayLog({}, std::nullopt, commits);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->version, 3);
  EXPECT_EQ(LivePaths(*s), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(s->adds[0].size, 7);
  EXPECT_EQ(s->adds[1].size, 9);  // the newer add wins
  ASSERT_EQ(s->tombstones.size(), 1u);
  EXPECT_EQ(s->tombstones[0].path, "c");
  EXPECT_EQ(s->tombstones[0].deletion_timestamp, 200);
}

TEST(DeltaReplay, RemoveThenAddSamePathInLaterCommit) {
  auto s =
      ReplayLog({}, std::nullopt, {{0, {P(1, 2), M("t"), A("x")}}, {1, {R("x")}}, {2, {A("x")}}});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(LivePaths(*s), std::vector<std::string>{"x"});
  EXPECT_TRUE(s->tombstones.empty());
}

TEST(DeltaReplay, FileUriAndAbsolutePathReconcile) {
  // delta-kernel-rs/canonicalized-paths-normal-a: added as a path, removed as a file: URI.
  auto s = ReplayLog({}, std::nullopt,
                     {{0, {P(1, 2), M("t"), A("/some/path")}}, {1, {R("file:/some/path")}},
                      {2, {A("file:///other/path")}}, {3, {R("/other/path")}}});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_TRUE(s->adds.empty());
  EXPECT_EQ(s->tombstones.size(), 2u);
}

TEST(DeltaReplay, AddBeatsRemoveOfSameKeyInOneCommitWhateverTheOrder) {
  for (bool remove_first : {true, false}) {
    std::vector<Action> commit1;
    if (remove_first)
      commit1 = {R("x"), A("x", std::nullopt, 5)};
    else
      commit1 = {A("x", std::nullopt, 5), R("x")};
    auto s = ReplayLog({}, std::nullopt, {{0, {P(1, 2), M("t"), A("x")}}, {1, commit1}});
    ASSERT_TRUE(s.ok());
    ASSERT_EQ(LivePaths(*s), std::vector<std::string>{"x"}) << remove_first;
    EXPECT_EQ(s->adds[0].size, 5);
    EXPECT_TRUE(s->tombstones.empty());
  }
}

TEST(DeltaReplay, DeletionVectorReplacement) {
  // DELETE twice on the same file: each commit removes the old (path, dv) and adds a new one.
  auto s = ReplayLog({}, std::nullopt,
                     {{0, {P(3, 7), M("t"), A("f"), A("g")}},
                      {1, {R("f"), A("f", "dv1")}},
                      {2, {R("f", "dv1"), A("f", "dv2")}}});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(LivePaths(*s), (std::vector<std::string>{"f#udv2", "g"}));
  ASSERT_EQ(s->tombstones.size(), 2u);
  EXPECT_FALSE(s->tombstones[0].deletion_vector);  // ("f", "") sorts first
  EXPECT_EQ(s->tombstones[1].deletion_vector->path_or_inline_dv, "dv1");
}

TEST(DeltaReplay, SamePathDifferentDvAreDistinctKeys) {
  // A remove of (f, dv1) must not remove (f, dv2).
  auto s =
      ReplayLog({}, std::nullopt, {{0, {P(3, 7), M("t"), A("f", "dv2")}}, {1, {R("f", "dv1")}}});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(LivePaths(*s), std::vector<std::string>{"f#udv2"});
}

TEST(DeltaReplay, ProtocolAndMetadataUpgradesMidLog) {
  Metadata m2 = M("t");
  m2.configuration["delta.enableDeletionVectors"] = "true";
  Protocol p2 = P(3, 7);
  p2.reader_features = std::vector<std::string>{"deletionVectors"};
  auto s = ReplayLog({}, std::nullopt,
                     {{0, {P(1, 2), M("t")}}, {1, {A("a")}}, {2, {p2, m2}}, {3, {A("b")}}});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->protocol, p2);
  EXPECT_EQ(s->metadata.configuration.at("delta.enableDeletionVectors"), "true");
  EXPECT_EQ(s->adds.size(), 2u);
}

TEST(DeltaReplay, CheckpointPlusLaterCommits) {
  std::vector<Action> checkpoint = {P(1, 2),
                                    M("t"),
                                    A("a"),
                                    A("b"),
                                    R("old", std::nullopt, 5),
                                    Txn{"app", 3, std::nullopt},
                                    DomainMetadata{"d1", "{}", false},
                                    DomainMetadata{"d2", "{\"x\":1}", false}};
  std::vector<CommitActions> commits = {
      {11, {R("a"), A("c"), Txn{"app", 4, 1}, DomainMetadata{"d1", "", true}}},
      {12, {A("old"), DomainMetadata{"d2", "{\"x\":2}", false}, Txn{"other", 1, std::nullopt}}},
  };
  auto s = ReplayLog(checkpoint, 10, commits);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->version, 12);
  EXPECT_EQ(LivePaths(*s), (std::vector<std::string>{"b", "c", "old"}));
  ASSERT_EQ(s->tombstones.size(), 1u);
  EXPECT_EQ(s->tombstones[0].path, "a");
  EXPECT_EQ(s->txns.at("app").version, 4);
  EXPECT_EQ(s->txns.at("other").version, 1);
  EXPECT_FALSE(s->domains.contains("d1"));
  EXPECT_EQ(s->domains.at("d2").configuration, "{\"x\":2}");

  // Checkpoint only.
  auto at_checkpoint = ReplayLog(checkpoint, 10, {});
  ASSERT_TRUE(at_checkpoint.ok());
  EXPECT_EQ(at_checkpoint->version, 10);
  EXPECT_EQ(at_checkpoint->adds.size(), 2u);
}

TEST(DeltaReplay, LatestCommitInfo) {
  CommitInfo c0{"{}", 1, "CREATE", std::nullopt};
  CommitInfo c1{"{}", 2, "WRITE", 42};
  auto s = ReplayLog({}, std::nullopt, {{0, {c0, P(1, 2), M("t")}}, {1, {c1}}, {2, {A("a")}}});
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s->latest_commit_info);  // commit 2 had none
  s = ReplayLog({}, std::nullopt, {{0, {c0, P(1, 2), M("t")}}, {1, {c1}}});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->latest_commit_info->in_commit_timestamp, 42);
}

TEST(DeltaReplay, Errors) {
  auto no_protocol = ReplayLog({}, std::nullopt, {{0, {M("t")}}});
  EXPECT_EQ(no_protocol.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(no_protocol.status().message().find("protocol"), std::string::npos);
  auto no_metadata = ReplayLog({P(1, 2)}, 4, {});
  EXPECT_EQ(no_metadata.status().code(), StatusCode::kCorrupt);
  auto gap = ReplayLog({}, std::nullopt, {{0, {P(1, 2), M("t")}}, {2, {}}});
  EXPECT_EQ(gap.status().code(), StatusCode::kCorrupt);
  auto wrong_start = ReplayLog({P(1, 2), M("t")}, 4, {{4, {}}});
  EXPECT_EQ(wrong_start.status().code(), StatusCode::kCorrupt);
  auto nothing = ReplayLog({}, std::nullopt, {});
  EXPECT_EQ(nothing.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace silt::delta
