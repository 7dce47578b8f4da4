#include "bench/bench_model.hpp"

namespace condnet::bench {

nn::Graph read_model(const std::string& path, std::int64_t edge) {
  auto model = nn::Graph::read_json(path, "--model " + path);
  if (edge > 0 && model.contains("input") && model["input"].is_array() &&
      model["input"].size() == 4)
    model["input"] = {model["input"][0], edge, edge, edge};
  return nn::Graph::parse(model, path);
}

}  // namespace condnet::bench
