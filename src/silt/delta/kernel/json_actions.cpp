#include "silt/delta/kernel/json_actions.h"

#include <simdjson.h>

#include <limits>

namespace silt::delta {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

// Reads typed fields of one JSON object; `where_` names the action for error messages
// ("add", "metaData.format"). Every error is Corrupt; the caller adds version and line.
class FieldReader {
 public:
  FieldReader(object obj, std::string where) : obj_(obj), where_(std::move(where)) {}

  // Missing and null are both "absent"; the protocol writes optional fields either way.
  std::optional<element> Find(std::string_view key) const {
    element value;
    if (obj_.at_key(key).get(value) != simdjson::SUCCESS || value.is_null()) {
      return std::nullopt;
    }
    return value;
  }

  Status Missing(std::string_view key) const {
    return Status::Corrupt("missing required field '" + where_ + "." + std::string(key) + "'");
  }
  Status WrongType(std::string_view key, std::string_view expected) const {
    return Status::Corrupt("field '" + where_ + "." + std::string(key) + "' is not " +
                           std::string(expected));
  }

  Result<std::optional<std::string>> OptString(std::string_view key) const {
    auto value = Find(key);
    if (!value) return std::optional<std::string>();
    std::string_view s;
    if (value->get_string().get(s) != simdjson::SUCCESS) return WrongType(key, "a string");
    return std::optional<std::string>(std::string(s));
  }
  Result<std::string> String(std::string_view key) const {
    SILT_ASSIGN_OR_RETURN(auto s, OptString(key));
    if (!s) return Missing(key);
    return std::move(*s);
  }

  Result<std::optional<int64_t>> OptInt64(std::string_view key) const {
    auto value = Find(key);
    if (!value) return std::optional<int64_t>();
    int64_t v = 0;
    if (value->get_int64().get(v) != simdjson::SUCCESS) return WrongType(key, "an integer");
    return std::optional<int64_t>(v);
  }
  Result<int64_t> Int64(std::string_view key) const {
    SILT_ASSIGN_OR_RETURN(auto v, OptInt64(key));
    if (!v) return Missing(key);
    return *v;
  }
  Result<int32_t> Int32(std::string_view key) const {
    SILT_ASSIGN_OR_RETURN(int64_t v, Int64(key));
    if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
      return WrongType(key, "a 32-bit integer");
    }
    return static_cast<int32_t>(v);
  }
  Result<std::optional<int32_t>> OptInt32(std::string_view key) const {
    if (!Find(key)) return std::optional<int32_t>();
    SILT_ASSIGN_OR_RETURN(int32_t v, Int32(key));
    return std::optional<int32_t>(v);
  }

  Result<std::optional<bool>> OptBool(std::string_view key) const {
    auto value = Find(key);
    if (!value) return std::optional<bool>();
    bool b = false;
    if (value->get_bool().get(b) != simdjson::SUCCESS) return WrongType(key, "a boolean");
    return std::optional<bool>(b);
  }
  Result<bool> Bool(std::string_view key) const {
    SILT_ASSIGN_OR_RETURN(auto b, OptBool(key));
    if (!b) return Missing(key);
    return *b;
  }

  Result<std::optional<object>> OptObject(std::string_view key) const {
    auto value = Find(key);
    if (!value) return std::optional<object>();
    object o;
    if (value->get_object().get(o) != simdjson::SUCCESS) return WrongType(key, "an object");
    return std::optional<object>(o);
  }
  Result<object> Object(std::string_view key) const {
    SILT_ASSIGN_OR_RETURN(auto o, OptObject(key));
    if (!o) return Missing(key);
    return *o;
  }

  Result<std::optional<std::vector<std::string>>> OptStringList(std::string_view key) const {
    auto value = Find(key);
    if (!value) return std::optional<std::vector<std::string>>();
    simdjson::dom::array arr;
    if (value->get_array().get(arr) != simdjson::SUCCESS) return WrongType(key, "an array");
    std::vector<std::string> out;
    for (element item : arr) {
      std::string_view s;
      if (item.get_string().get(s) != simdjson::SUCCESS) {
        return WrongType(key, "an array of strings");
      }
      out.emplace_back(s);
    }
    return std::optional<std::vector<std::string>>(std::move(out));
  }

