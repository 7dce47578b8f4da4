#include <fmt/format.h>

#include <chrono>
#include <memory>

#include "cli/commands.hpp"
#include "cli/validators.hpp"
#include "cli/volume_input.hpp"
#include "core/cpu_set.hpp"
#include "core/progress.hpp"
#include "core/stopwatch.hpp"
#include "data/crop.hpp"

namespace condnet::cli {

void add_crop_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "crop", "Cut a volume into a dataset of cubic sub-volumes (the --phase conducts)");
  struct Args {
    VolumeInput input;
    data::CropOptions crop;
    std::string split = "0.8,0.1,0.1";
    std::string output;
    bool quiet = false;
  };
  auto args = std::make_shared<Args>();
  args->crop.threads = allowed_cpu_count();
  add_volume_input(*command, args->input);
  command->add_option("--size", args->crop.size, "Edge of the cubic sub-volumes (default 64)");
  command->add_option("--stride", args->crop.stride,
                      "Step between sub-volumes along each axis (default 32)");
  command
      ->add_option("--phase", args->crop.phase,
                   "The conducting phase's value in the volume; it becomes label 1, the other "
                   "phases 0, 2, 3, ... by ascending value")
      ->required();
  command->add_option("--seed", args->crop.seed, "Seed of the split assignment (default 0)");
  command->add_option("--split", args->split, "Train,val,test fractions (default 0.8,0.1,0.1)");
  command->add_option("--threads", args->crop.threads, "Worker threads (default: all cores)")
      ->check(positive());
  command->add_option("-o,--output", args->output, "Dataset file (.h5)")->required();
  command->add_flag("--quiet", args->quiet, "No progress line");
  command->callback([args] {
    args->crop.split = data::parse_split_fractions(args->split, "--split");
    const voxel::Volume volume = load_volume(args->input);
    args->crop.source = args->input.path;
    const auto start = std::chrono::steady_clock::now();
    std::unique_ptr<ProgressLine> progress;  // made once the number of crops is known
    const std::int64_t count = data::crop_to_dataset(
        volume, args->crop, args->output, [&](std::int64_t done, std::int64_t total) {
          if (!progress)
            progress = std::make_unique<ProgressLine>("crop", total, "samples", !args->quiet);
          progress->update(done);
        });
    if (progress) progress->finish();
    fmt::print("wrote {} sub-volumes of {}^3 (stride {}) from {} to {} in {:.2f} s\n", count,
               args->crop.size, args->crop.stride, args->input.path, args->output,
               seconds_since(start));
    if (volume.spacing() != voxel::kUnitSpacing)
      fmt::print(
          "  its voxel spacing {} stays with the volume: label the crops with condnet label "
          "{} --spacing {}\n",
          voxel::format_spacing(volume.spacing()), args->output,
          voxel::format_spacing(volume.spacing()));
  });
}

}  // namespace condnet::cli
