#pragma once
// What this machine offers condnet: CPU, memory, the kernel libraries and accelerators.
#include <cstdint>
#include <string>
#include <vector>

namespace condnet {

struct GpuInfo {
  std::string name;
  std::int64_t memory_bytes = 0;
};

struct SystemInfo {
  std::string cpu_model;
  int logical_cores = 0;   // online CPUs the process may run on
  int physical_cores = 0;  // distinct (package, core) pairs
  bool avx2 = false;
  bool avx512f = false;
  bool avx512_bf16 = false;
  bool amx = false;  // AMX tiles with bf16
  std::int64_t memory_total_bytes = 0;
  std::int64_t memory_available_bytes = 0;  // available_memory_bytes(): cgroup-capped
  std::string onednn_version;
  std::string onednn_isa;   // the ISA oneDNN dispatches its kernels to
  std::string cuda_driver;  // empty when no CUDA driver can be loaded
  std::vector<GpuInfo> gpus;
  std::string cudnn_version;  // empty when libcudnn cannot be loaded
  std::string mpi_library;
};

SystemInfo probe_system();

}  // namespace condnet
