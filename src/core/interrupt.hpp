#pragma once
// Stopping a long call when the user asks (Ctrl-C) without ending the process. Long loops
// (solver iterations, labelled samples, tile batches, training steps) call
// throw_if_interrupted() or interrupt_requested() between units of work; a front end says how
// to tell by installing a poll:
//  - the command line installs none (Ctrl-C ends the process; `train` has its own handler that
//    stops at the next step and saves a checkpoint);
//  - the Python module installs one that runs Python's signal handlers, so that Ctrl-C during
//    condnet.solve(...) raises KeyboardInterrupt.
// The poll is asked at most every kPollInterval, from the thread that runs the loop (never
// from inside an OpenMP region): it may take a lock (Python's GIL) for a moment.
#include <chrono>

namespace condnet {

// Returns true when the user asked to stop. nullptr: never.
using InterruptPoll = bool (*)();

inline constexpr std::chrono::milliseconds kPollInterval{50};

// Installs `poll` for the whole process (nullptr removes it); returns the one it replaces.
InterruptPoll set_interrupt_poll(InterruptPoll poll);

// Whether the installed poll says stop (false without one, and between two asks less than
// kPollInterval apart on this thread).
bool interrupt_requested();

// Throws Interrupted("interrupted") when interrupt_requested().
void throw_if_interrupted();

}  // namespace condnet
