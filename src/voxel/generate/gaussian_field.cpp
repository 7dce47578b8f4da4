// gaussian-field: "blobs". White noise smoothed by a periodic Gaussian filter of standard
// deviation --correlation-length voxels along each axis (one number, or X,Y,Z for anisotropic
// structures: a longer length along an axis makes pores and solid elongated along it), then
// thresholded at the quantile that gives exactly the target porosity (to one voxel): the
// largest field values are conducting. --stretch S (or LO:HI, drawn per sample) multiplies the
// correlation length along --axis: a stretch of 8 makes strongly anisotropic media (layered or
// elongated along one axis) at any size. The noise is uniform; after smoothing over several
// voxels the field is close to Gaussian (central limit), and only its ordering matters.
#include "voxel/generate/families.hpp"
#include "voxel/generate/family_support.hpp"
#include "voxel/generate/gaussian_filter.hpp"

namespace condnet::voxel::generate {

namespace {

class GaussianField final : public Generator {
 public:
  explicit GaussianField(const nlohmann::json& config) {
    const ParamReader reader(config, gaussian_field_family());
    porosity_ = read_porosity(reader, 0.5, 0.0, 1.0, "any volume fraction");
    correlation_length_ = reader.scaled_triple("correlation-length", {4, 4, 4},
                                               {0, 1000, "0 (no smoothing) to 1000 voxels"});
    stretch_given_ = reader.has("stretch");
    stretch_ = reader.range("stretch", {1, 1}, {1, 100, "stretch factors of 1 to 100"});
    axis_ = reader.axis("axis", 0);
  }

  std::string family() const override { return "gaussian-field"; }
  int phases() const override { return 2; }

  nlohmann::json to_json() const override {
    nlohmann::json params = {{"family", family()}, {"porosity", porosity_.to_json()}};
    correlation_length_.describe(params, "correlation-length");
    if (stretch_given_) {
      params["stretch"] = stretch_.to_json();
      params["axis"] = std::string(1, "xyz"[axis_]);
    }
    return params;
  }

  void check_shape(const Shape&) const override {}

  Generated generate(const Shape& shape, std::uint64_t seed) const override {
    Rng parameters(seed, Stream::parameters);
    const double porosity = porosity_.sample(parameters);
    const std::array<double, 3> correlation_length = correlation_length_.at(shape);
    const double stretch = stretch_.sample(parameters);
    std::array<double, 3> stretched = correlation_length;
    stretched[axis_] *= stretch;
    Rng rng(seed, Stream::geometry);
    // field: (x, y, z) C order, like the volume.
    std::vector<float> field, scratch;
    fill_uniform_noise(field, shape.count(), rng);
    gaussian_filter_periodic(field, shape, stretched, scratch);
    Volume volume(shape, kSolid);
    label_largest(field, {volume.data(), static_cast<std::size_t>(volume.count())}, kSolid,
                  kConducting, target_count(shape, porosity), scratch);
    nlohmann::json params = resolved_params(to_json(), porosity);
    params["correlation-length"] = correlation_length;
    if (stretch_given_) params["stretch"] = stretch;
    return {std::move(volume), std::move(params)};
  }

 private:
  Range porosity_;
  SizeScaled<std::array<double, 3>> correlation_length_;
  bool stretch_given_ = false;  // stretch and axis are recorded only when a stretch is given
  Range stretch_;
  int axis_ = 0;
};

}  // namespace

const FamilyInfo& gaussian_field_family() {
  static const FamilyInfo info{
      "gaussian-field",
      "thresholded smoothed noise (\"blobs\"); --correlation-length L or LX,LY,LZ, --stretch S "
      "along --axis for anisotropy",
      {"porosity", "correlation-length", "stretch", "axis"},
      [](const nlohmann::json& config) -> std::unique_ptr<Generator> {
        return std::make_unique<GaussianField>(config);
      }};
  return info;
}

}  // namespace condnet::voxel::generate
