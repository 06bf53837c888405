#include "silt/delta/kernel/json_actions.h"

#include <gtest/gtest.h>

namespace silt::delta {
namespace {

TEST(DeltaJsonActions, ParsesEveryActionKind) {
  std::string log =
      R"({"commitInfo":{"timestamp":1700,"operation":"WRITE","inCommitTimestamp":1701,"operationParameters":{"mode":"Append"}}})"
      "\n"
      R"({"protocol":{"minReaderVersion":3,"minWriterVersion":7,"readerFeatures":["deletionVectors"],"writerFeatures":["deletionVectors","domainMetadata"]}})"
      "\n\n"
      R"({"metaData":{"id":"abc","name":"t","format":{"provider":"parquet","options":{}},"schemaString":"{\"type\":\"struct\",\"fields\":[]}","partitionColumns":["p"],"configuration":{"delta.enableDeletionVectors":"true"},"createdTime":5}})"
      "\n"
      R"({"add":{"path":"p=1/a.parquet","partitionValues":{"p":"1","q":null},"size":10,"modificationTime":20,"dataChange":true,"stats":"{\"numRecords\":3}","tags":{"k":"v"},"deletionVector":{"storageType":"u","pathOrInlineDv":"ab^cd","offset":1,"sizeInBytes":34,"cardinality":2},"baseRowId":7,"defaultRowCommitVersion":1,"clusteringProvider":"liquid"}})"
      "\r\n"
      R"({"remove":{"path":"old.parquet","deletionTimestamp":99,"dataChange":true,"extendedFileMetadata":true,"partitionValues":{},"size":4}})"
      "\n"
      R"({"cdc":{"path":"_change_data/c.parquet","partitionValues":{},"size":3,"dataChange":false}})"
      "\n"
      R"({"txn":{"appId":"app","version":4,"lastUpdated":8}})"
      "\n"
      R"({"domainMetadata":{"domain":"d","configuration":"{}","removed":false}})"
      "\n"
      R"({"checkpointMetadata":{"version":9}})"
      "\n"
      R"({"sidecar":{"path":"s.parquet","sizeInBytes":1,"modificationTime":2}})"
      "\n"
      R"({"someFutureAction":{"x":1}})"
      "\n";
  auto result = ParseCommitJson(log, 3);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const auto& actions = *result;
  ASSERT_EQ(actions.size(), 10u);

  const auto& ci = std::get<CommitInfo>(actions[0]);
  EXPECT_EQ(ci.timestamp, 1700);
  EXPECT_EQ(ci.operation, "WRITE");
  EXPECT_EQ(ci.in_commit_timestamp, 1701);
  EXPECT_NE(ci.raw_json.find("\"operationParameters\""), std::string::npos);

  const auto& p = std::get<Protocol>(actions[1]);
  EXPECT_EQ(p.min_reader_version, 3);
  EXPECT_EQ(p.min_writer_version, 7);
  EXPECT_EQ(p.reader_features, std::vector<std::string>{"deletionVectors"});
  ASSERT_TRUE(p.writer_features.has_value());
  EXPECT_EQ(p.writer_features->size(), 2u);

  const auto& m = std::get<Metadata>(actions[2]);
  EXPECT_EQ(m.id, "abc");
  EXPECT_EQ(m.name, "t");
  EXPECT_EQ(m.format.provider, "parquet");
  EXPECT_EQ(m.schema_string, R"({"type":"struct","fields":[]})");
  EXPECT_EQ(m.partition_columns, std::vector<std::string>{"p"});
  EXPECT_EQ(m.configuration.at("delta.enableDeletionVectors"), "true");
  EXPECT_EQ(m.created_time, 5);

  const auto& a = std::get<Add>(actions[3]);
  EXPECT_EQ(a.path, "p=1/a.parquet");
  EXPECT_EQ(a.partition_values.at("p"), "1");
  EXPECT_EQ(a.partition_values.at("q"), std::nullopt);
  EXPECT_EQ(a.size, 10);
  EXPECT_EQ(a.modification_time, 20);
  EXPECT_TRUE(a.data_change);
  EXPECT_EQ(a.stats, R"({"numRecords":3})");
  EXPECT_EQ(a.tags->at("k"), "v");
  ASSERT_TRUE(a.deletion_vector.has_value());
  EXPECT_EQ(a.deletion_vector->UniqueId(), "uab^cd@1");
  EXPECT_EQ(a.deletion_vector->cardinality, 2);
  EXPECT_EQ(a.base_row_id, 7);
  EXPECT_EQ(a.default_row_commit_version, 1);
  EXPECT_EQ(a.clustering_provider, "liquid");

  const auto& r = std::get<Remove>(actions[4]);
  EXPECT_EQ(r.path, "old.parquet");
  EXPECT_EQ(r.deletion_timestamp, 99);
  EXPECT_EQ(r.extended_file_metadata, true);
  EXPECT_EQ(r.size, 4);

  EXPECT_EQ(std::get<AddCdcFile>(actions[5]).size, 3);
  EXPECT_EQ(std::get<Txn>(actions[6]).version, 4);
  EXPECT_EQ(std::get<DomainMetadata>(actions[7]).domain, "d");
  EXPECT_EQ(std::get<CheckpointMetadata>(actions[8]).version, 9);
  EXPECT_EQ(std::get<Sidecar>(actions[9]).size_in_bytes, 1);
}

