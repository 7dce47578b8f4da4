#include "core/system_info.hpp"

#include <dlfcn.h>
#include <fmt/format.h>
#include <mpi.h>
#include <sched.h>

#include <fstream>
#include <oneapi/dnnl/dnnl.hpp>
#include <set>
#include <sstream>

#include "core/available_memory.hpp"

namespace condnet {

namespace {

std::string cpuinfo_value(const std::string& line) {
  const auto colon = line.find(':');
  if (colon == std::string::npos) return {};
  const auto start = line.find_first_not_of(" \t", colon + 1);
  return start == std::string::npos ? std::string() : line.substr(start);
}

void probe_cpu(SystemInfo& info) {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line, physical_id;
  std::set<std::string> cores;
  std::set<std::string> flags;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("model name", 0) == 0 && info.cpu_model.empty())
      info.cpu_model = cpuinfo_value(line);
    if (line.rfind("physical id", 0) == 0) physical_id = cpuinfo_value(line);
    if (line.rfind("core id", 0) == 0) cores.insert(physical_id + ":" + cpuinfo_value(line));
    if (line.rfind("flags", 0) == 0 && flags.empty()) {
      std::istringstream words(cpuinfo_value(line));
      for (std::string flag; words >> flag;) flags.insert(flag);
    }
  }
  info.avx2 = flags.count("avx2") > 0;
  info.avx512f = flags.count("avx512f") > 0;
  info.avx512_bf16 = flags.count("avx512_bf16") > 0;
  info.amx = flags.count("amx_tile") > 0 && flags.count("amx_bf16") > 0;
  cpu_set_t set;
  info.logical_cores = sched_getaffinity(0, sizeof(set), &set) == 0 ? CPU_COUNT(&set) : 1;
  info.physical_cores = cores.empty() ? info.logical_cores : static_cast<int>(cores.size());
}

void probe_memory(SystemInfo& info) {
  info.memory_total_bytes = meminfo_bytes("MemTotal");
  info.memory_available_bytes = available_memory_bytes();
}

std::string onednn_isa_name(dnnl::cpu_isa isa) {
  switch (isa) {
    case dnnl::cpu_isa::sse41:
      return "SSE4.1";
    case dnnl::cpu_isa::avx:
      return "AVX";
    case dnnl::cpu_isa::avx2:
      return "AVX2";
    case dnnl::cpu_isa::avx2_vnni:
      return "AVX2 VNNI";
    case dnnl::cpu_isa::avx512_core:
      return "AVX-512";
    case dnnl::cpu_isa::avx512_core_vnni:
      return "AVX-512 VNNI";
    case dnnl::cpu_isa::avx512_core_bf16:
      return "AVX-512 BF16";
    case dnnl::cpu_isa::avx512_core_amx:
      return "AVX-512 AMX";
    default:
      return "other";
  }
}

void probe_onednn(SystemInfo& info) {
  const dnnl_version_t* v = dnnl_version();
  info.onednn_version = fmt::format("{}.{}.{}", v->major, v->minor, v->patch);
  info.onednn_isa = onednn_isa_name(dnnl::get_effective_cpu_isa());
}

// The CUDA driver API and cuDNN are loaded at run time, so condnet runs where they are absent.
void probe_cuda(SystemInfo& info) {
  using Init = int (*)(unsigned);
  using DriverVersion = int (*)(int*);
  using DeviceCount = int (*)(int*);
  using DeviceGet = int (*)(int*, int);
  using DeviceName = int (*)(char*, int, int);
  using DeviceMemory = int (*)(std::size_t*, int);
  if (void* cuda = dlopen("libcuda.so.1", RTLD_LAZY | RTLD_LOCAL)) {
    auto init = reinterpret_cast<Init>(dlsym(cuda, "cuInit"));
    auto driver_version = reinterpret_cast<DriverVersion>(dlsym(cuda, "cuDriverGetVersion"));
    auto device_count = reinterpret_cast<DeviceCount>(dlsym(cuda, "cuDeviceGetCount"));
    auto device_get = reinterpret_cast<DeviceGet>(dlsym(cuda, "cuDeviceGet"));
    auto device_name = reinterpret_cast<DeviceName>(dlsym(cuda, "cuDeviceGetName"));
    auto device_memory = reinterpret_cast<DeviceMemory>(dlsym(cuda, "cuDeviceTotalMem_v2"));
    int version = 0, count = 0;
    if (init && driver_version && driver_version(&version) == 0)
      info.cuda_driver = fmt::format("{}.{}", version / 1000, (version % 1000) / 10);
    if (init && init(0) == 0 && device_count && device_count(&count) == 0) {
      for (int i = 0; i < count; ++i) {
        int device = 0;
        char name[256] = {};
        std::size_t bytes = 0;
        if (!device_get || device_get(&device, i) != 0) continue;
        if (device_name) device_name(name, sizeof(name), device);
        if (device_memory) device_memory(&bytes, device);
        info.gpus.push_back({name, static_cast<std::int64_t>(bytes)});
      }
    }
  }
  for (const char* library : {"libcudnn.so.9", "libcudnn.so.8", "libcudnn.so"}) {
    void* cudnn = dlopen(library, RTLD_LAZY | RTLD_LOCAL);
    if (!cudnn) continue;
    using Version = std::size_t (*)();
    if (auto version = reinterpret_cast<Version>(dlsym(cudnn, "cudnnGetVersion"))) {
      const std::size_t v = version();
      info.cudnn_version = v >= 90000
                               ? fmt::format("{}.{}.{}", v / 10000, (v % 10000) / 100, v % 100)
                               : fmt::format("{}.{}.{}", v / 1000, (v % 1000) / 100, v % 100);
    }
    break;
  }
}

void probe_mpi(SystemInfo& info) {
  char version[MPI_MAX_LIBRARY_VERSION_STRING] = {};
  int length = 0;
  MPI_Get_library_version(version, &length);
  std::string text(version, static_cast<std::size_t>(length));
  info.mpi_library = text.substr(0, text.find_first_of(",\n"));
}

}  // namespace

SystemInfo probe_system() {
  SystemInfo info;
  probe_cpu(info);
  probe_memory(info);
  probe_onednn(info);
  probe_cuda(info);
  probe_mpi(info);
  return info;
}

}  // namespace condnet
