#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_paths.hpp"

namespace condnet::test {

TEST(Cli, VersionAndHelpExitZero) {
  EXPECT_EQ(run_condnet("--version").exit_code, 0);
  const auto help = run_condnet("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("info"), std::string::npos);
}

TEST(Cli, UnknownSubcommandIsOneLineExitTwo) {
  const auto result = run_condnet("frobnicate");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(std::count(result.output.begin(), result.output.end(), '\n'), 1) << result.output;
}

TEST(Cli, InfoJsonNamesLibraries) {
  const auto result = run_condnet("info --json");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto info = nlohmann::json::parse(result.output);
  EXPECT_GT(info["logical_cores"].get<int>(), 0);
  EXPECT_GT(info["memory_total_bytes"].get<long long>(), 0);
  EXPECT_FALSE(info["onednn"]["version"].get<std::string>().empty());
  EXPECT_FALSE(info["mpi"].get<std::string>().empty());
}

}  // namespace condnet::test
