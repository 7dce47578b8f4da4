#include "runtime/cpu/cpu_device.hpp"

#include <fmt/format.h>
#include <sched.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>

#include "core/stopwatch.hpp"
#include "runtime/cpu/compiler.hpp"
#include "runtime/cpu/cpu_plan.hpp"
#include "runtime/cpu/dnnl_check.hpp"
#include "runtime/cpu/thread_pinning.hpp"
#include "runtime/host_memory.hpp"

namespace condnet::runtime::cpu {

namespace {

std::string cpu_model() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);)
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      return colon == std::string::npos ? line
                                        : line.substr(line.find_first_not_of(" ", colon + 1));
    }
  return "unknown CPU";
}

// Best FLOP/s of `run` (one call does `flops`) over a dozen repetitions after a warm-up (the
// best, so that other processes on the machine disturb it as little as possible).
template <typename Run>
double best_rate(double flops, const Run& run) {
  double best = 0;
  for (int rep = 0; rep < 12; ++rep) {
    const auto start = std::chrono::steady_clock::now();
    run();
    const double elapsed = seconds_since(start);
    if (rep > 0) best = std::max(best, flops / elapsed);
  }
  return best;
}

void fill_zero(const dnnl::memory& memory) {
  std::fill_n(static_cast<char*>(memory.get_data_handle()), memory.get_desc().get_size(), 0);
}

// A size^3 oneDNN matrix product.
double measure_matmul(const dnnl::engine& engine, dnnl::memory::data_type type,
                      dnnl::memory::dim size) {
  using tag = dnnl::memory::format_tag;
  const dnnl::memory::desc a({size, size}, type, tag::ab), b({size, size}, type, tag::ab),
      c({size, size}, dnnl::memory::data_type::f32, tag::ab);
  const auto pd =
      CONDNET_DNNL_CHECK(dnnl::matmul::primitive_desc(dnnl::matmul::desc(a, b, c), engine));
  dnnl::memory ma(pd.src_desc(), engine), mb(pd.weights_desc(), engine), mc(pd.dst_desc(), engine);
  fill_zero(ma);
  fill_zero(mb);
  const dnnl::matmul matmul(pd);
  dnnl::stream stream(engine);
  return best_rate(2.0 * size * size * size, [&] {
    matmul.execute(stream, {{DNNL_ARG_SRC, ma}, {DNNL_ARG_WEIGHTS, mb}, {DNNL_ARG_DST, mc}});
    stream.wait();
  });
}

// A 3x3x3 convolution of 64 to 64 channels over 2 x 24^3 voxels in the layouts oneDNN picks:
// the kind of kernel the CNN spends its time in, which on some CPUs outruns the matrix product.
double measure_conv3d(const dnnl::engine& engine, dnnl::memory::data_type type) {
  using tag = dnnl::memory::format_tag;
  constexpr dnnl::memory::dim n = 2, c = 64, d = 24;
  const dnnl::memory::desc src({n, c, d, d, d}, type, tag::any),
      weights({c, c, 3, 3, 3}, type, tag::any),
      dst({n, c, d, d, d}, dnnl::memory::data_type::f32, tag::any);
  const auto pd = CONDNET_DNNL_CHECK(dnnl::convolution_forward::primitive_desc(
      dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training,
                                      dnnl::algorithm::convolution_direct, src, weights, dst,
                                      {1, 1, 1}, {1, 1, 1}, {1, 1, 1}),
      engine));
  dnnl::memory ms(pd.src_desc(), engine), mw(pd.weights_desc(), engine), md(pd.dst_desc(), engine);
  fill_zero(ms);
  fill_zero(mw);
  const dnnl::convolution_forward conv(pd);
  dnnl::stream stream(engine);
  return best_rate(2.0 * n * c * c * 27 * d * d * d, [&] {
    conv.execute(stream, {{DNNL_ARG_SRC, ms}, {DNNL_ARG_WEIGHTS, mw}, {DNNL_ARG_DST, md}});
    stream.wait();
  });
}

// The threads oneDNN's OpenMP runtime uses: OMP_NUM_THREADS, else the CPUs we may run on.
int worker_threads() {
  if (const char* text = std::getenv("OMP_NUM_THREADS"); text && std::atoi(text) > 0)
    return std::atoi(text);
  cpu_set_t set;
  return sched_getaffinity(0, sizeof(set), &set) == 0 ? CPU_COUNT(&set) : 1;
}

}  // namespace

bool native_bf16() {
  const auto isa = static_cast<unsigned>(dnnl::get_effective_cpu_isa());
  const auto bf16 = static_cast<unsigned>(dnnl::cpu_isa::avx512_core_bf16);
  return (isa & bf16) == bf16;
}

CpuDevice::CpuDevice(std::vector<int> cpus)
    : cpus_(std::move(cpus)), engine_(dnnl::engine::kind::cpu, 0) {}

void CpuDevice::bind_this_thread() { pin_this_thread(cpus_, info().name); }

DeviceInfo CpuDevice::info() const {
  const auto* version = dnnl::version();
  return {
      cpus_.empty() ? "cpu" : cpu_device_name(cpus_),
      fmt::format("{} ({} threads, oneDNN {}.{}.{}{})", cpu_model(),
                  cpus_.empty() ? worker_threads() : static_cast<int>(cpus_.size()), version->major,
                  version->minor, version->patch, native_bf16() ? ", bf16" : ""),
      static_cast<std::int64_t>(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGESIZE)};
}

double CpuDevice::peak_flops(DType dtype) {
  if (dtype == DType::bf16 && !native_bf16()) return 0;
  double& peak = peak_[dtype == DType::bf16 ? 1 : 0];
  if (peak == 0) {
    const auto type =
        dtype == DType::bf16 ? dnnl::memory::data_type::bf16 : dnnl::memory::data_type::f32;
    peak = std::max(measure_matmul(engine_, type, dtype == DType::bf16 ? 2048 : 1536),
                    measure_conv3d(engine_, type));
  }
  return peak;
}

std::unique_ptr<Buffer> CpuDevice::allocate(std::size_t bytes) {
  return std::make_unique<HostBuffer>(bytes);
}

std::unique_ptr<Stream> CpuDevice::create_stream() { return std::make_unique<HostStream>(); }

bool CpuDevice::supports_op(const nn::Node&, DType dtype, Mode) const {
  return dtype == DType::f32 || native_bf16();
}

std::unique_ptr<Plan> CpuDevice::compile(const nn::Graph& graph, const PlanOptions& options) {
  check_supported(*this, graph, options);
  return std::make_unique<CpuPlan>(options, engine_, Compiler(graph, options, engine_).compile());
}

}  // namespace condnet::runtime::cpu
