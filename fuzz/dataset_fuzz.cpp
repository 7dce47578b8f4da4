// The dataset file reader (data/dataset_file.hpp): open, then everything training and
// `condnet dataset info` read from it.
#include <algorithm>

#include "data/dataset_file.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = condnet::fuzz::write_input({data, size}, "dataset.h5");
  condnet::fuzz::expect_condnet_outcome([&] {
    const auto file = condnet::data::DatasetFile::open(path);
    file.split_fractions();
    file.description();
    file.solver_settings();
    file.provenance();
    file.splits();
    file.phase_fractions();
    file.unlabelled_indices();
    file.labels();
    for (std::int64_t i = 0; i < std::min<std::int64_t>(file.count(), 2); ++i) file.read_volume(i);
  });
  return 0;
}
