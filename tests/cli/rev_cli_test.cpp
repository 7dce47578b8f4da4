// `condnet rev` end to end: the JSON and the files it writes, the table, and bad options.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "solve/solve_test_support.hpp"
#include "test_paths.hpp"
#include "voxel/volume_io.hpp"

namespace condnet::test {
namespace {

std::filesystem::path porous_volume(const std::filesystem::path& dir) {
  const auto path = dir / "porous.npy";
  voxel::write_volume(random_volume(voxel::Shape{24, 24, 24}, 0.6, 12), path.string());
  return path;
}

TEST(RevCli, JsonTableAndFiles) {
  const auto dir = scratch_dir("rev_cli");
  const auto volume = porous_volume(dir).string();
  const auto json_out = dir / "rev.json", html = dir / "rev.html";
  const auto printed = run_condnet("rev " + volume + " --phase 1 --sizes 6,12 --positions 3 " +
                                   "--axis y --json --json-out " + json_out.string() + " --html " +
                                   html.string() + " --quiet");
  ASSERT_EQ(printed.exit_code, 0) << printed.output;
  const auto out = nlohmann::json::parse(printed.output);
  EXPECT_EQ(out["volume"], volume);
  ASSERT_EQ(out["edges"].size(), 2u);
  EXPECT_EQ(out["edges"][1]["edge"], 12);
  EXPECT_EQ(out["edges"][1]["axes"]["y"]["d_eff"].size(), 3u);
  EXPECT_FALSE(out["edges"][1]["axes"].contains("x"));
  EXPECT_TRUE(out["rev"].contains("y"));
  std::ifstream written(json_out);
  EXPECT_EQ(nlohmann::json::parse(written), out);
  EXPECT_TRUE(std::filesystem::file_size(html) > 1000);

  const auto table = run_condnet("rev " + volume + " --phase 1 --sizes 6,12 --positions 3 --quiet");
  ASSERT_EQ(table.exit_code, 0) << table.output;
  for (const char* text : {"axis x", "axis y", "axis z", "REV along z"})
    EXPECT_NE(table.output.find(text), std::string::npos) << table.output;
}

TEST(RevCli, BadOptionsEndInOneLine) {
  const auto dir = scratch_dir("rev_cli_bad");
  const auto volume = porous_volume(dir).string();
  for (const auto& [arguments, text] : std::vector<std::pair<std::string, std::string>>{
           {"--sizes 12,6", "--sizes: 6 after 12; allowed: ascending edges"},
           {"--sizes 6,x", "--sizes: '6,x' is not a list of edges"},
           {"--sizes 6,30", "--sizes: 30 is outside 2..24"},
           {"--spread -1", "--spread: -1; allowed: a number > 0"},
           {"--phase 7", "7"}}) {
    const auto result = run_condnet(
        "rev " + volume + (arguments.starts_with("--phase") ? " " : " --phase 1 ") + arguments);
    EXPECT_EQ(result.exit_code, 2) << arguments << ": " << result.output;
    EXPECT_NE(result.output.find(text), std::string::npos) << result.output;
    EXPECT_EQ(std::count(result.output.begin(), result.output.end(), '\n'), 1) << result.output;
  }
}

}  // namespace
}  // namespace condnet::test
