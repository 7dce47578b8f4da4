#pragma once
// Small datasets for the dataset tests, and labels that are a known function of the sample.
#include <cmath>
#include <filesystem>
#include <limits>

#include "data/dataset_file.hpp"
#include "data/generate_dataset.hpp"

namespace condnet::test {

// `count` gaussian-field samples of 12 x 10 x 8 (porosity drawn per sample) with `seed`.
inline void make_small_dataset(const std::filesystem::path& path, std::int64_t count,
                               std::uint64_t seed = 9, int threads = 2) {
  const auto generator = voxel::generate::make_generator(
      {{"family", "gaussian-field"}, {"porosity", {0.2, 0.7}}, {"correlation-length", 1.5}});
  data::GenerateOptions options;
  options.shape = {12, 10, 8};
  options.count = count;
  options.seed = seed;
  options.threads = threads;
  data::generate_dataset(*generator, options, path, [](std::int64_t) {});
}

// Labels a labeller might write for sample `index`: every field a different function of it,
// non-percolating axes with d_eff 0 and tau +infinity.
inline data::SampleLabels known_labels(std::int64_t index) {
  data::SampleLabels labels;
  labels.index = index;
  for (int a = 0; a < 3; ++a) {
    data::AxisLabel& l = labels.axes[static_cast<std::size_t>(a)];
    l.percolates = (index + a) % 4 != 0;
    l.d_eff = l.percolates ? 0.01 * static_cast<double>(index % 50) + 0.001 * a + 0.0005 : 0.0;
    l.tau = l.percolates ? 0.5 / l.d_eff : std::numeric_limits<double>::infinity();
    l.tau_percolating = l.percolates ? 0.4 / l.d_eff : std::numeric_limits<double>::infinity();
    l.percolating_fraction = l.percolates ? 0.4 : 0.0;
    l.status = index % 7 == 3 ? data::LabelStatus::not_converged : data::LabelStatus::converged;
    l.iterations = static_cast<std::int32_t>(3 * index + a);
    l.relative_residual = 1e-7 * static_cast<double>(a + 1);
    l.flux_mismatch = 1e-9 * static_cast<double>(index);
  }
  return labels;
}

inline bool same_double(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

inline bool same_labels(const data::SampleLabels& a, const data::SampleLabels& b) {
  for (std::size_t i = 0; i < 3; ++i) {
    const data::AxisLabel &x = a.axes[i], &y = b.axes[i];
    if (!same_double(x.d_eff, y.d_eff) || !same_double(x.tau, y.tau) ||
        !same_double(x.tau_percolating, y.tau_percolating) ||
        !same_double(x.percolating_fraction, y.percolating_fraction) ||
        !same_double(x.relative_residual, y.relative_residual) ||
        !same_double(x.flux_mismatch, y.flux_mismatch) || x.percolates != y.percolates ||
        x.status != y.status || x.iterations != y.iterations)
      return false;
  }
  return a.index == b.index;
}

}  // namespace condnet::test
