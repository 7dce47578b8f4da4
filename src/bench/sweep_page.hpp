#pragma once
// The HTML page of a `condnet bench` sweep (--html): its title, a bar chart of samples/s, one
// bar per row that ran (labelled "B4 M1 S2 1f1b fp32 R1": micro-batch, accumulation, stages
// and schedule, precision, replicas), and the table as sweep_table prints it. Built from
// report/'s pieces (svg_chart, html_page): self-contained, no scripts.
#include <string>
#include <vector>

#include "bench/sweep.hpp"

namespace condnet::bench {

// A row's bar label.
std::string row_label(const SweepConfig& config);

std::string sweep_page(const std::vector<SweepRow>& rows, const std::string& title);

}  // namespace condnet::bench
