#include "data/label_sample.hpp"

namespace condnet::data {

namespace {

solve::SolveOptions solve_options(const LabelSettings& settings, int axis) {
  solve::SolveOptions options;
  options.axis = axis;
  options.periodic_sides = false;
  options.tolerance = settings.tolerance;
  options.max_iterations = settings.max_iterations;
  options.method = solve::SolveOptions::Method::multigrid;
  return options;
}

}  // namespace

nlohmann::json settings_json(const LabelSettings& settings) {
  nlohmann::json out = {{"solver", solve::method_name(solve::SolveOptions::Method::multigrid)},
                        {"tolerance", settings.tolerance},
                        {"max_iterations", settings.max_iterations},
                        {"sides", "noflux"},
                        {"conducting_label", kConductingLabel}};
  // Datasets labelled before spacings existed keep their settings (and their labels).
  if (settings.spacing != voxel::kUnitSpacing) out["spacing"] = settings.spacing;
  return out;
}

AxisLabel axis_label(const solve::SolveResult& result) {
  AxisLabel label;
  label.d_eff = result.d_eff;
  label.tau = result.tau_total;
  label.tau_percolating = result.tau_percolating;
  label.percolating_fraction = result.eps_percolating;
  label.percolates = result.percolating;
  label.status = result.converged ? LabelStatus::converged : LabelStatus::not_converged;
  label.iterations = result.iterations;
  label.relative_residual = result.relative_residual;
  label.flux_mismatch = result.flux_mismatch;
  return label;
}

SampleLabels label_sample(std::int64_t index, const voxel::Volume& volume,
                          const LabelSettings& settings) {
  static const auto conductivity = solve::binary_conductivity(kConductingLabel);
  voxel::Volume spaced = volume;  // a copy costs little next to three solves
  spaced.set_spacing(settings.spacing);
  SampleLabels labels;
  labels.index = index;
  for (int axis = 0; axis < 3; ++axis)
    labels.axes[static_cast<std::size_t>(axis)] =
        axis_label(solve::solve_axis(spaced, conductivity, solve_options(settings, axis)));
  return labels;
}

}  // namespace condnet::data
