#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

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
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  add_volume_input(*command, args->input);
  command->add_option("OUTPUT", args->output, "Output: .tif, .npy, .raw or file.h5:/dataset")
      ->required();
  command->add_flag("--json", args->json, "Print the result as JSON");
  command->callback([args] {
    const voxel::Volume volume = load_volume(args->input);
    voxel::write_volume(volume, args->output);
    if (args->json) {
      const nlohmann::json out = {
          {"input", args->input.path},
          {"output", args->output},
          {"shape", {volume.shape().nx, volume.shape().ny, volume.shape().nz}},
          {"phases", voxel::describe_phase_values(volume)}};
      fmt::print("{}\n", out.dump(2));
      return;
    }
    fmt::print("wrote {} ({} voxels; phases {}) to {}\n", volume.shape().str(), volume.count(),
               voxel::describe_phase_values(volume), args->output);
  });
}

}  // namespace condnet::cli
