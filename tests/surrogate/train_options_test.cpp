// TrainOptions::check: options that arrive as JSON (Python's condnet.train) are held to the
// ranges the command line checks as it parses.
#include "surrogate/train_options.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace condnet::surrogate {
namespace {

std::string refusal(const nlohmann::json& json) {
  try {
    TrainOptions::from_json(json, "train").check("train");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(TrainOptionsCheck, TheDefaultsPassAndOutOfRangeValuesAreNamed) {
  EXPECT_EQ(refusal(nlohmann::json::object()), "");
  EXPECT_EQ(refusal({{"batch", 0}}), "train: batch is 0; allowed: >= 1");
  EXPECT_EQ(refusal({{"epochs", -2}}), "train: epochs is -2; allowed: >= 1");
  EXPECT_EQ(refusal({{"accum", 0}}), "train: accum is 0; allowed: >= 1");
  EXPECT_EQ(refusal({{"patience", -1}}), "train: patience is -1; allowed: >= 0");
  EXPECT_EQ(refusal({{"lr", 0.0}}), "train: lr is 0; allowed: > 0");
  EXPECT_EQ(refusal({{"weight_decay", -1e-4}}), "train: weight_decay is -0.0001; allowed: >= 0");
  EXPECT_EQ(refusal({{"epoch", 3}}), "train: unknown training option 'epoch'");
}

}  // namespace
}  // namespace condnet::surrogate
