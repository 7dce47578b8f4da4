// Memory sizes as --max-memory reads and solve prints them.
#include "core/byte_size.hpp"

#include <gtest/gtest.h>

#include "core/available_memory.hpp"
#include "core/error.hpp"

namespace condnet::test {
namespace {

using ::condnet::format_byte_size;
using ::condnet::parse_byte_size;

TEST(ByteSize, SuffixesArePowersOf1024) {
  EXPECT_EQ(parse_byte_size("4096", "--max-memory"), 4096);
  EXPECT_EQ(parse_byte_size("2K", "--max-memory"), 2048);
  EXPECT_EQ(parse_byte_size("512M", "--max-memory"), 512LL << 20);
  EXPECT_EQ(parse_byte_size("8G", "--max-memory"), 8LL << 30);
  EXPECT_EQ(parse_byte_size("8g", "--max-memory"), 8LL << 30);
  EXPECT_EQ(parse_byte_size("8GB", "--max-memory"), 8LL << 30);
  EXPECT_EQ(parse_byte_size("8GiB", "--max-memory"), 8LL << 30);
  EXPECT_EQ(parse_byte_size("1.5T", "--max-memory"), 3LL << 39);
}

TEST(ByteSize, BadSizesNameTheOption) {
  for (const char* bad : {"", "G", "-1G", "0", "0.5", "8X", "1.5.2M", "8 G", "1e30T", "nanG"}) {
    try {
      parse_byte_size(bad, "--max-memory");
      ADD_FAILURE() << bad << " accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("--max-memory " + std::string(bad)), std::string::npos)
          << e.what();
    }
  }
}

TEST(ByteSize, FormatReadsBack) {
  EXPECT_EQ(format_byte_size(512), "512B");
  EXPECT_EQ(format_byte_size(8LL << 30), "8.00G");
  EXPECT_EQ(format_byte_size(176LL << 20), "176M");
  EXPECT_EQ(parse_byte_size(format_byte_size(3LL << 20), "x"), 3LL << 20);
}

// The rule on fixed readings: live readings move between two reads of /proc/meminfo (CI once
// saw MemAvailable 237 KB lower just after the call), so the rule is checked on numbers.
TEST(AvailableMemory, TheSmallerOfMemAvailableAndTheCgroupHeadroom) {
  constexpr std::int64_t kGiB = std::int64_t{1} << 30;
  EXPECT_EQ(available_memory_bytes(8 * kGiB, std::nullopt), 8 * kGiB);
  EXPECT_EQ(available_memory_bytes(8 * kGiB, 3 * kGiB), 3 * kGiB);
  EXPECT_EQ(available_memory_bytes(2 * kGiB, 3 * kGiB), 2 * kGiB);
  EXPECT_EQ(available_memory_bytes(8 * kGiB, -kGiB), 0);     // usage above the limit
  EXPECT_EQ(available_memory_bytes(0, 3 * kGiB), 3 * kGiB);  // no MemAvailable: the cgroup's
  EXPECT_EQ(available_memory_bytes(0, std::nullopt), 0);     // unknown
}

TEST(AvailableMemory, LiveReadingIsPositiveAndAtMostTheMachine) {
  const std::int64_t available = available_memory_bytes();
  EXPECT_GT(available, 0);
  EXPECT_LE(available, meminfo_bytes("MemTotal"));
  EXPECT_GT(meminfo_bytes("MemAvailable"), 0);
}

}  // namespace
}  // namespace condnet::test
