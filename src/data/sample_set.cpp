#include "data/sample_set.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace condnet::data {

namespace {

bool converged(const SampleLabels& labels) {
  return std::all_of(labels.axes.begin(), labels.axes.end(),
                     [](const AxisLabel& axis) { return axis.status == LabelStatus::converged; });
}

}  // namespace

void conducting_mask(const SampleSet& set, std::int64_t i, std::span<std::uint8_t> out) {
  CONDNET_ASSERT(static_cast<std::int64_t>(out.size()) == set.voxels());
  std::transform(set.volume(i), set.volume(i) + set.voxels(), out.begin(), [](std::uint8_t label) {
    return static_cast<std::uint8_t>(label == kConductingLabel);
  });
}

SampleSet load_samples(const std::vector<std::filesystem::path>& files,
                       const SampleSelection& selection, SampleSetReport* report) {
  SampleSet set;
  SampleSetReport counts;
  for (const auto& path : files) {
    const auto file = DatasetFile::open(path);
    const auto& shape = file.sample_shape();
    if (shape.nx != shape.ny || shape.ny != shape.nz)
      fail("{}: samples of {}x{}x{} voxels; the surrogate takes cubes", path.string(), shape.nx,
           shape.ny, shape.nz);
    if (set.edge != 0 && shape.nx != set.edge)
      fail("{}: samples of {}^3 voxels, but {} holds {}^3; give datasets of one sample size",
           path.string(), shape.nx, files.front().string(), set.edge);
    set.edge = shape.nx;
    const auto splits = file.splits();
    const auto labelled = file.labelled();
    const auto labels = file.labels();
    const auto fractions = file.phase_fractions();
    const auto provenance = file.provenance();
    std::vector<std::int64_t> chosen;
    std::int64_t missing = 0;
    const auto listed = [](const std::vector<std::string>& names, const std::string& family) {
      return std::find(names.begin(), names.end(), family) != names.end();
    };
    for (std::int64_t i = 0; i < file.count(); ++i) {
      if (std::find(selection.splits.begin(), selection.splits.end(), splits[i]) ==
          selection.splits.end())
        continue;
      const auto& family = provenance[i].family;
      if ((!selection.families.empty() && !listed(selection.families, family)) ||
          listed(selection.exclude_families, family))
        continue;
      if (!labelled[i]) {
        ++missing;
        continue;
      }
      if (!converged(labels[i])) {
        ++counts.skipped_unconverged;
        continue;
      }
      chosen.push_back(i);
    }
    if (selection.require_labels && missing > 0)
      fail("{}: {} of the selected samples are not labelled yet; run condnet label {}",
           path.string(), missing, path.string());
    // Geometric growth: one reservation per file would copy the whole set once per file.
    const auto needed =
        set.volumes.size() + chosen.size() * static_cast<std::size_t>(shape.count());
    if (needed > set.volumes.capacity())
      set.volumes.reserve(std::max(needed, 2 * set.volumes.capacity()));
    for (const auto i : chosen) {
      const auto volume = file.read_volume(i);
      set.volumes.insert(set.volumes.end(), volume.data(), volume.data() + volume.count());
      set.eps.push_back(static_cast<float>(fractions[i * file.phases() + kConductingLabel]));
      std::array<float, 3> d{};
      for (int a = 0; a < 3; ++a) d[a] = static_cast<float>(labels[i].axes[a].d_eff);
      set.d_eff.push_back(d);
      set.family.push_back(provenance[i].family);
      set.origin.push_back(path.filename().string() + "#" + std::to_string(i));
    }
    counts.taken += static_cast<std::int64_t>(chosen.size());
  }
  if (report) *report = counts;
  return set;
}

}  // namespace condnet::data
