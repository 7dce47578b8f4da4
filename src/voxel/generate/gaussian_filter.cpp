#include "voxel/generate/gaussian_filter.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/error.hpp"

namespace condnet::voxel::generate {

namespace {

// A 1D periodic kernel as (offset, weight) taps, offsets distinct modulo n.
struct Tap {
  std::int64_t offset;
  float weight;
};

std::vector<Tap> gaussian_taps(double sigma, std::int64_t n) {
  const auto reach = static_cast<std::int64_t>(std::ceil(3 * sigma));
  std::vector<double> folded(static_cast<std::size_t>(n), 0.0);
  double total = 0;
  for (std::int64_t k = -reach; k <= reach; ++k) {
    const double w = std::exp(-0.5 * static_cast<double>(k * k) / (sigma * sigma));
    folded[static_cast<std::size_t>(((k % n) + n) % n)] += w;
    total += w;
  }
  std::vector<Tap> taps;
  // Offsets in [-n/2, n/2) keep the padded rows short when the kernel does not fold.
  for (std::int64_t j = 0; j < n; ++j) {
    const double w = folded[static_cast<std::size_t>(j)];
    if (w == 0) continue;
    const std::int64_t offset = j < (n + 1) / 2 ? j : j - n;
    taps.push_back({offset, static_cast<float>(w / total)});
  }
  return taps;
}

// Taps summed per pass over an output line: fewer loads and stores of the output.
constexpr std::size_t kTapsPerPass = 4;

// out[j] = sum over taps t of weight_t * source_t[j], j < length; source(t) gives the line that
// tap t reads. Taps go kTapsPerPass at a time so that the loop over j vectorises and touches
// the output once per group.
template <typename Source>
void weighted_sum(float* __restrict out, std::int64_t length, const std::vector<Tap>& taps,
                  Source&& source) {
  std::fill(out, out + length, 0.0f);
  std::size_t t = 0;
  for (; t + kTapsPerPass <= taps.size(); t += kTapsPerPass) {
    const float* __restrict s0 = source(taps[t]);
    const float* __restrict s1 = source(taps[t + 1]);
    const float* __restrict s2 = source(taps[t + 2]);
    const float* __restrict s3 = source(taps[t + 3]);
    const float w0 = taps[t].weight, w1 = taps[t + 1].weight, w2 = taps[t + 2].weight,
                w3 = taps[t + 3].weight;
    for (std::int64_t j = 0; j < length; ++j)
      out[j] += w0 * s0[j] + w1 * s1[j] + w2 * s2[j] + w3 * s3[j];
  }
  for (; t < taps.size(); ++t) {
    const float* __restrict s = source(taps[t]);
    const float w = taps[t].weight;
    for (std::int64_t j = 0; j < length; ++j) out[j] += w * s[j];
  }
}

// Along an axis of stride `stride` with `n` positions, in `blocks` independent blocks of
// n * stride floats: each output line of `stride` contiguous floats (a plane or a row) is a
// weighted sum of input lines.
void filter_strided(const float* in, float* out, std::int64_t blocks, std::int64_t n,
                    std::int64_t stride, const std::vector<Tap>& taps) {
  for (std::int64_t b = 0; b < blocks; ++b) {
    const float* block_in = in + b * n * stride;
    for (std::int64_t i = 0; i < n; ++i)
      weighted_sum(out + (b * n + i) * stride, stride, taps, [&](const Tap& tap) {
        return block_in + ((i + tap.offset) % n + n) % n * stride;
      });
  }
}

// The same along the contiguous axis: each row of n floats is padded periodically first.
void filter_rows(const float* in, float* out, std::int64_t rows, std::int64_t n,
                 const std::vector<Tap>& taps) {
  std::int64_t lowest = 0, highest = 0;
  for (const Tap& tap : taps) {
    lowest = std::min(lowest, tap.offset);
    highest = std::max(highest, tap.offset);
  }
  std::vector<float> padded(static_cast<std::size_t>(n + highest - lowest));
  for (std::int64_t r = 0; r < rows; ++r) {
    const float* row = in + r * n;
    std::int64_t source = (lowest % n + n) % n;
    for (float& value : padded) {
      value = row[source];
      if (++source == n) source = 0;
    }
    weighted_sum(out + r * n, n, taps,
                 [&](const Tap& tap) { return padded.data() + (tap.offset - lowest); });
  }
}

// Histogram bins used to narrow down the k-th largest value before an exact selection.
constexpr std::int64_t kSelectionBins = 4096;

// The k-th largest of the values field[i] with labels[i] == from, and how many of them are
// strictly larger (1 <= k <= their number).
struct Threshold {
  float value;
  std::int64_t above;
};

Threshold kth_largest(std::span<const float> field, std::span<const std::uint8_t> labels,
                      std::uint8_t from, std::int64_t k, std::vector<float>& scratch) {
  // Range and number of the candidates, in kLanes independent lanes (no dependency chain).
  constexpr std::size_t kLanes = 8;
  constexpr float kInfinity = std::numeric_limits<float>::infinity();
  std::array<float, kLanes> lows, highs;
  lows.fill(kInfinity);
  highs.fill(-kInfinity);
  std::array<std::int64_t, kLanes> counted{};
  for (std::size_t i = 0; i < field.size(); ++i) {
    const std::size_t lane = i % kLanes;
    const bool candidate = labels[i] == from;
    const float v = field[i];
    lows[lane] = candidate && v < lows[lane] ? v : lows[lane];
    highs[lane] = candidate && v > highs[lane] ? v : highs[lane];
    counted[lane] += candidate;
  }
  const float lo = *std::min_element(lows.begin(), lows.end());
  const float hi = *std::max_element(highs.begin(), highs.end());
  const std::int64_t candidates = std::accumulate(counted.begin(), counted.end(), std::int64_t{0});
  CONDNET_ASSERT(k >= 1 && k <= candidates);
  if (lo == hi) return {lo, 0};
  // bin(v) is non-decreasing in v, so every value of a higher bin is larger.
  const float scale = static_cast<float>(kSelectionBins) / (hi - lo);
  const auto bin = [&](float v) {
    return std::min(kSelectionBins - 1, static_cast<std::int64_t>((v - lo) * scale));
  };
  std::vector<std::int64_t> counts(kSelectionBins, 0);
  for (std::size_t i = 0; i < field.size(); ++i)
    if (labels[i] == from) ++counts[static_cast<std::size_t>(bin(field[i]))];
  std::int64_t b = kSelectionBins - 1, above = 0;
  while (above + counts[static_cast<std::size_t>(b)] < k)
    above += counts[static_cast<std::size_t>(b--)];
  scratch.clear();
  for (std::size_t i = 0; i < field.size(); ++i)
    if (labels[i] == from && bin(field[i]) == b) scratch.push_back(field[i]);
  const auto kth = scratch.begin() + (k - above - 1);
  std::nth_element(scratch.begin(), kth, scratch.end(), std::greater<float>());
  const float value = *kth;
  above += std::count_if(scratch.begin(), scratch.end(), [&](float v) { return v > value; });
  return {value, above};
}

}  // namespace

void gaussian_filter_periodic(std::vector<float>& field, const Shape& shape,
                              const std::array<double, 3>& sigma, std::vector<float>& scratch) {
  CONDNET_ASSERT(static_cast<std::int64_t>(field.size()) == shape.count());
  scratch.resize(field.size());
  const auto [nx, ny, nz] = shape;
  if (sigma[0] > 0) {
    filter_strided(field.data(), scratch.data(), 1, nx, ny * nz, gaussian_taps(sigma[0], nx));
    field.swap(scratch);
  }
  if (sigma[1] > 0) {
    filter_strided(field.data(), scratch.data(), nx, ny, nz, gaussian_taps(sigma[1], ny));
    field.swap(scratch);
  }
  if (sigma[2] > 0) {
    filter_rows(field.data(), scratch.data(), nx * ny, nz, gaussian_taps(sigma[2], nz));
    field.swap(scratch);
  }
}

void fill_uniform_noise(std::vector<float>& field, std::int64_t count, Rng& rng) {
  field.resize(static_cast<std::size_t>(count));
  constexpr float kScale = 0x1.0p-24f;
  std::int64_t i = 0;
  for (; i + 1 < count; i += 2) {
    const std::uint64_t bits = rng.next();
    field[i] = static_cast<float>(bits >> 40) * kScale - 0.5f;
    field[i + 1] = static_cast<float>((bits >> 8) & 0xFFFFFF) * kScale - 0.5f;
  }
  if (i < count) field[i] = static_cast<float>(rng.next() >> 40) * kScale - 0.5f;
}

void label_largest(std::span<const float> field, std::span<std::uint8_t> labels, std::uint8_t from,
                   std::uint8_t to, std::int64_t k, std::vector<float>& scratch) {
  CONDNET_ASSERT(field.size() == labels.size() && k >= 0);
  if (k == 0) return;
  const Threshold threshold = kth_largest(field, labels, from, k, scratch);
  std::int64_t ties_left = k - threshold.above;
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (labels[i] != from) continue;
    if (field[i] > threshold.value) {
      labels[i] = to;
    } else if (field[i] == threshold.value && ties_left > 0) {
      labels[i] = to;
      --ties_left;
    }
  }
}

}  // namespace condnet::voxel::generate
