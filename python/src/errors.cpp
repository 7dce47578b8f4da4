// condnet's failures as Python exceptions, and Ctrl-C during long calls:
//   condnet::MissingFile  -> FileNotFoundError (an input that does not exist)
//   condnet::Interrupted  -> KeyboardInterrupt (Ctrl-C while the call ran without the GIL)
//   condnet::Error        -> ValueError (bad input or options: the command's one-line message)
//   other std::exception  -> RuntimeError (pybind11's translation)
#include <Python.h>

#include "bindings.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"

namespace condnet::python {

namespace {

// The exception Python's signal handler raised while a call was polling (KeyboardInterrupt),
// kept from the poll (any thread) to the translation (the caller's thread, GIL held).
struct PendingError {
  PyObject *type = nullptr, *value = nullptr, *traceback = nullptr;
};
thread_local PendingError t_pending;

// Runs Python's signal handlers (the main thread only; elsewhere nothing to do): true when one
// raised, whose exception then waits in t_pending.
bool poll_python_signals() {
  py::gil_scoped_acquire gil;
  if (PyErr_CheckSignals() == 0) return false;
  PyErr_Fetch(&t_pending.type, &t_pending.value, &t_pending.traceback);
  return true;
}

void raise_interrupt() {
  if (t_pending.type == nullptr) {
    PyErr_SetString(PyExc_KeyboardInterrupt, "interrupted");
    return;
  }
  PyErr_Restore(t_pending.type, t_pending.value, t_pending.traceback);
  t_pending = {};
}

}  // namespace

void bind_errors(py::module_& m) {
  py::register_exception_translator([](std::exception_ptr error) {
    try {
      if (error) std::rethrow_exception(error);
    } catch (const Interrupted&) {
      raise_interrupt();
    } catch (const MissingFile& e) {
      PyErr_SetString(PyExc_FileNotFoundError, e.what());
    } catch (const Error& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    }
  });
  set_interrupt_poll(&poll_python_signals);
  m.def(
      "_poll_interval_seconds", [] { return std::chrono::duration<double>(kPollInterval).count(); },
      "How often long calls ask Python whether Ctrl-C was pressed.");
}

}  // namespace condnet::python
