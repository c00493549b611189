# ROLEGRAPH_SANITIZE applies to every target in the tree, so the library and
# the tests share one runtime.
if(ROLEGRAPH_SANITIZE)
  add_compile_options(-fsanitize=${ROLEGRAPH_SANITIZE} -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${ROLEGRAPH_SANITIZE})
  # A C program (tests/capi) linking the C++ library with clang's C driver
  # also needs the C++ parts of the UBSan runtime, which need libstdc++.
  if(CMAKE_C_COMPILER_ID MATCHES "Clang")
    add_link_options($<$<LINK_LANGUAGE:C>:-fsanitize-link-c++-runtime>
                     $<$<LINK_LANGUAGE:C>:-lstdc++>)
  endif()
endif()

# With ROLEGRAPH_BUILD_FUZZERS every target gets libFuzzer's coverage
# instrumentation but not its main(), so the same build directory runs the
# GoogleTest suites and the fuzz targets. Only the fuzz targets link
# -fsanitize=fuzzer (tests/fuzz/CMakeLists.txt).
if(ROLEGRAPH_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "ROLEGRAPH_BUILD_FUZZERS needs clang (libFuzzer); "
            "configure with -DCMAKE_CXX_COMPILER=clang++-14 "
            "-DCMAKE_C_COMPILER=clang-14")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