  // A map<string,string>. A null value drops the key: real writers emit nulls in
  // configuration/tags now and then and nothing downstream distinguishes them from absent.
  Result<std::optional<StringMap>> OptStringMap(std::string_view key) const {
    SILT_ASSIGN_OR_RETURN(auto o, OptObject(key));
    if (!o) return std::optional<StringMap>();
    StringMap out;
    for (auto field : *o) {
      if (field.value.is_null()) continue;
      std::string_view s;
      if (field.value.get_string().get(s) != simdjson::SUCCESS) {
        return WrongType(key, "a map of strings");
      }
      out.emplace(std::string(field.key), std::string(s));
    }
    return std::optional<StringMap>(std::move(out));
  }

  Result<std::optional<PartitionValues>> OptPartitionValues(std::string_view key) const {
    SILT_ASSIGN_OR_RETURN(auto o, OptObject(key));
    if (!o) return std::optional<PartitionValues>();
    PartitionValues out;
    for (auto field : *o) {
      std::optional<std::string> v;
      if (!field.value.is_null()) {
        std::string_view s;
        if (field.value.get_string().get(s) != simdjson::SUCCESS) {
          return WrongType(key, "a map of strings or nulls");
        }
        v = std::string(s);
      }
      out.emplace(std::string(field.key), std::move(v));
    }
    return std::optional<PartitionValues>(std::move(out));
  }
  Result<PartitionValues> Partitions(std::string_view key) const {
    SILT_ASSIGN_OR_RETURN(auto p, OptPartitionValues(key));
    if (!p) return Missing(key);
    return std::move(*p);
  }

  Result<std::optional<DeletionVectorDescriptor>> OptDeletionVector(std::string_view key) const {
    SILT_ASSIGN_OR_RETURN(auto o, OptObject(key));
    if (!o) return std::optional<DeletionVectorDescriptor>();
    FieldReader dv(*o, where_ + "." + std::string(key));
    DeletionVectorDescriptor d;
    SILT_ASSIGN_OR_RETURN(d.storage_type, dv.String("storageType"));
    SILT_ASSIGN_OR_RETURN(d.path_or_inline_dv, dv.String("pathOrInlineDv"));
    SILT_ASSIGN_OR_RETURN(d.offset, dv.OptInt32("offset"));
    SILT_ASSIGN_OR_RETURN(d.size_in_bytes, dv.Int32("sizeInBytes"));
    SILT_ASSIGN_OR_RETURN(d.cardinality, dv.Int64("cardinality"));
    return std::optional<DeletionVectorDescriptor>(std::move(d));
  }

  const std::string& where() const { return where_; }

 private:
  object obj_;
  std::string where_;
};

Result<Action> ParseProtocol(const FieldReader& r) {
  Protocol p;
  SILT_ASSIGN_OR_RETURN(p.min_reader_version, r.Int32("minReaderVersion"));
  SILT_ASSIGN_OR_RETURN(p.min_writer_version, r.Int32("minWriterVersion"));
  SILT_ASSIGN_OR_RETURN(p.reader_features, r.OptStringList("readerFeatures"));
  SILT_ASSIGN_OR_RETURN(p.writer_features, r.OptStringList("writerFeatures"));
  return Action(std::move(p));
}

Result<Action> ParseMetadata(const FieldReader& r) {
  Metadata m;
  SILT_ASSIGN_OR_RETURN(m.id, r.String("id"));
  SILT_ASSIGN_OR_RETURN(m.name, r.OptString("name"));
  SILT_ASSIGN_OR_RETURN(m.description, r.OptString("description"));
  SILT_ASSIGN_OR_RETURN(object format_obj, r.Object("format"));
  FieldReader format(format_obj, r.where() + ".format");
  SILT_ASSIGN_OR_RETURN(m.format.provider, format.String("provider"));
  SILT_ASSIGN_OR_RETURN(auto options, format.OptStringMap("options"));
  if (options) m.format.options = std::move(*options);
  SILT_ASSIGN_OR_RETURN(m.schema_string, r.String("schemaString"));
  SILT_ASSIGN_OR_RETURN(auto partition_columns, r.OptStringList("partitionColumns"));
  if (!partition_columns) return r.Missing("partitionColumns");
  m.partition_columns = std::move(*partition_columns);
  // Required by the protocol, but old writers omitted an empty configuration.
  SILT_ASSIGN_OR_RETURN(auto configuration, r.OptStringMap("configuration"));
  if (configuration) m.configuration = std::move(*configuration);
  SILT_ASSIGN_OR_RETURN(m.created_time, r.OptInt64("createdTime"));
  return Action(std::move(m));
}

