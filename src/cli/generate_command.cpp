#include <fmt/format.h>

#include <charconv>
#include <memory>

#include "cli/commands.hpp"
#include "cli/generator_options.hpp"
#include "cli/validators.hpp"
#include "core/cpu_set.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "data/generate_dataset.hpp"
#include "voxel/generate/generator.hpp"
#include "voxel/hdf5_format.hpp"
#include "voxel/volume_io.hpp"

namespace condnet::cli {

namespace {

// A dataset is a plain .h5/.hdf5/.he5 path; FILE.h5:/dataset and other formats hold a volume.
bool names_dataset(const std::string& output) {
  if (voxel::split_hdf5_spec(output)) return false;
  const std::string extension = std::filesystem::path(output).extension().string();
  return extension == ".h5" || extension == ".hdf5" || extension == ".he5";
}

std::string families_help() {
  std::string text = "\nFamilies (phase labels: 0 solid, 1 conducting pores, 2 carbon-binder):\n";
  for (const auto& info : voxel::generate::families())
    text += fmt::format("  {:<20} {}\n", info.name, info.summary);
  text += fmt::format(
      "\nDefaults in voxels (--radius, --length, --semi-axes, --correlation-length) are those of "
      "a {0}^3 sample and scale with the sample's smallest extent N: default x N/{0}. Values "
      "given are used as given.\n",
      voxel::generate::kDesignSize);
  return text;
}

// "N" for N^3 or "X,Y,Z".
voxel::Shape parse_size(const std::string& text) {
  if (text.find_first_of(",x") != std::string::npos) return voxel::parse_shape(text, "--size");
  std::int64_t n = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (error != std::errc() || end != text.data() + text.size() || n <= 0)
    fail("--size {}: expected a positive integer N (N^3 voxels) or X,Y,Z", text);
  return {n, n, n};
}

}  // namespace

void add_generate_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "generate",
      "Generate random microstructures: a dataset (.h5) of --count samples, or one volume");
  command->footer(families_help());
  struct Args {
    GeneratorOptions generator;
    std::string size = "64";
    std::int64_t count = 1;
    std::uint64_t seed = 0;
    std::string split = "0.8,0.1,0.1";
    int threads = allowed_cpu_count();
    std::string output;
    bool quiet = false;
  };
  auto args = std::make_shared<Args>();
  add_generator_options(*command, args->generator);
  command->add_option("--size", args->size, "Sample extent N (N^3 voxels) or X,Y,Z (default 64)");
  command->add_option("--count", args->count, "Number of samples (datasets; default 1)")
      ->check(positive());
  command->add_option("--seed", args->seed, "Seed of the dataset (default 0)");
  command->add_option("--split", args->split,
                      "Train,val,test fractions, assigned per sample from its seed (default "
                      "0.8,0.1,0.1)");
  command->add_option("--threads", args->threads, "Worker threads (default: all cores)")
      ->check(positive());
  command
      ->add_option("-o,--output", args->output,
                   "Dataset FILE.h5, or a volume: .tif, .npy, .raw, FILE.h5:/dataset")
      ->required();
  command->add_flag("--quiet", args->quiet, "No progress line");
  command->callback([args] {
    const auto generator = voxel::generate::make_generator(generator_config(args->generator));
    const voxel::Shape shape = parse_size(args->size);
    generator->check_shape(shape);
    if (!names_dataset(args->output)) {
      if (args->count != 1)
        fail(
            "--count {}: {} is a volume file, which holds one sample; write several samples to "
            "a dataset (.h5)",
            args->count, args->output);
      const auto sample = data::generate_sample(*generator, shape, args->seed, 0);
      voxel::write_volume(sample.volume, args->output);
      fmt::print("wrote {} {} to {} ({})\n", sample.params.at("family").get<std::string>(),
                 shape.str(), args->output, sample.params.dump());
      return;
    }
    data::GenerateOptions options;
    options.shape = shape;
    options.count = args->count;
    options.seed = args->seed;
    options.split = data::parse_split_fractions(args->split, "--split");
    options.threads = args->threads;
    ProgressLine progress("generate", args->count, "samples", !args->quiet);
    data::generate_dataset(*generator, options, args->output,
                           [&](std::int64_t done) { progress.update(done); });
    progress.finish();
    fmt::print("wrote {} {} samples of {} to {} in {:.2f} s ({:.1f} samples/s, {} threads)\n",
               args->count, generator->family(), shape.str(), args->output, progress.seconds(),
               static_cast<double>(args->count) / progress.seconds(), args->threads);
  });
}

}  // namespace condnet::cli
