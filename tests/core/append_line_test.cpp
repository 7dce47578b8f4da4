#include "core/append_line.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "test_paths.hpp"

namespace condnet::test {
namespace {

std::string error_of(const std::filesystem::path& path) {
  try {
    append_line(path, R"({"epoch": 1})", "metrics");
  } catch (const Error& e) {
    return e.what();
  }
  return "appended";
}

TEST(AppendLine, AppendsWholeLinesToANewOrExistingFile) {
  const auto path = scratch_dir("append_line") / "metrics.jsonl";
  append_line(path, R"({"epoch": 1})", "metrics");
  append_line(path, R"({"epoch": 2})", "metrics");
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "{\"epoch\": 1}\n{\"epoch\": 2}\n");
}

TEST(AppendLine, AFullDiskIsOneLineWithTheReason) {
  EXPECT_EQ(error_of("/dev/full"),
            "/dev/full: cannot append to the metrics: No space left on device");
}

TEST(AppendLine, AMissingFolderIsOneLineWithTheReason) {
  const auto path = scratch_dir("append_line_missing") / "gone" / "metrics.jsonl";
  EXPECT_EQ(error_of(path),
            path.string() + ": cannot append to the metrics: No such file or directory");
}

}  // namespace
}  // namespace condnet::test
