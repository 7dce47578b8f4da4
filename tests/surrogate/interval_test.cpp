// Calibrated intervals (surrogate/interval.hpp) and the input domain (input_domain.hpp):
// the conformal rank, coverage on synthetic ensembles whose errors scale with their spread,
// clipping to the physical bounds, and what falls outside the training ranges.
#include "surrogate/interval.hpp"

#include <gtest/gtest.h>

#include <random>

#include "core/error.hpp"
#include "surrogate/input_domain.hpp"

namespace condnet::surrogate {
namespace {

TEST(Interval, TheScaleIsTheConformalRankOfTheScores) {
  std::vector<double> scores;
  for (int i = 100; i >= 1; --i) scores.push_back(i);
  const auto c = fit_calibration(scores, 0.9);
  EXPECT_EQ(c.scale(), 91.0);  // ceil(101 * 0.9) = 91st smallest
  EXPECT_EQ(c.axes, 100);
  EXPECT_EQ(fit_calibration({3.0, 1.0}, 0.9).scale(), 3.0);  // rank past n: the largest
}

// Synthetic ensembles: 5 members around a centre, the truth off the centre by noise twice the
// members' spread, spreads varying over two decades. Fitted on one half, the 90% intervals
// cover 90% of the other half (within sampling error), and 80% ones 80%.
TEST(Interval, CalibratedIntervalsCoverTheirShareOfNewAxes) {
  std::mt19937 rng(11);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> uniform(-2, 0);
  struct Axis {
    std::vector<double> members;
    double truth;
  };
  std::vector<Axis> axes;
  for (int i = 0; i < 4000; ++i) {
    const double spread = std::pow(10.0, uniform(rng)) * 0.05, centre = 0.5;
    Axis axis;
    for (int k = 0; k < 5; ++k) axis.members.push_back(centre + spread * normal(rng));
    axis.truth = centre + 2 * spread * normal(rng);
    axes.push_back(axis);
  }
  for (const double coverage : {0.8, 0.9}) {
    std::vector<double> scores;
    for (int i = 0; i < 2000; ++i)
      scores.push_back(conformal_score(axes[i].members, axes[i].truth));
    const auto calibration = fit_calibration(scores, coverage);
    int covered = 0;
    for (int i = 2000; i < 4000; ++i)
      covered += estimate(axes[i].members, 10.0, calibration).covers(axes[i].truth);
    EXPECT_NEAR(covered / 2000.0, coverage, 0.025) << coverage;
  }
}

// A family the members never saw: the truth off their centre by noise six times their spread
// (twice on the val split). Val-calibrated intervals cover far less than 90% of it; widened by
// held-out scores of other such axes they cover 90%, and the val scale stays recorded.
TEST(Interval, HeldOutScoresCalibrateForAnUnseenFamily) {
  std::mt19937 rng(5);
  std::normal_distribution<double> normal;
  const auto draw = [&](double error) {
    std::vector<double> members;
    const double spread = 0.01;
    for (int k = 0; k < 5; ++k) members.push_back(0.5 + spread * normal(rng));
    return std::pair{members, 0.5 + error * spread * normal(rng)};
  };
  std::vector<double> val, held_out;
  for (int i = 0; i < 2000; ++i) {
    const auto [seen, truth] = draw(2);
    val.push_back(conformal_score(seen, truth));
    const auto [unseen, unseen_truth] = draw(6);
    held_out.push_back(conformal_score(unseen, unseen_truth));
  }
  const auto plain = fit_calibration(val, 0.9);
  const auto widened = with_held_out(plain, held_out, {"spheres"});
  EXPECT_EQ(widened.val_scale, plain.scale());
  ASSERT_TRUE(widened.held_out);
  EXPECT_EQ(widened.held_out->axes, 2000);
  EXPECT_GT(widened.scale(), 2 * plain.scale());
  EXPECT_EQ(widened.scale(), std::max(plain.scale(), widened.held_out->scale));
  int plain_covered = 0, widened_covered = 0;
  for (int i = 0; i < 2000; ++i) {
    const auto [members, truth] = draw(6);
    plain_covered += estimate(members, 10.0, plain).covers(truth);
    widened_covered += estimate(members, 10.0, widened).covers(truth);
  }
  EXPECT_LT(plain_covered / 2000.0, 0.7);
  EXPECT_NEAR(widened_covered / 2000.0, 0.9, 0.025);

  // ensemble.json keeps both scales; one written before held-out calibration reads as val only.
  const auto again = Calibration::from_json(widened.to_json(), "ensemble.json");
  EXPECT_EQ(again.scale(), widened.scale());
  EXPECT_EQ(again.val_scale, widened.val_scale);
  ASSERT_TRUE(again.held_out);
  EXPECT_EQ(again.held_out->families, std::vector<std::string>{"spheres"});
  auto old = plain.to_json();
  old.erase("val_scale");
  const auto read = Calibration::from_json(old, "ensemble.json");
  EXPECT_EQ(read.val_scale, plain.scale());
  EXPECT_FALSE(read.held_out);
  auto damaged = widened.to_json();
  damaged["held_out"].erase("axes");
  EXPECT_THROW(Calibration::from_json(damaged, "ensemble.json"), Error);
  auto inconsistent = widened.to_json();
  inconsistent["scale"] = widened.val_scale;  // not the larger of the two
  EXPECT_THROW(Calibration::from_json(inconsistent, "ensemble.json"), Error);
}

TEST(Interval, ClippedToTheBoundsAndAbsentWithoutCalibration) {
  const std::vector<double> members = {0.10, 0.12, 0.14};
  const auto plain = estimate(members, 0.2, std::nullopt);
  EXPECT_NEAR(plain.mean, 0.12, 1e-12);
  EXPECT_NEAR(plain.std, 0.02, 1e-12);
  EXPECT_FALSE(plain.lo || plain.hi);
  Calibration wide;
  wide.val_scale = 100;
  wide.axes = 10;
  const auto clipped = estimate(members, 0.2, wide);
  EXPECT_EQ(*clipped.lo, 0.0);
  EXPECT_EQ(*clipped.hi, 0.2);
  const auto zero = estimate(std::vector<double>{0, 0, 0}, 0.0, wide);  // nothing spans
  EXPECT_EQ(*zero.lo, 0.0);
  EXPECT_EQ(*zero.hi, 0.0);
  EXPECT_TRUE(zero.covers(0.0));
}

TEST(InputDomain, NamesTheStatisticsOutsideTheTrainingRanges) {
  std::vector<CubeStatistics> training;
  for (int i = 0; i <= 1000; ++i) {
    const double t = i / 1000.0;
    training.push_back({0.3 + 0.5 * t, 0.1 + 0.2 * t, 0.9 + 0.1 * t, 2 + 4 * t, 1 + t});
  }
  const auto domain = fit_domain(training, {0.01, 0.02, 0.03});
  EXPECT_TRUE(domain.outside({0.5, 0.2, 0.95, 4, 1.5}).empty());
  const auto outside = domain.outside({0.05, 0.2, 0.95, 4, 9});
  ASSERT_EQ(outside.size(), 2u);
  EXPECT_NE(outside[0].find("porosity 0.05 (trained 0.3"), std::string::npos) << outside[0];
  EXPECT_NE(outside[1].find("anisotropy 9"), std::string::npos) << outside[1];
  EXPECT_EQ(domain.handover("", 0.001), "");
  EXPECT_NE(domain.handover("", 0.5).find("members disagree"), std::string::npos);
  const auto back = InputDomain::from_json(domain.to_json(), "test");
  EXPECT_EQ(back.outside({0.05, 0.2, 0.95, 4, 9}), outside);
  EXPECT_THROW(InputDomain::from_json({{"ranges", {}}}, "ensemble.json"), Error);
}

}  // namespace
}  // namespace condnet::surrogate
