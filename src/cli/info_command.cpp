#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "core/system_info.hpp"

namespace condnet::cli {

namespace {

nlohmann::json to_json(const SystemInfo& info) {
  nlohmann::json gpus = nlohmann::json::array();
  for (const auto& gpu : info.gpus)
    gpus.push_back({{"name", gpu.name}, {"memory_bytes", gpu.memory_bytes}});
  return {{"cpu_model", info.cpu_model},
          {"logical_cores", info.logical_cores},
          {"physical_cores", info.physical_cores},
          {"isa",
           {{"avx2", info.avx2},
            {"avx512f", info.avx512f},
            {"avx512_bf16", info.avx512_bf16},
            {"amx", info.amx}}},
          {"memory_total_bytes", info.memory_total_bytes},
          {"memory_available_bytes", info.memory_available_bytes},
          {"onednn", {{"version", info.onednn_version}, {"isa", info.onednn_isa}}},
          {"cuda", {{"driver", info.cuda_driver}, {"cudnn", info.cudnn_version}, {"gpus", gpus}}},
          {"mpi", info.mpi_library}};
}

std::string yes_no(bool value) { return value ? "yes" : "no"; }

std::string gib(std::int64_t bytes) { return fmt::format("{:.1f} GiB", bytes / 1073741824.0); }

void print_text(const SystemInfo& info) {
  fmt::print("condnet {}\n", CONDNET_VERSION);
  fmt::print("CPU        {}\n", info.cpu_model.empty() ? "unknown" : info.cpu_model);
  fmt::print("cores      {} logical, {} physical\n", info.logical_cores, info.physical_cores);
  fmt::print("ISA        AVX2 {}, AVX-512 {}, AVX512-BF16 {}, AMX {}\n", yes_no(info.avx2),
             yes_no(info.avx512f), yes_no(info.avx512_bf16), yes_no(info.amx));
  fmt::print("memory     {} total, {} available\n", gib(info.memory_total_bytes),
             gib(info.memory_available_bytes));
  fmt::print("oneDNN     {} (dispatching to {})\n", info.onednn_version, info.onednn_isa);
  fmt::print("CUDA       {}\n",
             info.cuda_driver.empty() ? "no driver" : "driver " + info.cuda_driver);
  fmt::print("cuDNN      {}\n", info.cudnn_version.empty() ? "not found" : info.cudnn_version);
  if (info.gpus.empty()) fmt::print("GPUs       none\n");
  for (std::size_t i = 0; i < info.gpus.size(); ++i)
    fmt::print("GPU {}      {} ({})\n", i, info.gpus[i].name, gib(info.gpus[i].memory_bytes));
  fmt::print("MPI        {}\n", info.mpi_library);
}

}  // namespace

void add_info_command(CLI::App& app) {
  auto* command =
      app.add_subcommand("info", "Show the CPU, memory, kernel libraries and GPUs condnet can use");
  auto json = std::make_shared<bool>(false);
  command->add_flag("--json", *json, "Print the result as JSON");
  command->callback([json] {
    const SystemInfo info = probe_system();
    if (*json)
      fmt::print("{}\n", to_json(info).dump(2));
    else
      print_text(info);
  });
}

}  // namespace condnet::cli
