# Every dependency comes from a Debian 12 package; nothing is downloaded.
find_package(Threads REQUIRED)
find_package(absl REQUIRED)                 # libabsl-dev
find_package(Protobuf REQUIRED)             # libprotobuf-dev, protobuf-compiler
find_package(roaring REQUIRED)              # libroaring-dev
find_package(PkgConfig REQUIRED)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)   # libre2-dev

if(ROLEGRAPH_BUILD_TESTS)
  find_package(GTest REQUIRED)              # libgtest-dev, libgmock-dev
endif()
if(ROLEGRAPH_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)          # libbenchmark-dev
endif()

# The Python module is built by default when pybind11 (pybind11-dev) and the
# Python headers (python3-dev) are found.
find_package(Python3 COMPONENTS Interpreter Development.Module QUIET)
find_package(pybind11 2.10 CONFIG QUIET)
if(Python3_Development.Module_FOUND AND pybind11_FOUND)
  set(rolegraph_python_default ON)
else()
  set(rolegraph_python_default OFF)
endif()
option(ROLEGRAPH_BUILD_PYTHON "Build the pybind11 module" ${rolegraph_python_default})
if(ROLEGRAPH_BUILD_PYTHON AND NOT (Python3_Development.Module_FOUND AND pybind11_FOUND))
  message(FATAL_ERROR "ROLEGRAPH_BUILD_PYTHON needs pybind11 (pybind11-dev) and the "
          "Python headers (python3-dev); install them or pass -DROLEGRAPH_BUILD_PYTHON=OFF")
endif()
