#pragma once
// Learning rate per optimizer step: an optional linear warmup from 0, then constant, cosine
// decay to min_lr over the remaining steps, or a step decay (times gamma every step_size).
//   {"type": "cosine", "warmup": 100, "total": 10000, "min_lr": 1e-5}
//   {"type": "step", "step_size": 1000, "gamma": 0.5}   {"type": "constant"}
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace condnet::train {

enum class ScheduleKind { constant, cosine, step };

struct LrSchedule {
  ScheduleKind kind = ScheduleKind::constant;
  std::int64_t warmup = 0;
  std::int64_t total = 0;      // cosine: steps until min_lr
  double min_lr = 0;           // cosine
  std::int64_t step_size = 1;  // step
  double gamma = 0.1;          // step

  static LrSchedule parse(const nlohmann::json& config, const std::string& where);
  nlohmann::json to_json() const;

  // The learning rate of step `step` (0-based) for a base rate `base`.
  double at(double base, std::int64_t step) const;
};

}  // namespace condnet::train
