#include "data/dataset_summary.hpp"

#include <gtest/gtest.h>

#include "dataset_test_support.hpp"
#include "test_paths.hpp"

namespace condnet::test {
namespace {

TEST(DatasetSummary, CountsAndRangesMatchPlainLoops) {
  const auto path = scratch_dir("dataset_summary") / "data.h5";
  const auto generator = voxel::generate::make_generator(
      {{"family", "mix"},
       {"porosity", {0.75, 0.85}},
       {"length", 8},
       {"radius", 1},
       {"semi-axes", {3, 3, 1}},
       {"weights", {{"fibres", 1}, {"ellipsoids", 1}, {"gaussian-field", 1}}}});
  data::GenerateOptions options;
  options.shape = {16, 16, 16};
  options.count = 60;
  options.threads = 2;
  data::generate_dataset(*generator, options, path, [](std::int64_t) {});
  {
    auto file = data::DatasetFile::open_for_labelling(path);
    std::vector<data::SampleLabels> batch;
    for (std::int64_t i = 0; i < 60; i += 3) batch.push_back(known_labels(i));
    file.write_labels(batch);
  }
  const auto file = data::DatasetFile::open(path);
  const nlohmann::json summary = data::summarize(file);
  EXPECT_EQ(summary["samples"], 60);
  EXPECT_EQ(summary["labelled"], 20);
  EXPECT_EQ(summary["unlabelled"], 40);

  const auto provenance = file.provenance();
  const auto splits = file.splits();
  std::map<std::string, std::array<int, 3>> counts;
  for (std::size_t i = 0; i < 60; ++i)
    ++counts[provenance[i].family][static_cast<std::size_t>(splits[i])];
  EXPECT_EQ(summary["families"].size(), counts.size());
  for (const auto& [family, c] : counts) {
    EXPECT_EQ(summary["families"][family]["train"], c[0]) << family;
    EXPECT_EQ(summary["families"][family]["val"], c[1]) << family;
    EXPECT_EQ(summary["families"][family]["test"], c[2]) << family;
  }
  for (int a = 0; a < 3; ++a) {
    double lowest = 1e9, highest = -1e9;
    int not_percolating = 0, not_converged = 0;
    for (std::int64_t i = 0; i < 60; i += 3) {
      const data::AxisLabel l = known_labels(i).axes[static_cast<std::size_t>(a)];
      not_converged += l.status == data::LabelStatus::not_converged;
      if (!l.percolates) {
        ++not_percolating;
        continue;
      }
      lowest = std::min(lowest, l.d_eff);
      highest = std::max(highest, l.d_eff);
    }
    const auto& axis = summary["labels"][std::string(1, "xyz"[a])];
    EXPECT_EQ(axis["not_percolating"], not_percolating);
    EXPECT_EQ(axis["not_converged"], not_converged);
    EXPECT_DOUBLE_EQ(axis["d_eff"]["min"].get<double>(), lowest);
    EXPECT_DOUBLE_EQ(axis["d_eff"]["max"].get<double>(), highest);
  }
  EXPECT_GE(summary["conducting_fraction"]["min"].get<double>(), 0.74);
  EXPECT_LE(summary["conducting_fraction"]["max"].get<double>(), 0.86);
}

}  // namespace
}  // namespace condnet::test