Result<Action> ParseAdd(const FieldReader& r) {
  Add a;
  SILT_ASSIGN_OR_RETURN(a.path, r.String("path"));
  SILT_ASSIGN_OR_RETURN(a.partition_values, r.Partitions("partitionValues"));
  SILT_ASSIGN_OR_RETURN(a.size, r.Int64("size"));
  SILT_ASSIGN_OR_RETURN(a.modification_time, r.Int64("modificationTime"));
  SILT_ASSIGN_OR_RETURN(a.data_change, r.Bool("dataChange"));
  SILT_ASSIGN_OR_RETURN(a.stats, r.OptString("stats"));
  SILT_ASSIGN_OR_RETURN(a.tags, r.OptStringMap("tags"));
  SILT_ASSIGN_OR_RETURN(a.deletion_vector, r.OptDeletionVector("deletionVector"));
  SILT_ASSIGN_OR_RETURN(a.base_row_id, r.OptInt64("baseRowId"));
  SILT_ASSIGN_OR_RETURN(a.default_row_commit_version, r.OptInt64("defaultRowCommitVersion"));
  SILT_ASSIGN_OR_RETURN(a.clustering_provider, r.OptString("clusteringProvider"));
  return Action(std::move(a));
}

Result<Action> ParseRemove(const FieldReader& r) {
  Remove rm;
  SILT_ASSIGN_OR_RETURN(rm.path, r.String("path"));
  SILT_ASSIGN_OR_RETURN(rm.deletion_timestamp, r.OptInt64("deletionTimestamp"));
  SILT_ASSIGN_OR_RETURN(rm.data_change, r.Bool("dataChange"));
  SILT_ASSIGN_OR_RETURN(rm.extended_file_metadata, r.OptBool("extendedFileMetadata"));
  SILT_ASSIGN_OR_RETURN(rm.partition_values, r.OptPartitionValues("partitionValues"));
  SILT_ASSIGN_OR_RETURN(rm.size, r.OptInt64("size"));
  SILT_ASSIGN_OR_RETURN(rm.stats, r.OptString("stats"));
  SILT_ASSIGN_OR_RETURN(rm.tags, r.OptStringMap("tags"));
  SILT_ASSIGN_OR_RETURN(rm.deletion_vector, r.OptDeletionVector("deletionVector"));
  SILT_ASSIGN_OR_RETURN(rm.base_row_id, r.OptInt64("baseRowId"));
  SILT_ASSIGN_OR_RETURN(rm.default_row_commit_version, r.OptInt64("defaultRowCommitVersion"));
  return Action(std::move(rm));
}

Result<Action> ParseCdc(const FieldReader& r) {
  AddCdcFile c;
  SILT_ASSIGN_OR_RETURN(c.path, r.String("path"));
  SILT_ASSIGN_OR_RETURN(c.partition_values, r.Partitions("partitionValues"));
  SILT_ASSIGN_OR_RETURN(c.size, r.Int64("size"));
  SILT_ASSIGN_OR_RETURN(c.data_change, r.Bool("dataChange"));
  SILT_ASSIGN_OR_RETURN(c.tags, r.OptStringMap("tags"));
  return Action(std::move(c));
}

Result<Action> ParseTxn(const FieldReader& r) {
  Txn t;
  SILT_ASSIGN_OR_RETURN(t.app_id, r.String("appId"));
  SILT_ASSIGN_OR_RETURN(t.version, r.Int64("version"));
  SILT_ASSIGN_OR_RETURN(t.last_updated, r.OptInt64("lastUpdated"));
  return Action(std::move(t));
}

Result<Action> ParseCommitInfo(const FieldReader& r, element value) {
  CommitInfo c;
  c.raw_json = simdjson::minify(value);
  SILT_ASSIGN_OR_RETURN(c.timestamp, r.OptInt64("timestamp"));
  SILT_ASSIGN_OR_RETURN(c.operation, r.OptString("operation"));
  SILT_ASSIGN_OR_RETURN(c.in_commit_timestamp, r.OptInt64("inCommitTimestamp"));
  return Action(std::move(c));
}

Result<Action> ParseDomainMetadata(const FieldReader& r) {
  DomainMetadata d;
  SILT_ASSIGN_OR_RETURN(d.domain, r.String("domain"));
  SILT_ASSIGN_OR_RETURN(d.configuration, r.String("configuration"));
  SILT_ASSIGN_OR_RETURN(d.removed, r.Bool("removed"));
  return Action(std::move(d));
}

