#pragma once
// Inference of one trained network on a device it shares with other networks: its weights
// uploaded once, compiled once for a batch size and precision, turning encoded cubes already on
// the device (input_encoding.hpp) into ratios r = D_eff / bound per axis
// (conductivity_head.hpp). ensemble_predictor.hpp owns the device, the stream and the input.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "nn/graph.hpp"
#include "runtime/device.hpp"
#include "runtime/slabs.hpp"

namespace condnet::surrogate {

struct PredictorOptions {
  std::string device = "cpu";
  std::int64_t batch = 16;
  runtime::DType dtype = runtime::DType::f32;
};

// One network's weights: its graph (input (C, n, n, n), 3 outputs) and the contents of its
// parameter and buffer slabs.
struct NetworkWeights {
  const nn::Graph* graph = nullptr;
  std::span<const float> params, buffers;
};

class Predictor {
 public:
  // The graph must outlive the predictor; the weights are copied to `device`.
  Predictor(runtime::Device& device, runtime::Stream& stream, const NetworkWeights& weights,
            std::int64_t batch, runtime::DType dtype);

  // x: (batch, C, n, n, n) on the device. Queues the forward pass and the copy of its
  // outputs on `stream`; ratios() reads them once the stream is synchronised.
  void enqueue(runtime::Stream& stream, const runtime::Buffer& x);
  // (count, 3) ratios in (0, 1) of the first count cubes of the last enqueue.
  std::vector<float> ratios(std::int64_t count) const;

 private:
  runtime::Slabs slabs_;
  std::unique_ptr<runtime::Plan> plan_;
  std::unique_ptr<runtime::Buffer> y_;  // (B, 3)
  std::vector<float> y_host_;
};

}  // namespace condnet::surrogate
