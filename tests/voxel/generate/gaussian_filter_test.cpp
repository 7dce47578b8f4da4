// The separable periodic filter against a direct 3D periodic convolution, and the selection of
// the largest values against a sort.
#include "voxel/generate/gaussian_filter.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace condnet::test {
namespace {

using voxel::Shape;

// The normalised kernel cut at ceil(3 sigma), indexed k + reach.
std::vector<double> kernel(double sigma) {
  const int reach = static_cast<int>(std::ceil(3 * sigma));
  std::vector<double> w;
  for (int k = -reach; k <= reach; ++k) w.push_back(std::exp(-0.5 * k * k / (sigma * sigma)));
  const double total = std::accumulate(w.begin(), w.end(), 0.0);
  for (double& v : w) v /= total;
  return w;
}

TEST(GaussianFilter, MatchesDirectPeriodicConvolution) {
  // z's kernel (reach 8) is wider than the grid (10): it wraps more than once.
  const Shape shape{8, 9, 10};
  const std::array<double, 3> sigma = {1.0, 0.7, 2.5};
  voxel::generate::Rng rng(21);
  std::vector<float> field, scratch;
  voxel::generate::fill_uniform_noise(field, shape.count(), rng);
  const std::vector<float> input = field;
  voxel::generate::gaussian_filter_periodic(field, shape, sigma, scratch);

  const auto wx = kernel(sigma[0]), wy = kernel(sigma[1]), wz = kernel(sigma[2]);
  const int rx = static_cast<int>(wx.size() / 2), ry = static_cast<int>(wy.size() / 2),
            rz = static_cast<int>(wz.size() / 2);
  const auto wrap = [](std::int64_t i, std::int64_t n) { return ((i % n) + n) % n; };
  double worst = 0;
  for (std::int64_t x = 0; x < shape.nx; ++x)
    for (std::int64_t y = 0; y < shape.ny; ++y)
      for (std::int64_t z = 0; z < shape.nz; ++z) {
        double expected = 0;
        for (int i = -rx; i <= rx; ++i)
          for (int j = -ry; j <= ry; ++j)
            for (int k = -rz; k <= rz; ++k)
              expected += wx[i + rx] * wy[j + ry] * wz[k + rz] *
                          input[shape.index(wrap(x + i, shape.nx), wrap(y + j, shape.ny),
                                            wrap(z + k, shape.nz))];
        worst = std::max(worst, std::abs(expected - field[shape.index(x, y, z)]));
      }
  EXPECT_LT(worst, 1e-6);
}

TEST(GaussianFilter, ZeroSigmaLeavesAnAxisAlone) {
  const Shape shape{5, 6, 7};
  voxel::generate::Rng rng(22);
  std::vector<float> field, scratch;
  voxel::generate::fill_uniform_noise(field, shape.count(), rng);
  const std::vector<float> input = field;
  voxel::generate::gaussian_filter_periodic(field, shape, {0, 0, 0}, scratch);
  EXPECT_EQ(field, input);
}

TEST(LabelLargest, PicksExactlyKLargestWithTiesByIndex) {
  voxel::generate::Rng rng(23);
  for (int trial = 0; trial < 30; ++trial) {
    const std::size_t n = 500 + rng.below(3000);
    std::vector<float> field(n);
    std::vector<std::uint8_t> labels(n);
    // Few distinct values: many ties; some voxels not candidates (label 7).
    const std::uint64_t distinct = trial % 2 ? 5 : 100000;
    for (std::size_t i = 0; i < n; ++i) {
      field[i] = static_cast<float>(rng.below(distinct)) * 0.25f;
      labels[i] = rng.below(4) == 0 ? 7 : 0;
    }
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < n; ++i)
      if (labels[i] == 0) candidates.push_back(i);
    const auto k = static_cast<std::int64_t>(rng.below(candidates.size() + 1));
    std::stable_sort(candidates.begin(), candidates.end(),
                     [&](std::size_t a, std::size_t b) { return field[a] > field[b]; });
    std::vector<std::uint8_t> expected = labels;
    for (std::int64_t i = 0; i < k; ++i) expected[candidates[static_cast<std::size_t>(i)]] = 1;
    std::vector<float> scratch;
    voxel::generate::label_largest(field, labels, 0, 1, k, scratch);
    EXPECT_EQ(labels, expected) << "trial " << trial;
  }
}

}  // namespace
}  // namespace condnet::test
