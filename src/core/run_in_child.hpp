#pragma once
// Runs work in a forked child process, so that a crash inside a third-party parser on a
// damaged file becomes one error line instead of the end of condnet.
//
// Why: libhdf5 1.10 (Debian 12) crashes or never returns on some damaged files (fuzzing found
// SEGVs, heap over-reads, huge allocations and a loop inside libhdf5 itself; docs/fuzzing.md).
// condnet cannot mend libhdf5, so before it reads an HDF5 file from outside it lets a child
// read it; only when the child came back does condnet read the file itself. A file that made
// the child crash gives one line naming it.
//
// The child runs only `work` and ends with _exit: no atexit handlers (libhdf5 flushes nothing,
// sanitizers check no leaks), no MPI, nothing written but the error text to its parent. Its
// own condnet::Error comes back as the same Error. Where fork is impossible (no memory for
// the page tables, too many processes) the work runs in this process, unprotected, as before.
#include <chrono>
#include <functional>
#include <string>

namespace condnet {

struct ChildTask {
  std::string where;  // the file, first in every message
  std::string what;   // what crashed, e.g. "libhdf5 (the HDF5 library)"
  // The child is killed after this long and the file refused: a loop on a damaged file
  // would otherwise hang condnet.
  std::chrono::seconds limit{120};
};

// Runs `work` in a child and returns when it finished. Throws Error with the child's own
// message when `work` threw one; "WHERE: WHAT crashed on this file (signal N: NAME) ..." when
// the child died; "WHERE: WHAT did not finish ... in N s" past the limit (the child killed).
void run_in_child(const ChildTask& task, const std::function<void()>& work);

// Makes every later run_in_child run its work in the calling process. For the fuzz harnesses
// only: libFuzzer must see the readers' crashes, coverage and leaks in its own process.
void run_children_in_this_process();

}  // namespace condnet
