#include "runtime/cpu/cpu_plan.hpp"

#include <algorithm>
#include <chrono>

#include "core/stopwatch.hpp"
#include "runtime/arena_planner.hpp"
#include "runtime/cpu/dnnl_check.hpp"
#include "runtime/cpu/reference_kernel.hpp"
#include "runtime/slabs.hpp"

namespace condnet::runtime::cpu {

namespace {

constexpr std::size_t kArenaAlignment = 64;

int root_of(const Program& program, int tensor) {
  const int alias = program.tensors[tensor].alias_of;
  return alias >= 0 ? alias : tensor;
}

}  // namespace

CpuPlan::CpuPlan(const PlanOptions& options, const dnnl::engine& engine, Program program)
    : Plan(options), engine_(engine), stream_(engine), program_(std::move(program)) {
  const auto& tensors = program_.tensors;
  // Lifetimes of arena tensors over the step timeline (forward, then backward).
  std::vector<int> first(tensors.size(), -1), last(tensors.size(), -1);
  std::vector<std::size_t> bytes(tensors.size(), 0);
  int time = 0;
  const auto touch = [&](int tensor) {
    if (tensors[tensor].storage != Storage::arena) return;
    const int root = root_of(program_, tensor);
    if (first[root] < 0) first[root] = time;
    last[root] = time;
    bytes[root] = std::max(bytes[root], tensors[tensor].desc.get_size());
  };
  for (const auto* steps : {&program_.forward, &program_.backward})
    for (const auto& step : *steps) {
      for (const auto& [arg, tensor] : step.args) touch(tensor);
      for (const int tensor : step.host_tensors) touch(tensor);
      ++time;
    }
  std::vector<ArenaRequest> requests;
  std::vector<int> requested;
  for (std::size_t t = 0; t < tensors.size(); ++t)
    if (first[t] >= 0) {
      requests.push_back({bytes[t], first[t], last[t]});
      requested.push_back(static_cast<int>(t));
    }
  const auto layout = plan_arena(requests, kArenaAlignment);
  arena_ = std::make_unique<HostBuffer>(std::max<std::size_t>(layout.size, 1));
  scratchpad_ = std::make_unique<HostBuffer>(std::max<std::size_t>(program_.scratchpad_bytes, 1));
  std::vector<std::size_t> offset(tensors.size(), 0);
  for (std::size_t r = 0; r < requested.size(); ++r) offset[requested[r]] = layout.offsets[r];

  auto* base = static_cast<char*>(arena_->data());
  for (std::size_t t = 0; t < tensors.size(); ++t) {
    const int root = root_of(program_, static_cast<int>(t));
    void* handle = tensors[t].storage == Storage::arena && first[root] >= 0 ? base + offset[root]
                                                                            : DNNL_MEMORY_NONE;
    memories_.push_back(CONDNET_DNNL_CHECK(dnnl::memory(tensors[t].desc, engine_, handle)));
  }
  forward_ = prepare(program_.forward);
  backward_ = prepare(program_.backward);
  if (options.mode == Mode::training) find_gradient_writers();

  stats_.arena_bytes = layout.size;
  stats_.arena_demand = layout.demand;
  stats_.scratchpad_bytes = program_.scratchpad_bytes;
  for (const auto* steps : {&program_.forward, &program_.backward})
    for (const auto& step : *steps)
      if (!step.host) {
        ++stats_.kernels;
        if (is_reference_kernel(step.primitive)) ++stats_.reference_kernels;
      }
  stats_.fused_ops = program_.fused_ops;
  stats_.edge_reorders = program_.edge_reorders;
  stats_.inner_reorders = program_.inner_reorders;
}

std::vector<CpuPlan::Prepared> CpuPlan::prepare(const std::vector<Step>& steps) {
  const dnnl::memory scratchpad(
      dnnl::memory::desc({static_cast<dnnl::memory::dim>(scratchpad_->size())},
                         dnnl::memory::data_type::u8, dnnl::memory::format_tag::a),
      engine_, scratchpad_->data());
  std::vector<Prepared> prepared;
  for (const auto& step : steps) {
    Prepared p{&step, {}};
    for (const auto& [arg, tensor] : step.args) p.args.emplace(arg, memories_[tensor]);
    if (!step.host) p.args.emplace(DNNL_ARG_SCRATCHPAD, scratchpad);
    prepared.push_back(std::move(p));
  }
  return prepared;
}

void CpuPlan::find_gradient_writers() {
  const auto& tensors = program_.tensors;
  // The grads-slab floats of tensor t, or an empty range.
  const auto floats_of = [&](int t) -> FloatRange {
    if (tensors[t].storage != Storage::grads) return {0, 0};
    CONDNET_ASSERT(tensors[t].offset % sizeof(float) == 0);
    const std::size_t first = tensors[t].offset / sizeof(float);
    const std::size_t end = first + tensors[t].desc.get_size() / sizeof(float);
    CONDNET_ASSERT(end <= program_.grad_floats && "a gradient outside the parameter range");
    return {first, end};
  };
  for (const auto& step : program_.forward) {
    for (const auto& [arg, tensor] : step.args)
      CONDNET_ASSERT(floats_of(tensor).second == 0 && "forward writes a gradient");
    for (const int tensor : step.host_tensors)
      CONDNET_ASSERT(floats_of(tensor).second == 0 && "forward writes a gradient");
  }
  // Per float: the last backward step touching it, -1 for none.
  std::vector<int> last_writer(program_.grad_floats, -1);
  const int steps = static_cast<int>(program_.backward.size());
  for (int s = 0; s < steps; ++s) {
    const auto& step = program_.backward[s];
    const auto mark = [&](int tensor) {
      const auto [first, end] = floats_of(tensor);
      std::fill(last_writer.begin() + static_cast<std::ptrdiff_t>(first),
                last_writer.begin() + static_cast<std::ptrdiff_t>(end), s);
    };
    for (const auto& [arg, tensor] : step.args) mark(tensor);
    for (const int tensor : step.host_tensors) mark(tensor);
  }
  grads_ready_after_.assign(program_.backward.size(), {});
  std::size_t covered = 0;
  for (std::size_t first = 0; first < last_writer.size();) {
    std::size_t end = first + 1;
    while (end < last_writer.size() && last_writer[end] == last_writer[first]) ++end;
    auto& ranges =
        last_writer[first] < 0 ? grads_ready_before_ : grads_ready_after_[last_writer[first]];
    ranges.emplace_back(first, end);
    covered += end - first;
    first = end;
  }
  CONDNET_ASSERT(covered == program_.grad_floats);
}

void CpuPlan::point(Storage storage, void* base) {
  for (std::size_t t = 0; t < program_.tensors.size(); ++t)
    if (program_.tensors[t].storage == storage)
      memories_[t].set_data_handle(static_cast<char*>(base) + program_.tensors[t].offset);
}

void CpuPlan::bind(Slabs& slabs) {
  point(Storage::params, slabs.params->data());
  point(Storage::grads, slabs.grads->data());
  point(Storage::buffers, slabs.buffers->data());
  bound_ = true;
}

void CpuPlan::report(const std::vector<FloatRange>& ranges) const {
  for (const auto& [first, end] : ranges) gradient_ready()(first, end);
}

void CpuPlan::run(std::vector<Prepared>& steps,
                  const std::vector<std::vector<FloatRange>>& ready_after) {
  const bool profile = options().profile;
  const bool reporting = !ready_after.empty() && gradient_ready();
  const std::string* label = nullptr;
  try {
    for (std::size_t s = 0; s < steps.size(); ++s) {
      auto& prepared = steps[s];
      label = &prepared.step->label;
      const auto start = std::chrono::steady_clock::now();
      if (prepared.step->host)
        prepared.step->host(memories_);
      else
        prepared.step->primitive.execute(stream_, prepared.args);
      if (profile) {
        stream_.wait();
        const double elapsed = seconds_since(start);
        auto& time = times_[prepared.step->label];
        time.label = prepared.step->label;
        time.seconds += elapsed;
        ++time.calls;
      }
      if (reporting && !ready_after[s].empty()) {
        stream_.wait();
        report(ready_after[s]);
      }
    }
    stream_.wait();
  } catch (const dnnl::error& error) {
    fail("oneDNN: plan step '{}' failed with status {} ({})", label ? *label : "?",
         static_cast<int>(error.status), error.what());
  }
}

void CpuPlan::forward(Stream& stream, const Buffer& x, Buffer& y) {
  CONDNET_ASSERT(bound_ && "bind() the slabs first");
  stream.synchronize();
  point(Storage::input, const_cast<void*>(x.data()));
  point(Storage::output, y.data());
  run(forward_, {});
  ++*program_.forward_calls;
  forward_done_ = true;
}

void CpuPlan::backward(Stream& stream, const Buffer& dy, Buffer* dx) {
  CONDNET_ASSERT(options().mode == Mode::training && forward_done_);
  CONDNET_ASSERT(!options().input_grad || dx);
  stream.synchronize();
  point(Storage::d_output, const_cast<void*>(dy.data()));
  if (dx) point(Storage::d_input, dx->data());
  if (gradient_ready()) report(grads_ready_before_);
  run(backward_, grads_ready_after_);
}

std::vector<KernelTime> CpuPlan::kernel_times() const {
  std::vector<KernelTime> times;
  for (const auto& [label, time] : times_) times.push_back(time);
  std::sort(times.begin(), times.end(),
            [](const KernelTime& a, const KernelTime& b) { return a.seconds > b.seconds; });
  return times;
}

}  // namespace condnet::runtime::cpu