Result<Action> ParseCheckpointMetadata(const FieldReader& r) {
  CheckpointMetadata c;
  SILT_ASSIGN_OR_RETURN(c.version, r.Int64("version"));
  SILT_ASSIGN_OR_RETURN(c.tags, r.OptStringMap("tags"));
  return Action(std::move(c));
}

Result<Action> ParseSidecar(const FieldReader& r) {
  Sidecar s;
  SILT_ASSIGN_OR_RETURN(s.path, r.String("path"));
  SILT_ASSIGN_OR_RETURN(s.size_in_bytes, r.Int64("sizeInBytes"));
  SILT_ASSIGN_OR_RETURN(s.modification_time, r.Int64("modificationTime"));
  SILT_ASSIGN_OR_RETURN(s.tags, r.OptStringMap("tags"));
  return Action(std::move(s));
}

// Parsers by action key; commitInfo is handled apart because it also keeps its raw JSON.
struct ActionParser {
  std::string_view kind;
  Result<Action> (*parse)(const FieldReader&);
};
constexpr ActionParser kActionParsers[] = {
    {"add", ParseAdd},
    {"remove", ParseRemove},
    {"metaData", ParseMetadata},
    {"protocol", ParseProtocol},
    {"cdc", ParseCdc},
    {"txn", ParseTxn},
    {"domainMetadata", ParseDomainMetadata},
    {"checkpointMetadata", ParseCheckpointMetadata},
    {"sidecar", ParseSidecar},
};

// Appends the recognised actions of one line's object to `out`; unknown keys are skipped.
Status ParseLineObject(object line, std::vector<Action>* out) {
  for (auto field : line) {
    std::string_view kind = field.key;
    Result<Action> (*parser)(const FieldReader&) = nullptr;
    for (const ActionParser& candidate : kActionParsers) {
      if (candidate.kind == kind) parser = candidate.parse;
    }
    if (parser == nullptr && kind != "commitInfo") continue;  // unknown: ignored (protocol)
    object body;
    if (field.value.get_object().get(body) != simdjson::SUCCESS) {
      return Status::Corrupt("action '" + std::string(kind) + "' is not a JSON object");
    }
    FieldReader reader(body, std::string(kind));
    Result<Action> action =
        parser != nullptr ? parser(reader) : ParseCommitInfo(reader, field.value);
    SILT_RETURN_NOT_OK(action);
    out->push_back(action.MoveValue());
  }
  return Status::OK();
}

bool IsBlank(std::string_view line) {
  for (char c : line) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

}  // namespace

Result<std::vector<Action>> ParseCommitJson(std::string_view ndjson, int64_t version) {
  std::vector<Action> actions;
  simdjson::dom::parser parser;
  size_t line_number = 0;
  size_t pos = 0;
  while (pos < ndjson.size()) {
    size_t end = ndjson.find('\n', pos);
    if (end == std::string_view::npos) end = ndjson.size();
    std::string_view line = ndjson.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    if (IsBlank(line)) continue;
    auto fail = [&](const Status& st) {
      return Status::Corrupt("Delta commit " + std::to_string(version) + " line " +
                             std::to_string(line_number) + ": " + st.message());
    };
    element root;
    auto error = parser.parse(line.data(), line.size(), /*realloc_if_needed=*/true).get(root);
    if (error != simdjson::SUCCESS) {
      return fail(
          Status::Corrupt(std::string("malformed JSON (") + simdjson::error_message(error) + ")"));
    }
    object obj;
    if (root.get_object().get(obj) != simdjson::SUCCESS) {
      return fail(Status::Corrupt("line is not a JSON object"));
    }
    Status st = ParseLineObject(obj, &actions);
    if (!st.ok()) return fail(st);
  }
  return actions;
}

