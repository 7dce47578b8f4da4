#pragma once
// The model every benchmark command trains: its JSON file, with the input volume's edge set
// when one is asked for (a cubic input of that edge, the model's channels kept), so that one
// architecture can be timed at several sizes. Shared by bench, bench-train and bench-pipeline,
// and by a replicated bench row's ranks, which read the model again the same way.
#include <cstdint>
#include <string>

#include "nn/graph.hpp"

namespace condnet::bench {

// `path`'s model; `edge` > 0: its input resized to (channels, edge, edge, edge). Errors name
// "--model PATH".
nn::Graph read_model(const std::string& path, std::int64_t edge);

}  // namespace condnet::bench
