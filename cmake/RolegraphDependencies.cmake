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
