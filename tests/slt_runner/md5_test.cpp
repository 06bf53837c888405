#include "silt/slt/md5.h"

#include <gtest/gtest.h>

#include <string>

#include "silt/slt/compare.h"

namespace silt::slt {
namespace {

TEST(SltMd5, Rfc1321TestSuite) {
  EXPECT_EQ(Md5Hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(Md5Hex("a"), "0cc175b9c0f1b6a831c399e269772661");
  EXPECT_EQ(Md5Hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(Md5Hex("message digest"), "f96b697d7cb7938d525a2f31aaf161d0");
  EXPECT_EQ(Md5Hex("abcdefghijklmnopqrstuvwxyz"), "c3fcd3d76192e4007dfb496cca67e13b");
  EXPECT_EQ(Md5Hex("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
            "d174ab98d277d9f5a5611c2c9f419d9f");
  EXPECT_EQ(Md5Hex("1234567890123456789012345678901234567890123456789012345678901234567890"
                   "1234567890"),
            "57edf4a22be3c955ac49da2e2107b67a");
}

// Message lengths around the padding boundaries (56 and 64 bytes); digests from Python's
// hashlib.
TEST(SltMd5, PaddingBoundaries) {
  EXPECT_EQ(Md5Hex(std::string(55, 'a')), "ef1772b6dff9a122358552954ad0df65");
  EXPECT_EQ(Md5Hex(std::string(56, 'a')), "3b0c8ac703f828b04c6c197006d17218");
  EXPECT_EQ(Md5Hex(std::string(63, 'a')), "b06521f39153d618550606be297466d5");
  EXPECT_EQ(Md5Hex(std::string(64, 'a')), "014842d480b571495a4a0363793f7367");
  EXPECT_EQ(Md5Hex(std::string(65, 'a')), "c743a45e0d2e6a95cb859adae0248435");
  EXPECT_EQ(Md5Hex(std::string(1000, 'a')), "cabe45dcc9ae5b66ba86600cca6b8ba8");
}

TEST(SltMd5, IncrementalUpdatesEqualOneShot) {
  std::string text;
  for (int i = 0; i < 300; ++i) text += static_cast<char>('a' + i % 26);
  for (size_t step : {1, 3, 7, 63, 64, 65, 200}) {
    Md5 md5;
    for (size_t i = 0; i < text.size(); i += step)
      md5.Update(std::string_view(text).substr(i, step));
    EXPECT_EQ(md5.HexDigest(), Md5Hex(text)) << "step " << step;
  }
}

TEST(SltMd5, ValuesHashLikeSqllogictest) {
  // Each value followed by '\n': md5("1\n2\n3\n").
  EXPECT_EQ(HashValues({"1", "2", "3"}), "c0710d6b4f15dfa88f600b0e6b624077");
  EXPECT_EQ(HashValues({}), "d41d8cd98f00b204e9800998ecf8427e");
}

}  // namespace
}  // namespace silt::slt
