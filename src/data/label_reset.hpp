#pragma once
// `condnet label --relabel`: forgets every label of a dataset before it is labelled again.
#include "data/dataset_file.hpp"

namespace condnet::data {

// Clears the labels of `file`, which this process holds open for labelling (its lock keeps
// other labellers out): every `labelled` flag to 0 (flushed) first, then every value back to
// its state at creation (NaN, not percolating, status unlabelled, 0 iterations), flushed. A
// process killed in between leaves a file whose samples are all unlabelled.
void clear_labels(const DatasetFile& file);

}  // namespace condnet::data
