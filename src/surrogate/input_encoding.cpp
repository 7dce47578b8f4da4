#include "surrogate/input_encoding.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "voxel/clusters.hpp"

namespace condnet::surrogate {

namespace {

struct Spanning {
  std::array<std::vector<std::uint8_t>, 3> mask;  // per axis: n^3, 1 on a spanning cluster
  std::array<double, 3> fraction{};               // per axis: its volume fraction
  double eps = 0;                                 // the conducting fraction
};

Spanning spanning_sets(std::span<const std::uint8_t> conducting, std::int64_t n) {
  const voxel::Shape shape{n, n, n};
  std::vector<std::uint8_t> mask(conducting.size());
  std::transform(conducting.begin(), conducting.end(), mask.begin(),
                 [](std::uint8_t v) { return static_cast<std::uint8_t>(v != 0); });
  const auto clusters = voxel::label_clusters(mask, shape);
  Spanning out;
  const auto voxels = static_cast<double>(shape.count());
  out.eps = static_cast<double>(std::count(mask.begin(), mask.end(), 1)) / voxels;
  for (int a = 0; a < 3; ++a) {
    out.mask[a] = voxel::spanning_mask(clusters, a);
    out.fraction[a] =
        static_cast<double>(std::count(out.mask[a].begin(), out.mask[a].end(), 1)) / voxels;
  }
  return out;
}

}  // namespace

InputEncoding InputEncoding::parse(std::string_view name, std::string_view where) {
  if (name == "phase") return {"phase", {Plane::conducting}, Bound::eps_if_spanning};
  if (name == "spanning")
    return {"spanning",
            {Plane::spanning_x, Plane::spanning_y, Plane::spanning_z},
            Bound::spanning_fraction};
  fail("{}: unknown input encoding '{}'; allowed: {}", where, name, input_encoding_names());
}

std::string input_encoding_names() { return "phase, spanning"; }

std::array<double, 3> InputEncoding::encode(std::span<const std::uint8_t> conducting,
                                            std::int64_t n, std::span<float> out) const {
  const auto voxels = n * n * n;
  CONDNET_ASSERT(static_cast<std::int64_t>(conducting.size()) == voxels &&
                 static_cast<std::int64_t>(out.size()) == channels() * voxels);
  const auto spanning = spanning_sets(conducting, n);
  for (std::size_t c = 0; c < planes_.size(); ++c) {
    auto plane = out.subspan(c * voxels, voxels);
    if (planes_[c] == Plane::conducting) {
      for (std::int64_t i = 0; i < voxels; ++i) plane[i] = conducting[i] != 0 ? 1.0f : 0.0f;
      continue;
    }
    const auto& mask = spanning.mask[static_cast<int>(planes_[c]) - 1];
    for (std::int64_t i = 0; i < voxels; ++i) plane[i] = static_cast<float>(mask[i]);
  }
  std::array<double, 3> bound{};
  for (int a = 0; a < 3; ++a)
    bound[a] = bound_ == Bound::spanning_fraction ? spanning.fraction[a]
                                                  : (spanning.fraction[a] > 0 ? spanning.eps : 0);
  return bound;
}

}  // namespace condnet::surrogate
