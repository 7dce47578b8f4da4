#pragma once
// Training batches assembled on a background thread while the device computes. A step is M
// micro-batches of B samples; each sample is the network's input (its channels as the run's
// input encoding makes them, input_encoding.hpp) and its targets D_eff / bound along x, y, z.
//
// The content of a step depends only on (seed, epoch, step), never on timing: epoch e visits
// the training samples in a permutation drawn from (seed, e), positions [s M B, (s + 1) M B)
// form step s (with R replicas, [s R M B, (s + 1) R M B), replica r taking the r-th M B), and with
// augmentation the sample at position k of epoch e is transformed by cube symmetry hash(seed, e, k)
// mod 48, its three targets permuted to match. A loader started at (epoch, step) therefore yields
// exactly what an uninterrupted one yields there, which is what makes resumed training equal to
// uninterrupted training. The last M B - 1 or fewer samples of a permutation are left out of that
// epoch (a different few every epoch).
#include <array>
#include <cstdint>
#include <exception>
#include <memory>
#include <thread>
#include <vector>

#include "core/bounded_queue.hpp"
#include "data/input_encoding.hpp"
#include "data/sample_set.hpp"

namespace condnet::data {

struct LoaderOptions {
  std::int64_t batch = 16;  // B
  std::int64_t accum = 1;   // M
  std::uint64_t seed = 0;
  bool augment = true;
  int prefetch = 2;  // steps ready ahead of the consumer
  int replicas = 1;  // R data-parallel replicas (replicas.hpp) share each step
  int replica = 0;   // this one takes micro-batches [replica M, (replica + 1) M) of R M
  InputEncoding encoding = InputEncoding::parse(kLegacyEncoding, "input encoding");
};

struct MicroBatch {
  std::vector<float> x;      // (B, C, n, n, n), C the encoding's channels
  std::vector<float> ratio;  // (B, 3): D_eff / bound along x, y, z
};

struct LoaderStep {
  std::int64_t epoch = 0;
  std::int64_t step = 0;
  std::vector<MicroBatch> micro;  // M
};

// A sample as the network sees it, along the axes of the transformed cube.
struct CubeInput {
  std::array<double, 3> bound{};        // input_encoding.hpp: D_eff = bound r; 0 off-spanning
  std::array<float, 3> target_ratio{};  // the solver's D_eff / bound, 0 where bound is 0
};

// Fills `out` ((C, n, n, n) floats) with the input of a sample under symmetry `symmetry`
// (0..47), encoded by `encoding`, and returns its bounds and targets along the transformed axes.
CubeInput make_input(const SampleSet& set, const InputEncoding& encoding, std::int64_t sample,
                     int symmetry, std::span<float> out);

class BatchLoader {
 public:
  // Starts producing at (epoch, step); step == steps_per_epoch() is the next epoch's first step
  // (a checkpoint saved after an epoch's last step). `set` must outlive the loader.
  BatchLoader(const SampleSet& set, const LoaderOptions& options, std::int64_t epoch,
              std::int64_t step);
  ~BatchLoader();
  BatchLoader(const BatchLoader&) = delete;
  BatchLoader& operator=(const BatchLoader&) = delete;

  std::int64_t steps_per_epoch() const { return steps_per_epoch_; }
  // The next step in order; blocks while it is being assembled (stall time). Rethrows the
  // error that stopped the loader thread, once the steps it assembled before are taken.
  LoaderStep next();
  // Hands a step's buffers back once its batches have been consumed: the loader fills them again
  // instead of allocating (and page-faulting) fresh ones for every step. Optional; an empty
  // step is ignored.
  void recycle(LoaderStep step);
  // Seconds next() spent waiting for the loader so far.
  double stall_seconds() const { return stall_seconds_; }

 private:
  void produce(std::int64_t epoch, std::int64_t step);
  // Fills `out` (recycled buffers, or empty ones) with step `step` of epoch `epoch`.
  LoaderStep assemble(std::int64_t epoch, std::int64_t step, const std::vector<std::int64_t>& order,
                      LoaderStep out) const;

  const SampleSet& set_;
  LoaderOptions options_;
  std::int64_t steps_per_epoch_ = 0;
  BoundedQueue<LoaderStep> ready_;  // options_.prefetch steps, closed by the loader's error
  // Buffers handed back, to be filled again; unbounded, for recycle() must not block the
  // consumer (they are at most the steps the consumer has held at once, plus the prefetch).
  BoundedQueue<LoaderStep> recycled_{BoundedQueue<LoaderStep>::unbounded};
  std::exception_ptr error_;  // the loader thread's, set before it closes ready_
  double stall_seconds_ = 0;  // the consumer's thread only
  std::thread thread_;
};

// The order epoch `epoch` visits `count` samples in.
std::vector<std::int64_t> epoch_order(std::int64_t count, std::uint64_t seed, std::int64_t epoch);
// The symmetry (0..47) applied at position `position` of epoch `epoch`.
int symmetry_at(std::uint64_t seed, std::int64_t epoch, std::int64_t position);

}  // namespace condnet::data
