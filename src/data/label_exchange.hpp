#pragma once
// Labelling under mpirun (data/label_dataset.hpp): rank 0 alone opens the dataset for writing,
// the other ranks send it their finished labels as small point-to-point messages. Call
// everything from the thread that started MPI (core/mpi.hpp starts it).
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "data/dataset_file.hpp"

namespace condnet::data::label_mpi {

// Other ranks: their finished labels to rank 0, then, once, that they are done.
void send_labels(std::span<const SampleLabels> labels);
void send_done();

// Rank 0: appends the labels that have arrived to `labels` without waiting; returns how many
// ranks said they are done among the messages taken.
int receive_labels(std::vector<SampleLabels>& labels);

}  // namespace condnet::data::label_mpi
