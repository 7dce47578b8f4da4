// The field files `condnet solve` writes for people (voxel/vti_format.hpp, report/png_file.hpp,
// report/field_images.hpp): atomic like every other file, and the colour map's ends.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "report/field_images.hpp"
#include "report/png_file.hpp"
#include "test_paths.hpp"
#include "voxel/vti_format.hpp"

namespace condnet::test {
namespace {

std::vector<std::string> names_in(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    out.push_back(entry.path().filename().string());
  return out;
}

TEST(FieldFiles, FailedWritesLeaveNoFileBehind) {
  const auto dir = scratch_dir("field_files_failed_write");
  // The targets are existing directories: the temporaries are written, the renames fail.
  std::filesystem::create_directory(dir / "out.vti");
  std::filesystem::create_directory(dir / "out.png");
  const voxel::Volume volume(voxel::Shape{2, 3, 4}, 1);
  const std::vector<float> field(24, 0.5f);
  EXPECT_THROW(voxel::write_vti(dir / "out.vti", volume, {{"potential", field}}), Error);
  const std::vector<std::uint8_t> rgb(2 * 3 * 3, 0);
  EXPECT_THROW(report::write_png_rgb(dir / "out.png", 2, 3, rgb), Error);
  auto names = names_in(dir);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"out.png", "out.vti"}));
  EXPECT_TRUE(std::filesystem::is_empty(dir / "out.vti"));
  EXPECT_TRUE(std::filesystem::is_empty(dir / "out.png"));
}

TEST(FieldFiles, ViridisRunsFromPurpleToYellow) {
  EXPECT_EQ(report::viridis(0), (std::array<std::uint8_t, 3>{0x44, 0x01, 0x54}));
  EXPECT_EQ(report::viridis(1), (std::array<std::uint8_t, 3>{0xfd, 0xe7, 0x25}));
  EXPECT_EQ(report::viridis(-1), report::viridis(0));
  EXPECT_EQ(report::viridis(std::nan("")), report::viridis(0));
  EXPECT_EQ(report::viridis(7), report::viridis(1));
  const auto middle = report::viridis(0.5);  // between the 5th and 6th colours
  EXPECT_GT(middle[1], 0x82);
  EXPECT_LT(middle[1], 0x9e);
}

}  // namespace
}  // namespace condnet::test
