#include "train/optimizer.hpp"

#include <cmath>

#include "core/error.hpp"
#include "nn/config_fields.hpp"

namespace condnet::train {

namespace {

class Sgd final : public Optimizer {
 public:
  Sgd(nn::ConfigFields& fields, std::size_t floats) {
    base_lr_ = fields.number("lr", 0.01, 0.0, 1e6);
    momentum_ = fields.number("momentum", 0.0, 0.0, 1.0);
    dampening_ = fields.number("dampening", 0.0, 0.0, 1.0);
    nesterov_ = fields.boolean("nesterov", false);
    weight_decay_ = fields.number("weight_decay", 0.0, 0.0, 1e6);
    if (nesterov_ && (momentum_ == 0 || dampening_ != 0))
      fail("{}: nesterov needs momentum > 0 and dampening 0", fields.where());
    if (momentum_ > 0) buffer_.assign(floats, 0.0f);
  }

  std::string type() const override { return "sgd"; }
  nlohmann::json to_json() const override {
    return {{"type", type()},          {"lr", base_lr_},        {"momentum", momentum_},
            {"dampening", dampening_}, {"nesterov", nesterov_}, {"weight_decay", weight_decay_}};
  }

  void step(std::span<float> params, std::span<const float> grads, double lr) override {
    CONDNET_ASSERT(params.size() == grads.size());
    const bool first = steps_ == 0;
    for (std::size_t i = 0; i < params.size(); ++i) {
      float g = grads[i] + static_cast<float>(weight_decay_) * params[i];
      if (momentum_ > 0) {
        float& b = buffer_[i];
        b = first ? g : static_cast<float>(momentum_) * b + static_cast<float>(1 - dampening_) * g;
        g = nesterov_ ? g + static_cast<float>(momentum_) * b : b;
      }
      params[i] -= static_cast<float>(lr) * g;
    }
    ++steps_;
  }

  std::vector<std::pair<std::string, std::span<float>>> state() override {
    if (buffer_.empty()) return {};
    return {{"momentum_buffer", buffer_}};
  }

 private:
  double momentum_ = 0, dampening_ = 0, weight_decay_ = 0;
  bool nesterov_ = false;
  std::vector<float> buffer_;
};

class Adam final : public Optimizer {
 public:
  Adam(nn::ConfigFields& fields, std::size_t floats, bool decoupled) : decoupled_(decoupled) {
    base_lr_ = fields.number("lr", 1e-3, 0.0, 1e6);
    eps_ = fields.number("eps", 1e-8, 0.0, 1.0);
    weight_decay_ = fields.number("weight_decay", decoupled ? 0.01 : 0.0, 0.0, 1e6);
    if (fields.has("betas")) {
      const auto& betas = fields.raw("betas");
      if (!betas.is_array() || betas.size() != 2 || !betas[0].is_number() ||
          !betas[1].is_number() || betas[0].get<double>() < 0 || betas[0].get<double>() >= 1 ||
          betas[1].get<double>() < 0 || betas[1].get<double>() >= 1)
        fail("{}: 'betas' must be two numbers in [0, 1), got {}", fields.where(), betas.dump());
      beta1_ = betas[0].get<double>();
      beta2_ = betas[1].get<double>();
    }
    exp_avg_.assign(floats, 0.0f);
    exp_avg_sq_.assign(floats, 0.0f);
  }

  std::string type() const override { return decoupled_ ? "adamw" : "adam"; }
  nlohmann::json to_json() const override {
    return {{"type", type()},
            {"lr", base_lr_},
            {"betas", {beta1_, beta2_}},
            {"eps", eps_},
            {"weight_decay", weight_decay_}};
  }

  void step(std::span<float> params, std::span<const float> grads, double lr) override {
    CONDNET_ASSERT(params.size() == grads.size() && params.size() == exp_avg_.size());
    ++steps_;
    const double t = static_cast<double>(steps_);
    const auto step_size = static_cast<float>(lr / (1 - std::pow(beta1_, t)));
    const auto correction2_sqrt = static_cast<float>(std::sqrt(1 - std::pow(beta2_, t)));
    const auto b1 = static_cast<float>(beta1_), b2 = static_cast<float>(beta2_);
    const auto eps = static_cast<float>(eps_), wd = static_cast<float>(weight_decay_);
    const auto shrink = static_cast<float>(1 - lr * weight_decay_);
    for (std::size_t i = 0; i < params.size(); ++i) {
      float g = grads[i];
      if (decoupled_)
        params[i] *= shrink;
      else
        g += wd * params[i];
      exp_avg_[i] = b1 * exp_avg_[i] + (1 - b1) * g;
      exp_avg_sq_[i] = b2 * exp_avg_sq_[i] + (1 - b2) * g * g;
      const float denom = std::sqrt(exp_avg_sq_[i]) / correction2_sqrt + eps;
      params[i] -= step_size * exp_avg_[i] / denom;
    }
  }

  std::vector<std::pair<std::string, std::span<float>>> state() override {
    return {{"exp_avg", exp_avg_}, {"exp_avg_sq", exp_avg_sq_}};
  }

 private:
  bool decoupled_;
  double beta1_ = 0.9, beta2_ = 0.999, eps_ = 1e-8, weight_decay_ = 0;
  std::vector<float> exp_avg_, exp_avg_sq_;
};

}  // namespace

std::unique_ptr<Optimizer> make_optimizer(const nlohmann::json& config, std::size_t floats,
                                          const std::string& where) {
  const nlohmann::json object = config.is_string() ? nlohmann::json{{"type", config}} : config;
  if (!object.is_object() || !object.contains("type") || !object["type"].is_string())
    fail("{}: an optimizer needs a \"type\" (sgd, adam, adamw)", where);
  const auto type = object["type"].get<std::string>();
  nn::ConfigFields fields(object, where);
  std::unique_ptr<Optimizer> optimizer;
  if (type == "sgd")
    optimizer = std::make_unique<Sgd>(fields, floats);
  else if (type == "adam" || type == "adamw")
    optimizer = std::make_unique<Adam>(fields, floats, type == "adamw");
  else
    fail("{}: unknown optimizer \"{}\" (allowed: sgd, adam, adamw)", where, type);
  fields.finish();
  return optimizer;
}

}  // namespace condnet::train
