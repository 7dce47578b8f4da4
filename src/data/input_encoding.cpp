#include "data/input_encoding.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "voxel/clusters.hpp"

namespace condnet::data {

namespace {

// Per cluster of the conducting voxels (6-connected, sealed sides), which axes it spans.
struct Spanning {
  std::vector<std::uint8_t> axes;    // per cluster: bit a set when it spans axis a
  std::array<double, 3> fraction{};  // per axis: the volume fraction of spanning clusters
  double eps = 0;                    // the conducting fraction
};

Spanning spanning_sets(const voxel::Clusters& clusters) {
  Spanning out;
  const auto voxels = static_cast<double>(clusters.shape.count());
  out.axes.resize(static_cast<std::size_t>(clusters.count()));
  std::array<std::int64_t, 3> spanning{};
  std::int64_t conducting_voxels = 0;
  for (std::int32_t id = 0; id < clusters.count(); ++id) {
    conducting_voxels += clusters.size[id];
    for (int a = 0; a < 3; ++a)
      if (clusters.spans(id, a)) {
        out.axes[id] |= static_cast<std::uint8_t>(1u << a);
        spanning[a] += clusters.size[id];
      }
  }
  out.eps = static_cast<double>(conducting_voxels) / voxels;
  for (int a = 0; a < 3; ++a) out.fraction[a] = static_cast<double>(spanning[a]) / voxels;
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
  // nonzero conducts
  return encode(conducting, voxel::label_clusters(conducting, voxel::Shape{n, n, n}), out);
}

std::array<double, 3> InputEncoding::encode(std::span<const std::uint8_t> conducting,
                                            const voxel::Clusters& clusters,
                                            std::span<float> out) const {
  const auto voxels = clusters.shape.count();
  CONDNET_ASSERT(static_cast<std::int64_t>(conducting.size()) == voxels &&
                 static_cast<std::int64_t>(out.size()) == channels() * voxels);
  const auto spanning = spanning_sets(clusters);
  // One pass over the voxels writes every plane: per voxel, the bits of the axes its cluster
  // spans (0 off the conducting phase).
  std::vector<float*> planes(planes_.size());
  std::vector<std::uint8_t> bit(planes_.size());  // spanning_{x,y,z}: 1 << axis; conducting: 0
  for (std::size_t c = 0; c < planes_.size(); ++c) {
    planes[c] = out.data() + c * voxels;
    bit[c] = planes_[c] == Plane::conducting
                 ? 0
                 : static_cast<std::uint8_t>(1u << (static_cast<int>(planes_[c]) - 1));
  }
  const std::int32_t* label = clusters.label.data();
  for (std::int64_t i = 0; i < voxels; ++i) {
    const std::uint8_t axes = label[i] >= 0 ? spanning.axes[label[i]] : 0;
    for (std::size_t c = 0; c < planes.size(); ++c)
      planes[c][i] =
          bit[c] == 0 ? (conducting[i] != 0 ? 1.0f : 0.0f) : ((axes & bit[c]) ? 1.0f : 0.0f);
  }
  std::array<double, 3> bound{};
  for (int a = 0; a < 3; ++a)
    bound[a] = bound_ == Bound::spanning_fraction ? spanning.fraction[a]
                                                  : (spanning.fraction[a] > 0 ? spanning.eps : 0);
  return bound;
}

}  // namespace condnet::data
