#pragma once
// Held-out calibration (interval.hpp): how an ensemble's spread understates its error on a
// structure family it never saw, measured with leave-one-family-out ensembles. Each held-out
// ensemble's members were trained without one family (`condnet train --exclude-family F`); it
// answers F's train and val samples of the data (F's test split stays for reporting), and every
// percolating axis gives the score |y - m| / (s + s0) of its members. The scores of all held-out
// ensembles together fit the held-out scale (`condnet ensemble --held-out ENS...`).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace condnet::surrogate {

struct HeldOutScores {
  std::vector<double> scores;         // one per percolating axis
  std::vector<std::string> families;  // the left-out family of each ensemble, in order
  std::int64_t samples = 0;
};

// ensembles: ensemble directories (>= 1) whose members left the same families out (>= 1);
// data: labelled datasets holding those families' samples of the ensembles' edge. Error naming
// the ensemble when it is not one, left nothing out, or its families have no labelled train or
// val samples in the data.
HeldOutScores held_out_scores(const std::vector<std::filesystem::path>& ensembles,
                              const std::vector<std::filesystem::path>& data);

}  // namespace condnet::surrogate
