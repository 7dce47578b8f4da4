#pragma once
// MPI return codes through one check: a failing call throws Error naming the call, MPI's own
// description of the code, and file:line.
namespace condnet {

void check_mpi(int code, const char* expression, const char* file, int line);

}  // namespace condnet

#define CONDNET_MPI_CHECK(expression) \
  ::condnet::check_mpi((expression), #expression, __FILE__, __LINE__)
