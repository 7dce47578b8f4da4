#pragma once
// Optimizers over a whole parameter slab at once, with PyTorch's update rules:
//   sgd   {"type": "sgd", "lr": 0.01, "momentum": 0.9, "nesterov": false, "dampening": 0,
//          "weight_decay": 0}                      (weight decay added to the gradient)
//   adam  {"type": "adam", "lr": 1e-3, "betas": [0.9, 0.999], "eps": 1e-8,
//          "weight_decay": 0}                      (L2: added to the gradient)
//   adamw {"type": "adamw", ..., "weight_decay": 0.01}  (decoupled: p *= 1 - lr wd)
// "lr" is the base rate; a schedule (lr_schedule.hpp) gives each step's rate.
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace condnet::train {

class Optimizer {
 public:
  virtual ~Optimizer() = default;

  virtual std::string type() const = 0;
  // Hyper-parameters with "type"; make_optimizer(to_json(), ...) rebuilds the optimizer.
  virtual nlohmann::json to_json() const = 0;
  double base_lr() const { return base_lr_; }

  // One update of every parameter with its gradient (same layout) at rate `lr`.
  virtual void step(std::span<float> params, std::span<const float> grads, double lr) = 0;
  // State slabs in the parameters' layout, named as PyTorch names them ("exp_avg",
  // "exp_avg_sq", "momentum_buffer"), for checkpoints.
  virtual std::vector<std::pair<std::string, std::span<float>>> state() = 0;

  std::int64_t steps() const { return steps_; }
  void set_steps(std::int64_t steps) { steps_ = steps; }

 protected:
  double base_lr_ = 1e-3;
  std::int64_t steps_ = 0;  // updates done so far
};

// `floats`: the slab's size. Throws Error naming `where` on an unknown type or field.
std::unique_ptr<Optimizer> make_optimizer(const nlohmann::json& config, std::size_t floats,
                                          const std::string& where);

}  // namespace condnet::train
