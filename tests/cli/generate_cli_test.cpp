// `condnet generate`, `condnet dataset info` and `condnet crop` from the command line: results
// through the library's reader, and every kind of bad input as one line, exit 2, no file.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "data/dataset_file.hpp"
#include "data/generate_dataset.hpp"
#include "test_paths.hpp"
#include "voxel/npy_format.hpp"
#include "voxel/volume_io.hpp"

namespace condnet::test {
namespace {

void expect_clean_failure(const std::filesystem::path& dir, const std::string& arguments,
                          const std::string& must_mention) {
  const auto result = run_condnet(arguments);
  EXPECT_EQ(result.exit_code, 2) << arguments << "\n" << result.output;
  EXPECT_EQ(std::count(result.output.begin(), result.output.end(), '\n'), 1) << result.output;
  EXPECT_NE(result.output.find(must_mention), std::string::npos) << result.output;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    EXPECT_EQ(entry.path().filename().string().find("out"), std::string::npos)
        << arguments << " left " << entry.path();
}

TEST(GenerateCli, WritesADatasetThatInfoSummarises) {
  const auto dir = scratch_dir("cli_generate");
  const auto out = dir / "data.h5";
  const auto result = run_condnet(
      "generate --family fibres --orientation aligned --axis z --size 32 "
      "--length 32 --count 30 --seed 5 --porosity 0.6:0.8 --quiet -o " +
      out.string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("samples/s"), std::string::npos) << result.output;
  const auto file = data::DatasetFile::open(out);
  EXPECT_EQ(file.count(), 30);
  EXPECT_EQ(file.sample_shape(), (voxel::Shape{32, 32, 32}));
  const auto provenance = file.provenance();
  EXPECT_EQ(provenance[3].params.at("orientation"), "aligned");
  EXPECT_EQ(provenance[3].params.at("axis"), "z");

  const auto info = run_condnet("dataset info --json " + out.string());
  ASSERT_EQ(info.exit_code, 0) << info.output;
  const auto summary = nlohmann::json::parse(info.output);
  EXPECT_EQ(summary["samples"], 30);
  EXPECT_EQ(summary["families"]["fibres"]["total"], 30);
  EXPECT_EQ(summary["unlabelled"], 30);
  EXPECT_GE(summary["conducting_fraction"]["min"].get<double>(), 0.59);
  EXPECT_LE(summary["conducting_fraction"]["max"].get<double>(), 0.81);
  const auto text = run_condnet("dataset info " + out.string());
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.output.find("unlabelled 30"), std::string::npos) << text.output;
}

TEST(GenerateCli, MixWithDefaultsOnlyAtTheSmallestSurrogateSize) {
  // The defaults in voxels scale with --size: 32^3 takes every family without other options.
  const auto dir = scratch_dir("cli_generate_mix32");
  const auto out = dir / "d.h5";
  const auto result =
      run_condnet("generate --family mix --size 32 --count 64 --quiet -o " + out.string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto file = data::DatasetFile::open(out);
  EXPECT_EQ(file.count(), 64);
  for (const auto& sample : file.provenance())
    if (sample.family == "fibres") EXPECT_EQ(sample.params.at("length"), 32.0) << sample.params;
  const auto help = run_condnet("generate --help");
  EXPECT_NE(help.output.find("scale with the sample"), std::string::npos) << help.output;
}

TEST(GenerateCli, OneVolumeIsSampleZeroOfTheDataset) {
  const auto dir = scratch_dir("cli_generate_volume");
  const std::string options = "generate --family electrode --size 24 --radius 2:3 --seed 11 ";
  ASSERT_EQ(run_condnet(options + "-o " + (dir / "vol.npy").string()).exit_code, 0);
  ASSERT_EQ(run_condnet(options + "--count 3 --quiet -o " + (dir / "data.h5").string()).exit_code,
            0);
  const voxel::Volume single = voxel::read_volume((dir / "vol.npy").string());
  const voxel::Volume first = data::DatasetFile::open(dir / "data.h5").read_volume(0);
  ASSERT_EQ(single.shape(), first.shape());
  // The .npy holds phase values 0, 1, 2, which read back as the same labels.
  EXPECT_TRUE(std::equal(single.data(), single.data() + single.count(), first.data()));
}

TEST(GenerateCli, CropsAVolumeFile) {
  const auto dir = scratch_dir("cli_crop");
  voxel::RawArray array{
      {20, 20, 20}, voxel::ElementType::uint8, std::vector<std::uint8_t>(8000), std::nullopt};
  for (std::size_t i = 0; i < array.bytes.size(); ++i) array.bytes[i] = i % 7 < 3 ? 255 : 0;
  voxel::write_npy(array, dir / "vol.npy");
  const auto result =
      run_condnet("crop " + (dir / "vol.npy").string() +
                  " --size 8 --stride 4 --phase 255 --quiet -o " + (dir / "crops.h5").string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto file = data::DatasetFile::open(dir / "crops.h5");
  EXPECT_EQ(file.count(), 4 * 4 * 4);
  EXPECT_EQ(file.provenance()[0].params.at("phase_values"), nlohmann::json({0.0, 255.0}));
}

TEST(GenerateCli, BadInputIsOneLineExit2AndNoFile) {
  const auto dir = scratch_dir("cli_generate_bad");
  const std::string out = " -o " + (dir / "out.h5").string();
  expect_clean_failure(dir, "generate --family honeycomb" + out, "--family honeycomb");
  expect_clean_failure(dir, "generate --family fibres --colour red" + out, "--colour");
  expect_clean_failure(dir, "generate --family gaussian-field --radius 3" + out, "--radius");
  expect_clean_failure(dir, "generate --family packed-spheres --porosity 0.4" + out,
                       "--porosity 0.4");
  expect_clean_failure(dir, "generate --family electrode --porosity 0.2:0.95" + out,
                       "--porosity 0.2:0.95");
  expect_clean_failure(dir, "generate --family overlapping-spheres --radius 9 --size 24" + out,
                       "--size 24x24x24");
  expect_clean_failure(dir, "generate --family fibres --porosity abc" + out, "--porosity abc");
  expect_clean_failure(dir, "generate --family fibres --size 0" + out, "--size");
  expect_clean_failure(dir, "generate --family fibres --split 0.5,0.5" + out, "--split");
  expect_clean_failure(dir, "generate --family fibres --count 2 -o " + (dir / "out.tif").string(),
                       "--count 2");
  expect_clean_failure(dir, "crop " + (dir / "nothere.npy").string() + " --phase 1" + out,
                       "nothere.npy");
  expect_clean_failure(dir, "dataset info " + (dir / "nothere.h5").string(), "nothere.h5");
}

TEST(GenerateCli, InfoRefusesANewerDatasetVersion) {
  const auto dir = scratch_dir("cli_newer");
  const auto path = dir / "data.h5";
  ASSERT_EQ(
      run_condnet("generate --family gaussian-field --size 8 --count 2 --quiet -o " + path.string())
          .exit_code,
      0);
  {
    voxel::Hdf5File file(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT));
    ASSERT_GE(file.get(), 0);
    voxel::Hdf5Owner<H5Aclose> attribute(
        H5Aopen(file.get(), "condnet_dataset_version", H5P_DEFAULT));
    const std::int32_t newer = 2;
    ASSERT_GE(H5Awrite(attribute.get(), H5T_NATIVE_INT32, &newer), 0);
  }
  const auto result = run_condnet("dataset info " + path.string());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.output, "condnet: error: " + path.string() +
                               ": dataset format version 2 is newer than this condnet supports "
                               "(1); upgrade condnet\n");
}

}  // namespace
}  // namespace condnet::test
