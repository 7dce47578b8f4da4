#pragma once
// The parent's side of a child process: reading what the child writes to a pipe until it
// closes its end, and waiting for the child's exit status. Shared by run_in_child (a forked
// function) and run_program (another program).
#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <string>

namespace condnet {

// Appends what arrives on `fd` to `text` (at most `max_bytes` of it; the rest is read and
// dropped) until the writer closes the pipe (true) or `deadline` passes (false).
bool read_until_closed(int fd, std::chrono::steady_clock::time_point deadline, std::string& text,
                       std::size_t max_bytes);

// waitpid(pid), retried when a signal interrupts it: the status, or -1 when it failed.
int wait_for_child(pid_t pid);

}  // namespace condnet
