#pragma once
// One optimizer step over M micro-batches on one device: zero the gradient slab, then per
// micro-batch forward, loss, backward (gradients add up in the slab), then averaged_update()
// (the 1/M scale and the optimizer step, train/averaged_update.hpp). The training loop reaches
// it through OneDeviceEngine (train/one_device_engine.hpp); tests drive it directly.
//
// Data-parallel replicas (set_gradient_reducer): the slab is also summed over R replicas
// before the one 1/(M R) scale. Overlapped (the default), the last micro-batch's backward hands
// each bucket -- contiguous parameters of about bucket_bytes, cut at parameter starts from the
// slab's end, where backward finishes first -- to a non-blocking sum as soon as the plan
// reports all of it final (Plan::set_gradient_ready), polls the sums in flight at each later
// report and waits for the rest after backward. Blocking: one sum of the slab after backward.
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "core/trace.hpp"
#include "nn/graph.hpp"
#include "runtime/device.hpp"
#include "runtime/slabs.hpp"
#include "train/gradient_reducer.hpp"
#include "train/loss.hpp"
#include "train/lr_schedule.hpp"
#include "train/optimizer.hpp"

namespace condnet::train {

// The loss of a micro-batch's raw outputs (N, outputs) against its targets; writes
// d(loss)/d(outputs) to `grad`. A Loss is one; a target transform wraps one.
using Objective = std::function<double(std::span<const float> prediction,
                                       std::span<const float> target, std::span<float> grad)>;

// Time spent summing gradients over the replicas, over every step so far.
struct ReduceStats {
  std::int64_t steps = 0;
  int buckets = 0;             // per step (1 when blocking)
  double exposed_seconds = 0;  // the step waited for the sums: the final wait, or the whole
                               // blocking sum
  double total_seconds = 0;    // from the first sum's start to the last one's known end
};

class Trainer {
 public:
  static constexpr std::size_t kBucketBytes = 256 * 1024;

  // Compiles a training plan for `options` (mode training) and binds `slabs`, which must be
  // host-accessible and outlive the trainer, as must the graph and the device.
  Trainer(runtime::Device& device, const nn::Graph& graph, runtime::Slabs& slabs,
          const runtime::PlanOptions& options, Loss loss, std::unique_ptr<Optimizer> optimizer,
          LrSchedule schedule);
  Trainer(runtime::Device& device, const nn::Graph& graph, runtime::Slabs& slabs,
          const runtime::PlanOptions& options, Objective objective,
          std::unique_ptr<Optimizer> optimizer, LrSchedule schedule);
  // The plan's gradient reports call back into this object: it stays where it is built.
  Trainer(const Trainer&) = delete;
  Trainer& operator=(const Trainer&) = delete;

  // xs: M micro-batches (N, ...) fp32 on the device; targets: (M N, T) on the host, T values
  // per sample as the objective reads them (the outputs, for a Loss).
  // Returns the mean loss over the micro-batches.
  double step(std::span<const runtime::Buffer* const> xs, std::span<const float> targets);

  // Device iterations: K optimizer steps in one call, back to back, without returning to the
  // host in between. xs: K M micro-batches, step k's being [k M, (k + 1) M); targets: K M N
  // rows of T; losses: K, each step's mean loss, written when the call returns. The CPU
  // backend runs the loop here (the device is the host); a backend with device-side graphs
  // replays the captured step K times. Equal to K calls of step(), bit for bit.
  void run_steps(std::span<const runtime::Buffer* const> xs, std::span<const float> targets,
                 std::span<double> losses);

  // Data-parallel replicas: `reducer` sums the gradient slab over `replicas` processes;
  // step() hands it this process's summed micro-batch gradients (overlapped with the last
  // backward, or blocking after it), then scales by 1/(M replicas).
  void set_gradient_reducer(std::unique_ptr<GradientReducer> reducer, int replicas,
                            bool overlap = true, std::size_t bucket_bytes = kBucketBytes);
  const ReduceStats& reduce_stats() const { return reduce_stats_; }

  // Records every micro-batch's forward and backward, the wait for the all-reduce and the
  // update on row `row` of `trace` (null: off), and each bucket's overlapped all-reduce, from
  // its start to when a poll found it done, on row `reduce_row` (-1: `row`). Tracing waits
  // for each phase to finish, to time it.
  void set_trace(TraceRecorder* trace, int row, int reduce_row = -1) {
    trace_ = trace;
    trace_row_ = row;
    reduce_row_ = reduce_row < 0 ? row : reduce_row;
  }

  // All this trainer holds on the device: the three slabs, the optimizer's state, the plan's
  // activation arena and kernel scratch (the caller's inputs not included).
  std::size_t memory_bytes();

  runtime::Plan& plan() { return *plan_; }
  runtime::Stream& stream() { return *stream_; }
  Optimizer& optimizer() { return *optimizer_; }
  // The latest micro-batch's prediction (N, outputs).
  std::span<const float> prediction() const { return prediction_; }
  const LrSchedule& schedule() const { return schedule_; }

 private:
  const nn::Graph& graph_;
  runtime::Slabs& slabs_;
  Objective objective_;
  std::unique_ptr<Optimizer> optimizer_;
  LrSchedule schedule_;
  // [first, end) floats of the grads slab, summed over the replicas as one.
  struct Bucket {
    std::size_t first = 0, end = 0;
    std::size_t ready = 0;  // floats reported final in this backward
    TraceRecorder::Clock::time_point started;
  };
  // Plan::set_gradient_ready's callback: counts ready floats per bucket, starts full ones.
  void on_gradient_ready(std::size_t first, std::size_t end);
  void start_bucket(std::size_t b);
  // Records the handles' buckets as done now.
  void finished(const std::vector<int>& handles);

  std::unique_ptr<GradientReducer> reducer_;
  int replicas_ = 1;
  bool overlap_ = true;
  std::vector<Bucket> buckets_;      // in the order backward finishes them: slab end first
  bool collecting_ = false;          // during the last micro-batch's backward
  std::vector<std::size_t> issued_;  // handle -> bucket
  TraceRecorder::Clock::time_point first_issue_;
  ReduceStats reduce_stats_;
  TraceRecorder* trace_ = nullptr;
  int trace_row_ = 0;
  int reduce_row_ = 0;
  std::unique_ptr<runtime::Stream> stream_;
  std::unique_ptr<runtime::Plan> plan_;
  std::unique_ptr<runtime::Buffer> y_, dy_;  // (N, outputs) on the device
  std::vector<float> prediction_, d_prediction_;
};

}  // namespace condnet::train
