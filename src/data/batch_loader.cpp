#include "data/batch_loader.hpp"

#include <algorithm>
#include <chrono>
#include <numeric>

#include "core/error.hpp"
#include "core/stopwatch.hpp"
#include "data/symmetry.hpp"
#include "nn/rng.hpp"

namespace condnet::data {

std::vector<std::int64_t> epoch_order(std::int64_t count, std::uint64_t seed, std::int64_t epoch) {
  std::vector<std::int64_t> order(count);
  std::iota(order.begin(), order.end(), 0);
  nn::Rng rng(random::mix64(seed ^ random::mix64(static_cast<std::uint64_t>(epoch) + 1)));
  for (std::int64_t i = count - 1; i > 0; --i) {
    const auto j = static_cast<std::int64_t>(rng.next() % static_cast<std::uint64_t>(i + 1));
    std::swap(order[i], order[j]);
  }
  return order;
}

int symmetry_at(std::uint64_t seed, std::int64_t epoch, std::int64_t position) {
  const auto key =
      random::mix64(random::mix64(seed + 0x5bd1e995u) ^ static_cast<std::uint64_t>(epoch)) ^
      static_cast<std::uint64_t>(position);
  return static_cast<int>(random::mix64(key) % 48);
}

CubeInput make_input(const SampleSet& set, const InputEncoding& encoding, std::int64_t sample,
                     int symmetry, std::span<float> out) {
  const auto n = set.edge;
  CONDNET_ASSERT(static_cast<std::int64_t>(out.size()) == encoding.channels() * set.voxels());
  const auto transform = CubeSymmetry::from_index(symmetry);
  std::vector<std::uint8_t> labels(set.voxels());
  transform.apply(set.volume(sample), labels.data(), static_cast<int>(n));
  for (auto& label : labels) label = label == kConductingLabel ? 1 : 0;
  CubeInput input;
  input.bound = encoding.encode(labels, n, out);
  const auto d_eff = transform.permute_labels(set.d_eff[sample]);
  for (int a = 0; a < 3; ++a)
    input.target_ratio[a] =
        input.bound[a] > 0 ? static_cast<float>(d_eff[a] / input.bound[a]) : 0.0f;
  return input;
}

BatchLoader::BatchLoader(const SampleSet& set, const LoaderOptions& options, std::int64_t epoch,
                         std::int64_t step)
    : set_(set),
      options_(options),
      // A prefetch below 1 fails the queue's capacity assertion.
      ready_(static_cast<std::size_t>(std::max(options.prefetch, 0))) {
  steps_per_epoch_ = set.size() / (options.batch * options.accum * options.replicas);
  CONDNET_ASSERT(steps_per_epoch_ > 0);
  CONDNET_ASSERT(step >= 0 && step <= steps_per_epoch_);
  // A checkpoint saved after an epoch's last step (before its validation) resumes here.
  if (step == steps_per_epoch_) {
    ++epoch;
    step = 0;
  }
  thread_ = std::thread([this, epoch, step] { produce(epoch, step); });
}

BatchLoader::~BatchLoader() {
  ready_.cancel();
  thread_.join();
}

LoaderStep BatchLoader::assemble(std::int64_t epoch, std::int64_t step,
                                 const std::vector<std::int64_t>& order, LoaderStep out) const {
  const auto floats = options_.encoding.channels() * set_.voxels();  // per sample
  out.epoch = epoch;
  out.step = step;
  out.micro.resize(options_.accum);  // make_input writes every float of x, and ratio whole
  for (std::int64_t m = 0; m < options_.accum; ++m) {
    auto& micro = out.micro[m];
    micro.x.resize(options_.batch * floats);
    micro.ratio.resize(options_.batch * 3);
    for (std::int64_t b = 0; b < options_.batch; ++b) {
      const auto micro_batch = (step * options_.replicas + options_.replica) * options_.accum + m;
      const auto position = micro_batch * options_.batch + b;
      const int symmetry = options_.augment ? symmetry_at(options_.seed, epoch, position) : 0;
      const auto input = make_input(set_, options_.encoding, order[position], symmetry,
                                    std::span(micro.x).subspan(b * floats, floats));
      std::copy(input.target_ratio.begin(), input.target_ratio.end(), micro.ratio.begin() + 3 * b);
    }
  }
  return out;
}

void BatchLoader::produce(std::int64_t epoch, std::int64_t step) {
  try {
    auto order = epoch_order(set_.size(), options_.seed, epoch);
    for (;;) {
      auto ready = assemble(epoch, step, order, recycled_.try_pop().value_or(LoaderStep{}));
      if (!ready_.push(std::move(ready))) return;  // the destructor cancelled it
      if (++step == steps_per_epoch_) {
        step = 0;
        order = epoch_order(set_.size(), options_.seed, ++epoch);
      }
    }
  } catch (...) {
    error_ = std::current_exception();
    ready_.close();
  }
}

LoaderStep BatchLoader::next() {
  const auto start = std::chrono::steady_clock::now();
  auto step = ready_.pop();
  stall_seconds_ += seconds_since(start);
  if (!step) std::rethrow_exception(error_);  // the loader failed (set before ready_ closed)
  return std::move(*step);
}

void BatchLoader::recycle(LoaderStep step) {
  if (step.micro.empty()) return;
  const bool kept = recycled_.push(std::move(step));
  CONDNET_ASSERT(kept);  // never closed
}

}  // namespace condnet::data
