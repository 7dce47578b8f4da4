#include "data/dataset_summary.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace condnet::data {

namespace {

// Minimum, mean and maximum of the values added.
class RangeStats {
 public:
  void add(double value) {
    min_ = std::min(min_, value);
    max_ = std::max(max_, value);
    sum_ += value;
    ++count_;
  }
  nlohmann::json to_json() const {
    if (count_ == 0) return nullptr;
    return {{"min", min_}, {"mean", sum_ / static_cast<double>(count_)}, {"max", max_}};
  }

 private:
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
  double sum_ = 0;
  std::int64_t count_ = 0;
};

}  // namespace

nlohmann::json summarize(const DatasetFile& dataset) {
  const std::int64_t n = dataset.count();
  const std::vector<Split> splits = dataset.splits();
  const std::vector<Provenance> provenance = dataset.provenance();
  const std::vector<std::uint8_t> labelled = dataset.labelled();
  const std::vector<double> fractions = dataset.phase_fractions();
  const std::vector<SampleLabels> labels = dataset.labels();
  const voxel::Shape& shape = dataset.sample_shape();

  nlohmann::json split_counts = {{"train", 0}, {"val", 0}, {"test", 0}};
  std::map<std::string, nlohmann::json> families;
  RangeStats conducting;
  std::int64_t labelled_count = 0;
  std::array<RangeStats, 3> d_eff, tau;
  std::array<std::int64_t, 3> not_percolating{}, not_converged{}, failed{};
  for (std::int64_t i = 0; i < n; ++i) {
    const auto s = static_cast<std::size_t>(i);
    const std::string split(split_name(splits[s]));
    split_counts[split] = split_counts[split].get<std::int64_t>() + 1;
    nlohmann::json& family = families[provenance[s].family];
    if (family.is_null()) family = {{"train", 0}, {"val", 0}, {"test", 0}, {"total", 0}};
    family[split] = family[split].get<std::int64_t>() + 1;
    family["total"] = family["total"].get<std::int64_t>() + 1;
    if (dataset.phases() > kConductingLabel)
      conducting.add(fractions[s * static_cast<std::size_t>(dataset.phases()) + kConductingLabel]);
    if (!labelled[s]) continue;
    ++labelled_count;
    for (std::size_t a = 0; a < 3; ++a) {
      const AxisLabel& label = labels[s].axes[a];
      if (label.status == LabelStatus::failed) {
        ++failed[a];
        continue;
      }
      if (label.status == LabelStatus::not_converged) ++not_converged[a];
      if (!label.percolates) {
        ++not_percolating[a];
        continue;
      }
      d_eff[a].add(label.d_eff);
      if (std::isfinite(label.tau)) tau[a].add(label.tau);
    }
  }
  nlohmann::json axes = nlohmann::json::object();
  for (std::size_t a = 0; a < 3; ++a)
    axes[std::string(1, "xyz"[a])] = {{"d_eff", d_eff[a].to_json()},
                                      {"tau", tau[a].to_json()},
                                      {"not_percolating", not_percolating[a]},
                                      {"not_converged", not_converged[a]},
                                      {"failed", failed[a]}};
  const SplitFractions split = dataset.split_fractions();
  return {{"file", dataset.path().string()},
          {"version", dataset.version()},
          {"samples", n},
          {"sample_shape", {shape.nx, shape.ny, shape.nz}},
          {"phases", dataset.phases()},
          {"description", dataset.description()},
          {"split_fractions", {split.train, split.val, split.test}},
          {"splits", split_counts},
          {"families", families},
          {"labelled", labelled_count},
          {"unlabelled", n - labelled_count},
          {"conducting_fraction", conducting.to_json()},
          {"labels", axes},
          {"solver_settings", dataset.solver_settings()}};
}

}  // namespace condnet::data
