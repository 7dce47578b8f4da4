# Whether to build the Python module (python/): CONDNET_BUILD_PYTHON. The module links the static
# condnet library into a shared object, so the library is then compiled position-independent.
# The interpreter is the one the module will be imported by: Python3_EXECUTABLE when given (pip
# passes its own), else Debian's /usr/bin/python3, whose packages (pybind11, numpy, pytest) the
# tests use, else the first python3 found.
set(CONDNET_BUILD_PYTHON OFF)
if(CONDNET_PYTHON STREQUAL "OFF" OR CONDNET_SANITIZE OR CONDNET_FUZZ)
  if(CONDNET_PYTHON STREQUAL "ON")
    message(FATAL_ERROR "CONDNET_PYTHON=ON: the Python module is not built with the sanitizers "
                        "or the fuzzers (python3 would need the sanitizer runtime preloaded)")
  endif()
  return()
endif()
if(NOT DEFINED Python3_EXECUTABLE AND EXISTS /usr/bin/python3)
  set(Python3_EXECUTABLE /usr/bin/python3)
endif()
if(CONDNET_PYTHON STREQUAL "ON")
  find_package(Python3 REQUIRED COMPONENTS Interpreter Development.Module)
  find_package(pybind11 CONFIG REQUIRED)
else()
  find_package(Python3 QUIET COMPONENTS Interpreter Development.Module)
  if(Python3_FOUND)
    find_package(pybind11 CONFIG QUIET)
  endif()
  if(NOT Python3_FOUND OR NOT pybind11_FOUND)
    message(STATUS "condnet: no Python module (pybind11-dev and python3-dev not found; "
                   "scripts/install-deps.sh installs them)")
    return()
  endif()
endif()
set(CONDNET_BUILD_PYTHON ON)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
message(STATUS "condnet: Python module for ${Python3_EXECUTABLE} (${Python3_VERSION})")
