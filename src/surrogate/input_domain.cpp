#include "surrogate/input_domain.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "surrogate/interval.hpp"
#include "voxel/correlation.hpp"
#include "voxel/stats.hpp"

namespace condnet::surrogate {

namespace {

// The q-quantile (0 <= q <= 1) of `values` by the nearest rank.
double quantile(std::vector<double> values, double q) {
  CONDNET_ASSERT(!values.empty());
  const auto rank =
      std::min(values.size() - 1,
               static_cast<std::size_t>(std::floor(q * static_cast<double>(values.size()))));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(rank),
                   values.end());
  return values[rank];
}

}  // namespace

CubeStatistics cube_statistics(std::span<const std::uint8_t> conducting, std::int64_t n) {
  std::vector<std::uint8_t> mask(conducting.size());
  std::transform(conducting.begin(), conducting.end(), mask.begin(),
                 [](std::uint8_t v) { return static_cast<std::uint8_t>(v != 0); });
  return cube_statistics(mask, voxel::label_clusters(mask, voxel::Shape{n, n, n}));
}

CubeStatistics cube_statistics(std::span<const std::uint8_t> mask,
                               const voxel::Clusters& clusters) {
  const auto stats = voxel::mask_stats(mask, clusters);
  double percolating = 0;
  for (const auto& axis : stats.axes) percolating += axis.spanning_phase_fraction / 3;
  const auto lengths = voxel::correlation_lengths(mask, clusters.shape);
  const auto [shortest, longest] = std::minmax_element(lengths.begin(), lengths.end());
  return {stats.volume_fraction, stats.specific_surface_per_voxel, percolating,
          (lengths[0] + lengths[1] + lengths[2]) / 3, *shortest > 0 ? *longest / *shortest : 1.0};
}

double relative_spread(std::span<const double> members) {
  const auto e = estimate(members, 1.0, std::nullopt);
  return e.std / (e.mean + kSpreadFloor);
}

std::vector<std::string> InputDomain::outside(const CubeStatistics& statistics) const {
  std::vector<std::string> out;
  for (int i = 0; i < kStatistics; ++i)
    if (statistics[i] < ranges[i].lo || statistics[i] > ranges[i].hi)
      out.push_back(fmt::format("{} {:.3g} (trained {:.3g} to {:.3g})", kStatisticNames[i],
                                statistics[i], ranges[i].lo, ranges[i].hi));
  return out;
}

std::string InputDomain::handover(const std::string& outside, double spread) const {
  if (!outside.empty()) return outside;
  if (spread > spread_limit)
    return fmt::format("the members disagree: relative spread {:.3g} > {:.3g}", spread,
                       spread_limit);
  return {};
}

nlohmann::json InputDomain::to_json() const {
  nlohmann::json statistics = nlohmann::json::object();
  for (int i = 0; i < kStatistics; ++i)
    statistics[kStatisticNames[i]] = {ranges[i].lo, ranges[i].hi};
  return {{"ranges", statistics}, {"spread_limit", spread_limit}};
}

InputDomain InputDomain::from_json(const nlohmann::json& json, const std::string& where) {
  InputDomain out;
  try {
    for (int i = 0; i < kStatistics; ++i) {
      const auto& range = json.at("ranges").at(kStatisticNames[i]);
      out.ranges[i] = {range.at(0).get<double>(), range.at(1).get<double>()};
    }
    out.spread_limit = json.at("spread_limit").get<double>();
  } catch (const nlohmann::json::exception&) {
    fail("{}: domain needs ranges [lo, hi] of {} and a spread_limit", where,
         fmt::join(kStatisticNames, ", "));
  }
  return out;
}

InputDomain fit_domain(const std::vector<CubeStatistics>& training, std::vector<double> spreads) {
  CONDNET_ASSERT(!training.empty() && !spreads.empty());
  InputDomain out;
  for (int i = 0; i < kStatistics; ++i) {
    std::vector<double> values;
    for (const auto& s : training) values.push_back(s[i]);
    out.ranges[i] = {quantile(values, 0.001), quantile(values, 0.999)};
  }
  out.spread_limit = quantile(std::move(spreads), 0.99);
  return out;
}

}  // namespace condnet::surrogate
