#include "silt/parquet/compression.h"

#include <gtest/gtest.h>
#include <lz4.h>
#include <lz4frame.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "silt/io/file_system.h"
#include "silt/parquet/footer.h"

namespace silt::parquet {
namespace {

namespace fs = std::filesystem;

const uint8_t* Bytes(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }
int64_t Size(const std::string& s) { return static_cast<int64_t>(s.size()); }

const CompressionCodec kWritable[] = {CompressionCodec::kUncompressed, CompressionCodec::kSnappy,
                                      CompressionCodec::kGzip,         CompressionCodec::kBrotli,
                                      CompressionCodec::kZstd,         CompressionCodec::kLz4Raw};
const CompressionCodec kCompressing[] = {CompressionCodec::kSnappy, CompressionCodec::kGzip,
                                         CompressionCodec::kBrotli, CompressionCodec::kZstd,
                                         CompressionCodec::kLz4Raw};

std::vector<std::string> SampleInputs() {
  std::mt19937 rng(42);
  std::string random(5000, '\0');
  for (auto& c : random) c = static_cast<char>(rng() & 0xFF);
  std::string text;
  while (text.size() < (1 << 20)) text += "row " + std::to_string(text.size() % 977) + ", ";
  return {"", "x", "hello hello hello hello", random, text};
}

std::string MustCompress(CompressionCodec codec, const std::string& input,
                         int level = kDefaultCompressionLevel) {
  std::string out;
  Status st = Compress(codec, level, Bytes(input), Size(input), &out);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return out;
}

Status DecompressTo(CompressionCodec codec, const std::string& compressed, int64_t size,
                    std::string* out) {
  out->assign(static_cast<size_t>(size), '\0');
  return Decompress(codec, Bytes(compressed), Size(compressed),
                    reinterpret_cast<uint8_t*>(out->data()), size);
}

TEST(Compression, RoundTripEveryCodec) {
  for (CompressionCodec codec : kWritable) {
    EXPECT_TRUE(IsCompressionSupported(codec));
    for (const std::string& input : SampleInputs()) {
      std::string compressed = MustCompress(codec, input);
      std::string output;
      Status st = DecompressTo(codec, compressed, Size(input), &output);
      ASSERT_TRUE(st.ok()) << CompressionCodecName(codec) << " " << input.size() << ": "
                           << st.ToString();
      EXPECT_EQ(output, input) << CompressionCodecName(codec);
      if (input.size() > 100000 && codec != CompressionCodec::kUncompressed) {
        EXPECT_LT(compressed.size(), input.size() / 4) << CompressionCodecName(codec);
      }
    }
  }
}

TEST(Compression, LevelsAndBufferOutput) {
  std::string input = SampleInputs().back();
  for (auto [codec, level] : {std::pair{CompressionCodec::kZstd, 9},
                              std::pair{CompressionCodec::kZstd, -3},
                              std::pair{CompressionCodec::kGzip, 1},
                              std::pair{CompressionCodec::kGzip, 9},
                              std::pair{CompressionCodec::kBrotli, 1},
                              std::pair{CompressionCodec::kBrotli, 11}}) {
    Buffer out;
    ASSERT_TRUE(Compress(codec, level, Bytes(input), Size(input), &out).ok());
    std::string decoded(input.size(), '\0');
    ASSERT_TRUE(Decompress(codec, out.data(), out.size(),
                           reinterpret_cast<uint8_t*>(decoded.data()), Size(decoded))
                    .ok());
    EXPECT_EQ(decoded, input);
  }
  std::string out;
  EXPECT_EQ(Compress(CompressionCodec::kGzip, 12, Bytes(input), Size(input), &out).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Compress(CompressionCodec::kBrotli, 99, Bytes(input), Size(input), &out).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Compress(CompressionCodec::kZstd, 1000, Bytes(input), Size(input), &out).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Compress(CompressionCodec::kLzo, 0, Bytes(input), Size(input), &out).code(),
            StatusCode::kNotSupported);
  EXPECT_EQ(Compress(CompressionCodec::kLz4, 0, Bytes(input), Size(input), &out).code(),
            StatusCode::kNotSupported);
}

TEST(Compression, WrongExpectedSizeIsCorrupt) {
  std::string input = "some page bytes some page bytes some page bytes";
  for (CompressionCodec codec : kWritable) {
    std::string compressed = MustCompress(codec, input);
    for (int64_t size : {Size(input) - 1, Size(input) + 1, int64_t{0}}) {
      std::string out;
      Status st = DecompressTo(codec, compressed, size, &out);
      ASSERT_FALSE(st.ok()) << CompressionCodecName(codec) << " size " << size;
      EXPECT_EQ(st.code(), StatusCode::kCorrupt) << st.ToString();
    }
    std::string out;
    Status st = DecompressTo(codec, compressed, Size(input) + 1, &out);
    EXPECT_NE(st.message().find(CompressionCodecName(codec)), std::string::npos)
        << st.ToString();
  }
  std::string out;
  Status st = DecompressTo(CompressionCodec::kZstd, MustCompress(CompressionCodec::kZstd, input),
                           Size(input) - 1, &out);
  EXPECT_NE(st.message().find("decompressed size mismatch"), std::string::npos);
}

TEST(Compression, ConcatenatedGzipMembers) {
  std::string a = "first member, first member, first member";
  std::string b(10000, 'b');
  std::string c = "third";
  std::string joined = MustCompress(CompressionCodec::kGzip, a) +
                       MustCompress(CompressionCodec::kGzip, b) +
                       MustCompress(CompressionCodec::kGzip, c);
  std::string out;
  Status st = DecompressTo(CompressionCodec::kGzip, joined, Size(a + b + c), &out);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(out, a + b + c);
  // Asking for fewer bytes than the members hold is a size mismatch, not silent truncation.
  EXPECT_EQ(DecompressTo(CompressionCodec::kGzip, joined, Size(a + b), &out).code(),
            StatusCode::kCorrupt);
  // A trailing empty member is fine.
  std::string with_empty = joined + MustCompress(CompressionCodec::kGzip, "");
  EXPECT_TRUE(DecompressTo(CompressionCodec::kGzip, with_empty, Size(a + b + c), &out).ok());
}

std::string Lz4Block(const std::string& input) {
  std::string out(static_cast<size_t>(LZ4_compressBound(static_cast<int>(input.size()))), '\0');
  int n = LZ4_compress_default(input.data(), out.data(), static_cast<int>(input.size()),
                               static_cast<int>(out.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

void AppendBigEndian32(std::string* s, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) s->push_back(static_cast<char>((v >> shift) & 0xFF));
}

TEST(Compression, DeprecatedLz4AllThreeLayouts) {
  std::string a(3000, 'a');
  std::string b = "a second hadoop block with other content";
  // Hadoop framing, two blocks.
  std::string hadoop;
  for (const std::string* part : {&a, &b}) {
    std::string block = Lz4Block(*part);
    AppendBigEndian32(&hadoop, static_cast<uint32_t>(part->size()));
    AppendBigEndian32(&hadoop, static_cast<uint32_t>(block.size()));
    hadoop += block;
  }
  std::string out;
  Status st = DecompressTo(CompressionCodec::kLz4, hadoop, Size(a + b), &out);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(out, a + b);

  // Raw block (older parquet-cpp).
  std::string raw = Lz4Block(a + b);
  st = DecompressTo(CompressionCodec::kLz4, raw, Size(a + b), &out);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(out, a + b);

  // LZ4 frame format.
  std::string input = a + b;
  std::string frame(LZ4F_compressFrameBound(input.size(), nullptr), '\0');
  size_t n = LZ4F_compressFrame(frame.data(), frame.size(), input.data(), input.size(), nullptr);
  ASSERT_FALSE(LZ4F_isError(n));
  frame.resize(n);
  st = DecompressTo(CompressionCodec::kLz4, frame, Size(input), &out);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(out, input);

  // None of the three.
  st = DecompressTo(CompressionCodec::kLz4, "garbage bytes here", 100, &out);
  EXPECT_EQ(st.code(), StatusCode::kCorrupt);
  EXPECT_NE(st.message().find("LZ4"), std::string::npos);
}

TEST(Compression, TruncatedAndCorruptInputNeverCrashes) {
  std::string input = SampleInputs()[3] + SampleInputs().back().substr(0, 20000);
  std::mt19937 rng(7);
  for (CompressionCodec codec : kCompressing) {
    std::string compressed = MustCompress(codec, input);
    // Truncations (every length for short prefixes, then a stride).
    for (size_t n = 0; n < compressed.size(); n += (n < 64 ? 1 : 97)) {
      std::string prefix = compressed.substr(0, n);
      std::string out;
      Status st = DecompressTo(codec, prefix, Size(input), &out);
      EXPECT_FALSE(st.ok()) << CompressionCodecName(codec) << " prefix " << n;
      if (!st.ok()) {
        EXPECT_EQ(st.code(), StatusCode::kCorrupt) << st.ToString();
      }
    }
    // Random corruption: any outcome but a crash; failures are Corrupt.
    for (int iter = 0; iter < 300; ++iter) {
      std::string mutated = compressed;
      for (int f = 0; f < 3; ++f) {
        mutated[rng() % mutated.size()] = static_cast<char>(rng() & 0xFF);
      }
      std::string out;
      Status st = DecompressTo(codec, mutated, Size(input), &out);
      if (!st.ok()) {
        EXPECT_EQ(st.code(), StatusCode::kCorrupt) << st.ToString();
      }
    }
  }
  // The deprecated LZ4 decoder tries three layouts on garbage.
  for (int iter = 0; iter < 300; ++iter) {
    std::string garbage(rng() % 200, '\0');
    for (auto& c : garbage) c = static_cast<char>(rng() & 0xFF);
    std::string out;
    Status st = DecompressTo(CompressionCodec::kLz4, garbage, rng() % 1000, &out);
    if (!st.ok()) {
      EXPECT_EQ(st.code(), StatusCode::kCorrupt);
    }
  }
}

TEST(Compression, UnsupportedCodecs) {
  std::string out;
  Status st = DecompressTo(CompressionCodec::kLzo, "abc", 3, &out);
  EXPECT_EQ(st.code(), StatusCode::kNotSupported);
  EXPECT_NE(st.message().find("LZO"), std::string::npos);
  st = DecompressTo(static_cast<CompressionCodec>(42), "abc", 3, &out);
  EXPECT_EQ(st.code(), StatusCode::kNotSupported);
  EXPECT_FALSE(IsCompressionSupported(CompressionCodec::kLzo));
}

TEST(Compression, EmptyPages) {
  for (CompressionCodec codec : kWritable) {
    EXPECT_TRUE(Decompress(codec, nullptr, 0, nullptr, 0).ok()) << CompressionCodecName(codec);
  }
}

TEST(Compression, Crc32) {
  std::string check = "123456789";
  EXPECT_EQ(Crc32(Bytes(check), Size(check)), 0xCBF43926u);
  EXPECT_EQ(Crc32(nullptr, 0), 0u);
  uint32_t part = Crc32(Bytes(check), 4);
  EXPECT_EQ(Crc32(part, Bytes(check) + 4, 5), 0xCBF43926u);
}

// ---------------------------------------------------------------------------------------
// Every page of every parquet-testing file: page headers parse, pages decompress, CRCs
// (where present) match except in the files built with corrupt checksums.

struct PageWalk {
  int64_t pages = 0;
  int64_t crc_checked = 0;
  int64_t crc_mismatches = 0;
  int64_t skipped_large = 0;
};

constexpr int64_t kMaxTestPageSize = 64 << 20;

Status WalkPages(io::RandomAccessFile& file, const FileMetaData& metadata, PageWalk* walk) {
  SILT_ASSIGN_OR_RETURN(int64_t file_size, file.Size());
  for (const RowGroup& group : metadata.row_groups) {
    for (const ColumnChunk& chunk : group.columns) {
      const ColumnMetaData& md = *chunk.meta_data;
      int64_t start = md.data_page_offset;
      if (md.dictionary_page_offset && *md.dictionary_page_offset > 0 &&
          *md.dictionary_page_offset < start) {
        start = *md.dictionary_page_offset;
      }
      // Old parquet-cpp/parquet-mr writers left the dictionary page header out of
      // total_compressed_size (PARQUET-816; nation.dict-malformed.parquet); like Arrow, allow
      // up to 100 bytes of slack.
      int64_t length = std::min(md.total_compressed_size + 100, file_size - start);
      SILT_ASSIGN_OR_RETURN(BufferPtr bytes, file.ReadAt(start, length));
      int64_t pos = 0;
      int64_t values = 0;
      std::vector<uint8_t> out;
      while (pos < length && values < md.num_values) {
        int64_t header_size = 0;
        SILT_ASSIGN_OR_RETURN(PageHeader header,
                              ParsePageHeader(bytes->data() + pos, length - pos, &header_size));
        pos += header_size;
        if (header.compressed_page_size > length - pos) {
          return Status::Corrupt("page of " + std::to_string(header.compressed_page_size) +
                                 " bytes at chunk offset " + std::to_string(pos) +
                                 " runs past the column chunk of " + std::to_string(length) +
                                 " bytes (column " + md.path_in_schema.back() + ")");
        }
        const uint8_t* payload = bytes->data() + pos;
        pos += header.compressed_page_size;
        ++walk->pages;
        if (header.crc) {
          ++walk->crc_checked;
          if (static_cast<int32_t>(Crc32(payload, header.compressed_page_size)) != *header.crc) {
            ++walk->crc_mismatches;
          }
        }
        if (header.uncompressed_page_size > kMaxTestPageSize) {
          ++walk->skipped_large;  // large_string_map.brotli.parquet: 1 GiB pages
          if (header.data_page_header) values += header.data_page_header->num_values;
          continue;
        }
        out.assign(static_cast<size_t>(header.uncompressed_page_size), 0);
        if (header.type == PageType::kDataPage || header.type == PageType::kDictionaryPage) {
          SILT_RETURN_NOT_OK(Decompress(md.codec, payload, header.compressed_page_size,
                                        out.data(), header.uncompressed_page_size));
          if (header.data_page_header) values += header.data_page_header->num_values;
        } else if (header.type == PageType::kDataPageV2) {
          const DataPageHeaderV2& v2 = *header.data_page_header_v2;
          int64_t levels =
              int64_t{v2.definition_levels_byte_length} + v2.repetition_levels_byte_length;
          CompressionCodec codec = v2.is_compressed ? md.codec : CompressionCodec::kUncompressed;
          SILT_RETURN_NOT_OK(Decompress(codec, payload + levels,
                                        header.compressed_page_size - levels, out.data() + levels,
                                        header.uncompressed_page_size - levels));
          values += v2.num_values;
        }
      }
      if (values != md.num_values) {
        return Status::Corrupt("pages hold " + std::to_string(values) + " values, metadata says " +
                               std::to_string(md.num_values));
      }
    }
  }
  return Status::OK();
}

TEST(ParquetTestingFiles, EveryPageDecompresses) {
  std::string dir =
      std::string(SILT_SOURCE_DIR) + "/../shared/testdata/parquet/parquet-testing/data";
  if (!fs::exists(dir)) GTEST_SKIP() << "parquet-testing data not found under " << dir;
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.path().extension() == ".parquet") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  int64_t total_pages = 0;
  for (const auto& path : files) {
    auto file = io::LocalFileSystem()->OpenForRead(path.string());
    ASSERT_TRUE(file.ok());
    auto metadata = ReadFileMetaData(**file, nullptr);
    ASSERT_TRUE(metadata.ok()) << metadata.status().ToString();
    PageWalk walk;
    Status st = WalkPages(**file, *metadata, &walk);
    EXPECT_TRUE(st.ok()) << path.filename() << ": " << st.ToString();
    total_pages += walk.pages;
    std::string name = path.filename().string();
    bool corrupt_crc = name.find("corrupt-checksum") != std::string::npos;
    if (corrupt_crc) {
      EXPECT_GT(walk.crc_mismatches, 0) << name;
    } else {
      EXPECT_EQ(walk.crc_mismatches, 0) << name;
    }
    if (name.find("checksum") != std::string::npos) {
      EXPECT_GT(walk.crc_checked, 0) << name;
    }
  }
  EXPECT_GT(total_pages, 100);
}

}  // namespace
}  // namespace silt::parquet
