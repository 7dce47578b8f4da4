#include <fmt/format.h>

#include <memory>

#include "cli/commands.hpp"
#include "cli/volume_input.hpp"
#include "voxel/volume_io.hpp"

namespace condnet::cli {

void add_convert_command(CLI::App& app) {
  auto* command =
      app.add_subcommand("convert", "Convert a volume between formats (written atomically)");
  struct Args {
    VolumeInput input;
    std::string output;
  };
  auto args = std::make_shared<Args>();
  add_volume_input(*command, args->input);
  command->add_option("OUTPUT", args->output, "Output: .tif, .npy, .raw or file.h5:/dataset")
      ->required();
  command->callback([args] {
    const voxel::Volume volume = load_volume(args->input);
    voxel::write_volume(volume, args->output);
    fmt::print("wrote {} ({} voxels) to {}\n", volume.shape().str(), volume.count(), args->output);
  });
}

}  // namespace condnet::cli
