#include "train/loss.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/error.hpp"

namespace condnet::test {
namespace {

TEST(Loss, ValuesMatchTheirDefinitions) {
  const std::vector<float> p{1.0f, -2.0f, 0.5f, 3.0f}, t{0.0f, 0.0f, 0.5f, 0.5f};
  std::vector<float> g(4);
  // mse: (1 + 4 + 0 + 6.25) / 4
  EXPECT_DOUBLE_EQ(train::Loss{train::LossKind::mse}.evaluate(p, t, g), 11.25 / 4);
  EXPECT_FLOAT_EQ(g[1], 2 * -2.0f / 4);
  // l1: (1 + 2 + 0 + 2.5) / 4
  EXPECT_DOUBLE_EQ(train::Loss{train::LossKind::l1}.evaluate(p, t, g), 5.5 / 4);
  EXPECT_FLOAT_EQ(g[2], 0.0f);
  EXPECT_FLOAT_EQ(g[3], 0.25f);
  // huber, delta 1: 0.5 + (2 - 0.5) + 0 + (2.5 - 0.5)
  EXPECT_DOUBLE_EQ((train::Loss{train::LossKind::huber, 1.0}.evaluate(p, t, g)), 4.0 / 4);
}

TEST(Loss, GradientsMatchCentralDifferences) {
  std::vector<float> p{0.3f, -1.7f, 2.2f, 0.05f}, t{0.0f, -1.0f, 0.4f, 0.0f}, g(4), scratch(4);
  for (const char* name : {"mse", "l1", "huber"}) {
    const auto loss = train::Loss::parse(name, "--loss");
    loss.evaluate(p, t, g);
    for (std::size_t i = 0; i < p.size(); ++i) {
      auto plus = p, minus = p;
      plus[i] += 1e-3f;
      minus[i] -= 1e-3f;
      const double numeric =
          (loss.evaluate(plus, t, scratch) - loss.evaluate(minus, t, scratch)) / 2e-3;
      EXPECT_NEAR(g[i], numeric, 1e-3) << name << " " << i;
    }
  }
}

TEST(Loss, ParsesAndRejects) {
  EXPECT_EQ(
      train::Loss::parse(nlohmann::json::parse(R"({"type": "huber", "delta": 0.5})"), "x").delta,
      0.5);
  EXPECT_THROW(train::Loss::parse("hinge", "--loss"), Error);
  EXPECT_THROW(train::Loss::parse(nlohmann::json::parse(R"({"type": "mse", "delta": 1})"), "x"),
               Error);
}

}  // namespace
}  // namespace condnet::test
