// The REV study (solve/rev_study.hpp) against structures whose sub-cubes have known answers, its
// positions, its verdicts both ways, bad options, and its HTML page.
#include "solve/rev_study.hpp"

#include <gtest/gtest.h>

#include <set>

#include "core/error.hpp"
#include "report/html_check.hpp"
#include "report/rev_page.hpp"
#include "solve/solve_test_support.hpp"

namespace condnet::test {
namespace {

using solve::RevOptions;
using voxel::Shape;
using voxel::Volume;

// Straight channels along x on a 4 x 4 lattice in y and z (one cell in 16): any sub-cube whose
// edge is a multiple of 4 holds edge^2 / 16 channel cells wherever it sits, so D_eff along x is
// exactly 1/16 at every position; along y and z nothing percolates.
TEST(RevStudy, ALatticeOfChannelsHasNoSpreadAndItsExactAnswerEverywhere) {
  Volume volume(Shape{40, 40, 40}, 0);
  for (std::int64_t x = 0; x < 40; ++x)
    for (std::int64_t y = 1; y < 40; y += 4)
      for (std::int64_t z = 2; z < 40; z += 4) volume(x, y, z) = 1;
  RevOptions options;
  options.edges = {8, 12, 20};
  options.positions = 5;
  const auto study = solve::rev_study(volume, solve::binary_conductivity(1), options);
  ASSERT_EQ(study.edges.size(), 3u);
  for (const auto& row : study.edges) {
    ASSERT_EQ(row.corners.size(), 5u);
    const auto& x = *row.axes[0];
    for (const double d : x.d_eff) EXPECT_NEAR(d, 1.0 / 16, 1e-7) << "edge " << row.edge;
    EXPECT_NEAR(x.spread, 0.0, 1e-6);
    EXPECT_EQ(x.percolating, 5);
    EXPECT_NEAR(x.tau_mean, 1.0, 1e-6);
    EXPECT_EQ(row.axes[1]->mean, 0.0);
    EXPECT_EQ(row.axes[1]->percolating, 0);
  }
  EXPECT_EQ(study.rev[0], 8);  // settled from the smallest edge on
  const auto json = solve::to_json(study);
  EXPECT_TRUE(json["edges"][0]["axes"]["y"]["tau_mean"].is_null());
  EXPECT_EQ(json["rev"]["x"], 8);
}

// Random voxels above the percolation threshold: small sub-cubes scatter, larger ones agree more.
// A loose threshold is reached, an impossible one is not, and the study says so.
TEST(RevStudy, TheSpreadFallsWithTheEdgeAndTheVerdictGoesBothWays) {
  const auto volume = random_volume(Shape{40, 40, 40}, 0.55, 3);
  RevOptions options;
  options.edges = {6, 12, 24};
  options.positions = 8;
  options.axes = {0};
  options.spread = 0.5;
  const auto loose = solve::rev_study(volume, solve::binary_conductivity(1), options);
  EXPECT_GT(loose.edges[0].axes[0]->spread, loose.edges[2].axes[0]->spread);
  ASSERT_TRUE(loose.rev[0].has_value());
  EXPECT_FALSE(loose.edges[0].axes[1].has_value());  // y was not asked for
  options.spread = 1e-6;
  const auto tight = solve::rev_study(volume, solve::binary_conductivity(1), options);
  EXPECT_FALSE(tight.rev[0].has_value());
  EXPECT_TRUE(solve::to_json(tight)["rev"]["x"].is_null());
  EXPECT_FALSE(solve::to_json(tight)["rev"].contains("y"));
}

TEST(RevStudy, PositionsAreDistinctInsideAndFollowTheSeed) {
  const auto volume = random_volume(Shape{20, 18, 16}, 0.6, 4);
  RevOptions options;
  options.edges = {5, 15, 16};
  options.positions = 8;
  options.axes = {2};
  const auto study = solve::rev_study(volume, solve::binary_conductivity(1), options);
  for (const auto& row : study.edges) {
    std::set<std::array<std::int64_t, 3>> distinct(row.corners.begin(), row.corners.end());
    EXPECT_EQ(distinct.size(), row.corners.size());
    for (const auto& c : row.corners) {
      EXPECT_LE(c[0] + row.edge, 20);
      EXPECT_LE(c[1] + row.edge, 18);
      EXPECT_LE(c[2] + row.edge, 16);
    }
  }
  EXPECT_EQ(study.edges[0].corners.size(), 8u);
  EXPECT_EQ(study.edges[2].corners.size(), 8u);  // of the 5 x 3 x 1 = 15 that exist
  // The same corners again from the same seed, others from another.
  const auto again = solve::rev_study(volume, solve::binary_conductivity(1), options);
  EXPECT_EQ(again.edges[0].corners, study.edges[0].corners);
  options.seed = 99;
  const auto other = solve::rev_study(volume, solve::binary_conductivity(1), options);
  EXPECT_NE(other.edges[0].corners, study.edges[0].corners);
}

// Every corner of a cube one voxel smaller than the volume: the 8 corners of {0, 1}^3, whose
// pairs share ((e - 1) / e)^d of their voxels when they differ along d axes (12 pairs with
// d = 1, 12 with d = 2, 4 with d = 3).
TEST(RevStudy, FewerPositionsThanAskedTakesAllAndMeasuresTheirOverlap) {
  const auto volume = random_volume(Shape{11, 11, 11}, 0.7, 6);
  RevOptions options;
  options.edges = {10, 11};
  options.positions = 20;
  options.axes = {0};
  const auto study = solve::rev_study(volume, solve::binary_conductivity(1), options);
  EXPECT_EQ(study.edges[0].corners.size(), 8u);
  const double r = 0.9;
  EXPECT_NEAR(study.edges[0].overlap, (12 * r + 12 * r * r + 4 * r * r * r) / 28, 1e-12);
  ASSERT_EQ(study.edges[1].corners.size(), 1u);  // the whole volume: no spread to judge
  EXPECT_EQ(study.edges[1].axes[0]->std, 0.0);
}

TEST(RevStudy, BadOptionsAreOneLineNamingTheOption) {
  const Shape shape{30, 20, 25};
  const auto expect_error = [&](RevOptions options, const std::string& text) {
    try {
      solve::check_rev_options(options, shape);
      ADD_FAILURE() << text << " accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
    }
  };
  RevOptions too_large;
  too_large.edges = {8, 21};
  expect_error(too_large, "--sizes: 21 is outside 2..20");
  RevOptions descending;
  descending.edges = {12, 8};
  expect_error(descending, "--sizes: 8 after 12; allowed: ascending");
  RevOptions no_positions;
  no_positions.positions = 0;
  expect_error(no_positions, "--positions: 0");
  RevOptions no_spread;
  no_spread.spread = 0;
  expect_error(no_spread, "--spread: 0; allowed: a number > 0");
}

TEST(RevStudy, DefaultEdgesClimbToHalfTheShortestExtent) {
  EXPECT_EQ(solve::default_rev_edges(Shape{500, 500, 500}),
            (std::vector<std::int64_t>{16, 24, 32, 48, 64, 96, 128, 192}));
  EXPECT_EQ(solve::default_rev_edges(Shape{256, 300, 200}),
            (std::vector<std::int64_t>{16, 24, 32, 48, 64, 96}));
  EXPECT_EQ(solve::default_rev_edges(Shape{20, 20, 20}), (std::vector<std::int64_t>{5, 10, 20}));
}

TEST(RevStudy, ThePageIsWellFormedWithBothChartsAndEveryVerdict) {
  const auto volume = random_volume(Shape{24, 24, 24}, 0.6, 8);
  RevOptions options;
  options.edges = {6, 12};
  options.positions = 4;
  const auto study = solve::rev_study(volume, solve::binary_conductivity(1), options);
  const auto html = report::rev_page(study, "a <test> volume");
  const auto check = check_html(html, scratch_dir("rev_page"), "rev");
  expect_well_formed(check);
  EXPECT_EQ(check["text"]["html/body/h1"], "REV study: a <test> volume");
  std::size_t charts = 0;
  for (std::size_t at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1))
    ++charts;
  EXPECT_EQ(charts, 2u);
  for (const char* axis : {"x: ", "y: ", "z: "})
    EXPECT_NE(check["text"]["html/body/ul/li"].get<std::string>().find(axis), std::string::npos);
}

}  // namespace
}  // namespace condnet::test
