// Optimizers against their update rules written out by hand for a few steps.
#include "train/optimizer.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "train/lr_schedule.hpp"

namespace condnet::test {
namespace {

std::unique_ptr<train::Optimizer> make(const std::string& json, std::size_t floats) {
  return train::make_optimizer(nlohmann::json::parse(json), floats, "optimizer");
}

TEST(Optimizer, SgdMomentumAndNesterov) {
  const std::vector<float> g1{1.0f}, g2{0.5f};
  for (const bool nesterov : {false, true}) {
    auto sgd = make(R"({"type": "sgd", "lr": 0.1, "momentum": 0.9, "weight_decay": 0.01,
                        "nesterov": )" +
                        std::string(nesterov ? "true" : "false") + "}",
                    1);
    std::vector<float> p{2.0f};
    double w = 2.0, buf = 0;
    for (int step = 0; step < 2; ++step) {
      const double g = (step == 0 ? g1[0] : g2[0]) + 0.01 * w;
      buf = step == 0 ? g : 0.9 * buf + g;
      w -= 0.1 * (nesterov ? g + 0.9 * buf : buf);
      sgd->step(p, step == 0 ? g1 : g2, 0.1);
    }
    EXPECT_NEAR(p[0], w, 1e-6) << nesterov;
  }
}

TEST(Optimizer, AdamAndAdamW) {
  const std::vector<std::vector<float>> grads{{0.3f, -2.0f}, {0.1f, -1.0f}, {-0.2f, 0.5f}};
  for (const bool decoupled : {false, true}) {
    auto adam = make(std::string(R"({"type": ")") + (decoupled ? "adamw" : "adam") +
                         R"(", "lr": 0.01, "weight_decay": 0.1})",
                     2);
    std::vector<float> p{1.0f, -0.5f};
    for (int i = 0; i < 2; ++i) {
      double w = p[i], m = 0, v = 0;
      for (int t = 1; t <= 3; ++t) {
        double g = grads[t - 1][i];
        if (decoupled)
          w *= 1 - 0.01 * 0.1;
        else
          g += 0.1 * w;
        m = 0.9 * m + 0.1 * g;
        v = 0.999 * v + 0.001 * g * g;
        const double mhat = m / (1 - std::pow(0.9, t)), vhat = v / (1 - std::pow(0.999, t));
        w -= 0.01 * mhat / (std::sqrt(vhat) + 1e-8);
      }
      std::vector<float> q = p;
      auto single = make(std::string(R"({"type": ")") + (decoupled ? "adamw" : "adam") +
                             R"(", "lr": 0.01, "weight_decay": 0.1})",
                         2);
      for (int t = 0; t < 3; ++t) single->step(q, grads[t], 0.01);
      EXPECT_NEAR(q[i], w, 1e-6) << (decoupled ? "adamw " : "adam ") << i;
    }
    EXPECT_EQ(adam->state().size(), 2u);
  }
}

TEST(Optimizer, RejectsUnknownOptions) {
  EXPECT_THROW(make(R"({"type": "lbfgs"})", 1), Error);
  EXPECT_THROW(make(R"({"type": "adam", "beta": 0.9})", 1), Error);
  EXPECT_THROW(make(R"({"type": "sgd", "nesterov": true})", 1), Error);
  EXPECT_EQ(make(R"({"type": "adamw"})", 1)->to_json()["weight_decay"], 0.01);
}

TEST(LrSchedule, WarmupCosineAndStep) {
  const auto cosine = train::LrSchedule::parse(
      nlohmann::json::parse(R"({"type": "cosine", "warmup": 10, "total": 110, "min_lr": 0.1})"),
      "schedule");
  EXPECT_DOUBLE_EQ(cosine.at(1.0, 0), 0.1);  // (0 + 1) / 10
  EXPECT_DOUBLE_EQ(cosine.at(1.0, 9), 1.0);
  EXPECT_DOUBLE_EQ(cosine.at(1.0, 10), 1.0);
  EXPECT_NEAR(cosine.at(1.0, 60), 0.1 + 0.45, 1e-12);  // half way: cos = 0
  EXPECT_DOUBLE_EQ(cosine.at(1.0, 110), 0.1);
  EXPECT_DOUBLE_EQ(cosine.at(1.0, 500), 0.1);
  const auto step = train::LrSchedule::parse(
      nlohmann::json::parse(R"({"type": "step", "step_size": 5, "gamma": 0.5})"), "schedule");
  EXPECT_DOUBLE_EQ(step.at(2.0, 4), 2.0);
  EXPECT_DOUBLE_EQ(step.at(2.0, 5), 1.0);
  EXPECT_DOUBLE_EQ(step.at(2.0, 12), 0.5);
  EXPECT_THROW(train::LrSchedule::parse("linear", "schedule"), Error);
  EXPECT_EQ(train::LrSchedule::parse(step.to_json(), "x").to_json(), step.to_json());
}

}  // namespace
}  // namespace condnet::test