Result<LastCheckpointInfo> ParseLastCheckpoint(std::string_view json) {
  simdjson::dom::parser parser;
  element root;
  auto error = parser.parse(json.data(), json.size(), /*realloc_if_needed=*/true).get(root);
  object obj;
  if (error != simdjson::SUCCESS || root.get_object().get(obj) != simdjson::SUCCESS) {
    return Status::Corrupt("_last_checkpoint is not a JSON object");
  }
  FieldReader r(obj, "_last_checkpoint");
  LastCheckpointInfo info;
  Status st = [&]() -> Status {
    SILT_ASSIGN_OR_RETURN(info.version, r.Int64("version"));
    SILT_ASSIGN_OR_RETURN(info.size, r.Int64("size"));
    SILT_ASSIGN_OR_RETURN(info.parts, r.OptInt64("parts"));
    SILT_ASSIGN_OR_RETURN(info.size_in_bytes, r.OptInt64("sizeInBytes"));
    SILT_ASSIGN_OR_RETURN(info.num_of_add_files, r.OptInt64("numOfAddFiles"));
    SILT_ASSIGN_OR_RETURN(info.tags, r.OptStringMap("tags"));
    SILT_ASSIGN_OR_RETURN(info.checksum, r.OptString("checksum"));
    return Status::OK();
  }();
  SILT_RETURN_NOT_OK(st);
  if (info.version < 0 || (info.parts && *info.parts < 1)) {
    return Status::Corrupt("_last_checkpoint has a negative version or parts < 1");
  }
  return info;
}

namespace {

// Parses an array of action bodies (`setTransactions`, `domainMetadata`) of one kind.
template <typename T>
Result<std::optional<std::vector<T>>> ParseActionArray(
    object parent, std::string_view key, Result<Action> (*parse)(const FieldReader&)) {
  element value;
  if (parent.at_key(key).get(value) != simdjson::SUCCESS || value.is_null()) {
    return std::optional<std::vector<T>>();
  }
  simdjson::dom::array arr;
  if (value.get_array().get(arr) != simdjson::SUCCESS) {
    return Status::Corrupt("field '" + std::string(key) + "' is not an array");
  }
  std::vector<T> out;
  for (element item : arr) {
    object body;
    if (item.get_object().get(body) != simdjson::SUCCESS) {
      return Status::Corrupt("field '" + std::string(key) + "' holds a non-object");
    }
    SILT_ASSIGN_OR_RETURN(Action action, parse(FieldReader(body, std::string(key))));
    out.push_back(std::get<T>(std::move(action)));
  }
  return std::optional<std::vector<T>>(std::move(out));
}

}  // namespace

Result<VersionChecksum> ParseVersionChecksum(std::string_view json) {
  simdjson::dom::parser parser;
  element root;
  auto error = parser.parse(json.data(), json.size(), /*realloc_if_needed=*/true).get(root);
  object obj;
  if (error != simdjson::SUCCESS || root.get_object().get(obj) != simdjson::SUCCESS) {
    return Status::Corrupt("version checksum is not a JSON object");
  }
  FieldReader r(obj, "crc");
  VersionChecksum crc;
  SILT_ASSIGN_OR_RETURN(crc.table_size_bytes, r.Int64("tableSizeBytes"));
  SILT_ASSIGN_OR_RETURN(crc.num_files, r.Int64("numFiles"));
  SILT_ASSIGN_OR_RETURN(crc.num_metadata, r.Int64("numMetadata"));
  SILT_ASSIGN_OR_RETURN(crc.num_protocol, r.Int64("numProtocol"));
  SILT_ASSIGN_OR_RETURN(crc.in_commit_timestamp, r.OptInt64("inCommitTimestampOpt"));
  SILT_ASSIGN_OR_RETURN(crc.txn_id, r.OptString("txnId"));
  SILT_ASSIGN_OR_RETURN(auto protocol, r.OptObject("protocol"));
  if (protocol) {
    SILT_ASSIGN_OR_RETURN(Action p, ParseProtocol(FieldReader(*protocol, "crc.protocol")));
    crc.protocol = std::get<Protocol>(std::move(p));
  }
  SILT_ASSIGN_OR_RETURN(auto metadata, r.OptObject("metadata"));
  if (metadata) {
    SILT_ASSIGN_OR_RETURN(Action m, ParseMetadata(FieldReader(*metadata, "crc.metadata")));
    crc.metadata = std::get<Metadata>(std::move(m));
  }
  SILT_ASSIGN_OR_RETURN(crc.set_transactions,
                        ParseActionArray<Txn>(obj, "setTransactions", ParseTxn));
  SILT_ASSIGN_OR_RETURN(crc.domain_metadata, ParseActionArray<DomainMetadata>(obj, "domainMetadata",
                                                                              ParseDomainMetadata));
  return crc;
}

}  // namespace silt::delta
