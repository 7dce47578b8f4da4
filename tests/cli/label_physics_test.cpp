// Labels of generated and cropped datasets are physically sane: anisotropic families conduct
// best along their easy direction, and 0 <= D_eff <= the conducting volume fraction (Wiener's
// upper bound) on crops of a real electrode.
#include <gtest/gtest.h>

#include "label_test_support.hpp"

namespace condnet::test {
namespace {

// Mean D_eff along x, y, z of `count` labelled 48^3 samples of `config`, written to `path`.
std::array<double, 3> labelled_d_eff(const std::filesystem::path& path, const char* config,
                                     std::int64_t count = 4) {
  make_dataset(path, config, {48, 48, 48}, count);
  EXPECT_FALSE(label_json(path, "--threads 2").is_null());
  return mean_d_eff(path);
}

TEST(LabelPhysics, GaussianFieldConductsBestAlongItsLongCorrelation) {
  const auto d =
      labelled_d_eff("label_aniso_blobs",
                     R"({"family":"gaussian-field","porosity":0.5,"correlation-length":[2,2,8]})");
  EXPECT_GT(d[2], 1.5 * d[0]);
  EXPECT_GT(d[2], 1.5 * d[1]);
}

TEST(LabelPhysics, AlignedFibresConductBestAlongTheFibres) {
  const auto d =
      labelled_d_eff("label_aniso_fibres",
                     R"({"family":"fibres","porosity":0.6,"orientation":"aligned","axis":"z"})");
  EXPECT_GT(d[2], 1.5 * d[0]);
  EXPECT_GT(d[2], 1.5 * d[1]);
}

TEST(LabelPhysics, PlateletsHinderTransportAlongTheirNormal) {
  const auto d =
      labelled_d_eff("label_aniso_platelets",
                     R"({"family":"ellipsoids","porosity":0.6,"semi-axes":[8,8,2],"axis":"x"})");
  EXPECT_LT(d[0], d[1] / 1.5);
  EXPECT_LT(d[0], d[2] / 1.5);
}

TEST(LabelPhysics, ElectrodeCropsLieBetweenZeroAndTheirPoreFraction) {
  const auto tiff = shared_data("electrode-256.tiff");
  if (!std::filesystem::exists(tiff)) GTEST_SKIP() << "no " << tiff << "; skipping";
  const auto path = scratch_dir("label_electrode_crops") / "crops.h5";
  const auto cropped =
      run_condnet("crop " + tiff.string() + " --size 32 --stride 112 --phase 0 -o " +
                  path.string() + " --quiet");
  ASSERT_EQ(cropped.exit_code, 0) << cropped.output;
  const auto summary = label_json(path, "--threads 2");
  ASSERT_FALSE(summary.is_null());
  EXPECT_EQ(summary["labelled"], 27);
  const auto file = data::DatasetFile::open(path);
  const auto labels = file.labels();
  const auto fractions = file.phase_fractions();
  ASSERT_EQ(labels.size(), 27u);
  std::int64_t percolating = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const double eps = fractions[i * static_cast<std::size_t>(file.phases()) + 1];
    for (const auto& axis : labels[i].axes) {
      EXPECT_EQ(axis.status, data::LabelStatus::converged) << i;
      EXPECT_GE(axis.d_eff, 0.0) << i;
      EXPECT_LE(axis.d_eff, eps) << i;
      EXPECT_LE(axis.percolating_fraction, eps + 1e-12) << i;
      percolating += axis.percolates;
    }
  }
  EXPECT_GT(percolating, 0);
}

}  // namespace
}  // namespace condnet::test
