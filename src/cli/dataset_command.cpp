#include <fmt/format.h>

#include <memory>

#include "cli/commands.hpp"
#include "data/dataset_summary.hpp"

namespace condnet::cli {

namespace {

std::string describe_range(const nlohmann::json& range) {
  if (range.is_null()) return "-";
  return fmt::format("{:.4g} .. {:.4g} (mean {:.4g})", range["min"].get<double>(),
                     range["max"].get<double>(), range["mean"].get<double>());
}

void print_summary(const nlohmann::json& s) {
  const auto& shape = s["sample_shape"];
  fmt::print("{}: condnet dataset, format version {}\n", s["file"].get<std::string>(),
             s["version"].get<int>());
  fmt::print("  {} samples of {}x{}x{} voxels, {} phase labels\n", s["samples"].get<std::int64_t>(),
             shape[0].get<std::int64_t>(), shape[1].get<std::int64_t>(),
             shape[2].get<std::int64_t>(), s["phases"].get<int>());
  fmt::print("  made by: {}\n", s["description"].dump());
  const auto& splits = s["splits"];
  fmt::print("  splits: train {}, val {}, test {}\n", splits["train"].get<std::int64_t>(),
             splits["val"].get<std::int64_t>(), splits["test"].get<std::int64_t>());
  fmt::print("\n  {:<22} {:>8} {:>8} {:>8} {:>8}\n", "family", "train", "val", "test", "total");
  for (const auto& [family, counts] : s["families"].items())
    fmt::print("  {:<22} {:>8} {:>8} {:>8} {:>8}\n", family, counts["train"].get<std::int64_t>(),
               counts["val"].get<std::int64_t>(), counts["test"].get<std::int64_t>(),
               counts["total"].get<std::int64_t>());
  fmt::print("\n  conducting volume fraction (label 1): {}\n",
             describe_range(s["conducting_fraction"]));
  fmt::print("  labelled {}, unlabelled {}\n", s["labelled"].get<std::int64_t>(),
             s["unlabelled"].get<std::int64_t>());
  if (s["labelled"].get<std::int64_t>() > 0) {
    for (const auto& [axis, a] : s["labels"].items())
      fmt::print("  axis {}: D_eff {}; tau {}; not percolating {}, not converged {}, failed {}\n",
                 axis, describe_range(a["d_eff"]), describe_range(a["tau"]),
                 a["not_percolating"].get<std::int64_t>(), a["not_converged"].get<std::int64_t>(),
                 a["failed"].get<std::int64_t>());
    fmt::print("  solver settings: {}\n", s["solver_settings"].dump());
  }
}

}  // namespace

void add_dataset_command(CLI::App& app) {
  auto* command = app.add_subcommand("dataset", "Inspect condnet dataset files");
  command->require_subcommand(1);
  auto* info = command->add_subcommand(
      "info", "Counts per family and split, label ranges, labelled and unlabelled samples");
  struct Args {
    std::string file;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  info->add_option("FILE", args->file, "Dataset file (.h5)")->required();
  info->add_flag("--json", args->json, "Print the summary as JSON");
  info->callback([args] {
    const nlohmann::json summary = data::summarize(data::DatasetFile::open(args->file));
    if (args->json)
      fmt::print("{}\n", summary.dump(2));
    else
      print_summary(summary);
  });
}

}  // namespace condnet::cli
