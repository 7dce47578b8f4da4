#include "data/label_exchange.hpp"

#include <mpi.h>

#include <array>

#include "core/error.hpp"
#include "core/mpi_check.hpp"

namespace condnet::data::label_mpi {

namespace {

constexpr int kLabelsTag = 41;
constexpr int kDoneTag = 42;

// One sample as doubles: index, then per axis x, y, z the six float labels, percolates, status
// and iterations (all exact in a double: indices < 2^53, small integers).
constexpr std::size_t kAxisValues = 9;
constexpr std::size_t kRecordValues = 1 + 3 * kAxisValues;

void pack(const SampleLabels& sample, double* out) {
  out[0] = static_cast<double>(sample.index);
  for (std::size_t a = 0; a < 3; ++a) {
    const AxisLabel& l = sample.axes[a];
    double* v = out + 1 + a * kAxisValues;
    v[0] = l.d_eff;
    v[1] = l.tau;
    v[2] = l.tau_percolating;
    v[3] = l.percolating_fraction;
    v[4] = l.relative_residual;
    v[5] = l.flux_mismatch;
    v[6] = l.percolates ? 1.0 : 0.0;
    v[7] = static_cast<double>(l.status);
    v[8] = static_cast<double>(l.iterations);
  }
}

SampleLabels unpack(const double* in) {
  SampleLabels sample;
  sample.index = static_cast<std::int64_t>(in[0]);
  for (std::size_t a = 0; a < 3; ++a) {
    AxisLabel& l = sample.axes[a];
    const double* v = in + 1 + a * kAxisValues;
    l.d_eff = v[0];
    l.tau = v[1];
    l.tau_percolating = v[2];
    l.percolating_fraction = v[3];
    l.relative_residual = v[4];
    l.flux_mismatch = v[5];
    l.percolates = v[6] != 0.0;
    l.status = static_cast<LabelStatus>(static_cast<std::uint8_t>(v[7]));
    l.iterations = static_cast<std::int32_t>(v[8]);
  }
  return sample;
}

}  // namespace

void send_labels(std::span<const SampleLabels> labels) {
  if (labels.empty()) return;
  std::vector<double> buffer(labels.size() * kRecordValues);
  for (std::size_t i = 0; i < labels.size(); ++i)
    pack(labels[i], buffer.data() + i * kRecordValues);
  CONDNET_MPI_CHECK(MPI_Send(buffer.data(), static_cast<int>(buffer.size()), MPI_DOUBLE, 0,
                             kLabelsTag, MPI_COMM_WORLD));
}

void send_done() {
  CONDNET_MPI_CHECK(MPI_Send(nullptr, 0, MPI_DOUBLE, 0, kDoneTag, MPI_COMM_WORLD));
}

int receive_labels(std::vector<SampleLabels>& labels) {
  int done = 0;
  for (;;) {
    int arrived = 0;
    MPI_Status status;
    CONDNET_MPI_CHECK(MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &arrived, &status));
    if (!arrived) return done;
    int count = 0;
    CONDNET_MPI_CHECK(MPI_Get_count(&status, MPI_DOUBLE, &count));
    std::vector<double> buffer(static_cast<std::size_t>(count));
    CONDNET_MPI_CHECK(MPI_Recv(buffer.data(), count, MPI_DOUBLE, status.MPI_SOURCE, status.MPI_TAG,
                               MPI_COMM_WORLD, MPI_STATUS_IGNORE));
    if (status.MPI_TAG == kDoneTag) {
      ++done;
      continue;
    }
    CONDNET_ASSERT(status.MPI_TAG == kLabelsTag && buffer.size() % kRecordValues == 0);
    for (std::size_t i = 0; i < buffer.size(); i += kRecordValues)
      labels.push_back(unpack(buffer.data() + i));
  }
}

}  // namespace condnet::data::label_mpi
