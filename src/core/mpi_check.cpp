#include "core/mpi_check.hpp"

#include <mpi.h>

#include "core/error.hpp"

namespace condnet {

void check_mpi(int code, const char* expression, const char* file, int line) {
  if (code == MPI_SUCCESS) return;
  char description[MPI_MAX_ERROR_STRING] = {};
  int length = 0;
  MPI_Error_string(code, description, &length);
  fail("MPI error {} ({}) in {} at {}:{}", code, description, expression, file, line);
}

}  // namespace condnet
