#pragma once
// The CPU device's hold on a thread: pinned to the device's CPUs, with the OpenMP team of the
// parallel regions it starts (oneDNN's kernels) sized to their count. GNU OpenMP gives each
// thread that starts parallel regions its own team, whose threads inherit the starting
// thread's affinity, so a thread pinned before its first kernel keeps all its kernels there.
#include <string>
#include <vector>

namespace condnet::runtime::cpu {

// Pins the calling thread to CPU ids `cpus`; empty: nothing. `name` names the device in errors.
void pin_this_thread(const std::vector<int>& cpus, const std::string& name);

}  // namespace condnet::runtime::cpu