TEST(DeltaJsonActions, EmptyAndBlankInput) {
  auto r = ParseCommitJson("", 0);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
  r = ParseCommitJson("\n  \n\r\n", 0);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
}

void ExpectCorrupt(std::string_view log, std::string_view needle) {
  auto r = ParseCommitJson(log, 12);
  ASSERT_FALSE(r.ok()) << log;
  EXPECT_EQ(r.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(r.status().message().find("commit 12"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find(needle), std::string::npos) << r.status().message();
}

TEST(DeltaJsonActions, MalformedLinesAreCorruptWithLineNumber) {
  ExpectCorrupt("{\"txn\":{\"appId\":\"a\",\"version\":1}}\n{\"add\":{\"path\":", "line 2");
  ExpectCorrupt("\n\n[1,2]\n", "line 3");
  ExpectCorrupt(
      "{\"add\":{\"path\":\"a\",\"partitionValues\":{},\"size\":\"10\","
      "\"modificationTime\":1,\"dataChange\":true}}",
      "add.size");
  ExpectCorrupt(
      "{\"add\":{\"path\":\"a\",\"partitionValues\":{},\"size\":10,"
      "\"dataChange\":true}}",
      "add.modificationTime");
  ExpectCorrupt("{\"protocol\":{\"minReaderVersion\":1}}", "protocol.minWriterVersion");
  ExpectCorrupt(
      "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":2,"
      "\"readerFeatures\":[1]}}",
      "readerFeatures");
  ExpectCorrupt("{\"add\":5}", "add");
  ExpectCorrupt(
      "{\"add\":{\"path\":\"a\",\"partitionValues\":{\"p\":1},\"size\":10,"
      "\"modificationTime\":1,\"dataChange\":true}}",
      "partitionValues");
  ExpectCorrupt(
      "{\"add\":{\"path\":\"a\",\"partitionValues\":{},\"size\":10,"
      "\"modificationTime\":1,\"dataChange\":true,\"deletionVector\":"
      "{\"storageType\":\"u\",\"sizeInBytes\":1,\"cardinality\":1}}}",
      "add.deletionVector.pathOrInlineDv");
  ExpectCorrupt("{\"metaData\":{\"id\":\"x\",\"schemaString\":\"{}\",\"partitionColumns\":[]}}",
                "metaData.format");
  ExpectCorrupt("{\"txn\":{\"appId\":\"a\",\"version\":1.5}}", "txn.version");
  ExpectCorrupt("{\"txn\":{\"appId\":\"a\",\"version\":99999999999999999999}}", "line 1");
}

TEST(DeltaJsonActions, UnknownFieldsAndNullOptionalsAreAccepted) {
  auto r = ParseCommitJson(
      R"({"add":{"path":"a","partitionValues":{},"size":1,"modificationTime":2,"dataChange":false,"stats":null,"tags":null,"futureField":[1,2]}})",
      0);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto& a = std::get<Add>(r->at(0));
  EXPECT_FALSE(a.stats.has_value());
  EXPECT_FALSE(a.tags.has_value());
}

TEST(DeltaJsonActions, LastCheckpoint) {
  auto r = ParseLastCheckpoint(
      R"({"version":10,"size":13,"parts":2,"sizeInBytes":5000,"numOfAddFiles":7,"tags":{"a":"b"},"checkpointSchema":{"type":"struct","fields":[]},"checksum":"abc"})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version, 10);
  EXPECT_EQ(r->size, 13);
  EXPECT_EQ(r->parts, 2);
  EXPECT_EQ(r->size_in_bytes, 5000);
  EXPECT_EQ(r->num_of_add_files, 7);
  EXPECT_EQ(r->checksum, "abc");
  EXPECT_EQ(r->tags->at("a"), "b");

  auto minimal = ParseLastCheckpoint(R"({"version":3,"size":4})");
  ASSERT_TRUE(minimal.ok());
  EXPECT_FALSE(minimal->parts.has_value());

  EXPECT_EQ(ParseLastCheckpoint("{\"size\":4}").status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(ParseLastCheckpoint("not json").status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(ParseLastCheckpoint("{\"version\":-1,\"size\":1}").status().code(),
            StatusCode::kCorrupt);
}

// Every prefix and every single-byte corruption of a valid commit either parses or is
// Corrupt: never a crash (the parser sees untrusted bytes).
TEST(DeltaJsonActions, TruncatedAndMutatedInputNeverCrashes) {
  const std::string log =
      R"({"protocol":{"minReaderVersion":3,"minWriterVersion":7,"readerFeatures":["deletionVectors"]}})"
      "\n"
      R"({"add":{"path":"a","partitionValues":{"p":null},"size":10,"modificationTime":20,"dataChange":true,"deletionVector":{"storageType":"i","pathOrInlineDv":"wi5b=000010000siXQKl0rr91000f55c8Xg0@fhDQ","sizeInBytes":4,"cardinality":1}}})"
      "\n";
  for (size_t n = 0; n <= log.size(); ++n) {
    auto r = ParseCommitJson(std::string_view(log).substr(0, n), 1);
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), StatusCode::kCorrupt);
    }
  }
  const char replacements[] = {'"', '{', '}', '\0', '\n', '1', 'x', ']'};
  for (size_t i = 0; i < log.size(); ++i) {
    for (char c : replacements) {
      std::string mutated = log;
      mutated[i] = c;
      auto r = ParseCommitJson(mutated, 1);
      if (!r.ok()) {
        EXPECT_EQ(r.status().code(), StatusCode::kCorrupt);
      }
    }
  }
}

TEST(DeltaJsonActions, VersionChecksum) {
  auto r = ParseVersionChecksum(
      R"({"txnId":"t1","tableSizeBytes":1405,"numFiles":2,"numMetadata":1,"numProtocol":1,"inCommitTimestampOpt":17,"setTransactions":[{"appId":"a","version":3}],"domainMetadata":[],"metadata":{"id":"x","format":{"provider":"parquet","options":{}},"schemaString":"{}","partitionColumns":[],"configuration":{}},"protocol":{"minReaderVersion":1,"minWriterVersion":2},"fileSizeHistogram":{"sortedBinBoundaries":[0]}})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->num_files, 2);
  EXPECT_EQ(r->table_size_bytes, 1405);
  EXPECT_EQ(r->in_commit_timestamp, 17);
  EXPECT_EQ(r->metadata->id, "x");
  EXPECT_EQ(r->protocol->min_writer_version, 2);
  ASSERT_TRUE(r->set_transactions);
  EXPECT_EQ(r->set_transactions->at(0).version, 3);
  EXPECT_TRUE(r->domain_metadata->empty());

  // Old (Delta 1.x) checksums carry counts only.
  auto old = ParseVersionChecksum(
      R"({"tableSizeBytes":0,"numFiles":0,"numMetadata":1,"numProtocol":1,"numTransactions":0})");
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_FALSE(old->protocol);

  auto missing = ParseVersionChecksum(R"({"tableSizeBytes":1,"numFiles":1})");
  EXPECT_EQ(missing.status().code(), StatusCode::kCorrupt);
  auto bad = ParseVersionChecksum(
      R"({"tableSizeBytes":1,"numFiles":1,"numMetadata":1,"numProtocol":1,"protocol":{}})");
  EXPECT_EQ(bad.status().code(), StatusCode::kCorrupt);
}

}  // namespace
}  // namespace silt::delta
