#include "train/lr_schedule.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/error.hpp"
#include "nn/config_fields.hpp"

namespace condnet::train {

LrSchedule LrSchedule::parse(const nlohmann::json& config, const std::string& where) {
  const nlohmann::json object = config.is_string() ? nlohmann::json{{"type", config}} : config;
  if (!object.is_object() || !object.contains("type") || !object["type"].is_string())
    fail("{}: a schedule needs a \"type\" (constant, cosine, step)", where);
  const auto type = object["type"].get<std::string>();
  nn::ConfigFields fields(object, where);
  LrSchedule schedule;
  schedule.warmup = fields.integer("warmup", 0, 0);
  if (type == "constant") {
    schedule.kind = ScheduleKind::constant;
  } else if (type == "cosine") {
    schedule.kind = ScheduleKind::cosine;
    schedule.total = fields.required_integer("total", 1);
    schedule.min_lr = fields.number("min_lr", 0.0, 0.0, 1e9);
  } else if (type == "step") {
    schedule.kind = ScheduleKind::step;
    schedule.step_size = fields.required_integer("step_size", 1);
    schedule.gamma = fields.number("gamma", 0.1, 0.0, 1.0);
  } else {
    fail("{}: unknown schedule \"{}\" (allowed: constant, cosine, step)", where, type);
  }
  fields.finish();
  return schedule;
}

nlohmann::json LrSchedule::to_json() const {
  switch (kind) {
    case ScheduleKind::constant:
      return {{"type", "constant"}, {"warmup", warmup}};
    case ScheduleKind::cosine:
      return {{"type", "cosine"}, {"warmup", warmup}, {"total", total}, {"min_lr", min_lr}};
    case ScheduleKind::step:
      return {{"type", "step"}, {"warmup", warmup}, {"step_size", step_size}, {"gamma", gamma}};
  }
  return {};
}

double LrSchedule::at(double base, std::int64_t step) const {
  if (step < warmup) return base * static_cast<double>(step + 1) / static_cast<double>(warmup);
  const std::int64_t after = step - warmup;
  switch (kind) {
    case ScheduleKind::constant:
      return base;
    case ScheduleKind::cosine: {
      const double span = static_cast<double>(std::max<std::int64_t>(total - warmup, 1));
      const double progress = std::min(static_cast<double>(after) / span, 1.0);
      return min_lr + 0.5 * (base - min_lr) * (1 + std::cos(std::numbers::pi * progress));
    }
    case ScheduleKind::step:
      return base * std::pow(gamma, static_cast<double>(after / step_size));
  }
  return base;
}

}  // namespace condnet::train
