// Number options refuse bad values in one line that says what is allowed.
#include "cli/validators.hpp"

#include <gtest/gtest.h>

#include "test_paths.hpp"

namespace condnet::cli {
namespace {

std::string check(const CLI::Validator& validator, std::string text) { return validator(text); }

TEST(Validators, SayWhatIsAllowed) {
  EXPECT_EQ(check(positive(), "3"), "");
  EXPECT_EQ(check(positive(), "0.5"), "");
  EXPECT_EQ(check(positive(), "0"), "must be > 0, got 0");
  EXPECT_EQ(check(positive(), "-2"), "must be > 0, got -2");
  EXPECT_EQ(check(positive(), "four"), "must be a number > 0, got 'four'");
  EXPECT_EQ(check(non_negative(), "0"), "");
  EXPECT_EQ(check(non_negative(), "-1"), "must be >= 0, got -1");
  EXPECT_EQ(check(non_negative(), ""), "must be a number >= 0, got ''");
}

TEST(Validators, CommandLineNamesTheOption) {
  // Any existing file passes --data's own check.
  const auto result =
      test::run_condnet(std::string("train --data ") + CONDNET_BINARY + " -o run --batch 0");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.output.find("--batch: must be > 0, got 0"), std::string::npos) << result.output;
  EXPECT_EQ(result.output.find("179769"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace condnet::cli
