# `cmake --install` puts in place the public headers, the generated protobuf
# headers and their .proto files, both libraries, a CMake package
# (find_package(rolegraph) gives rolegraph::rolegraph) and rolegraph.pc.
include(CMakePackageConfigHelpers)

set(ROLEGRAPH_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/rolegraph)

install(TARGETS rolegraph rolegraph_shared EXPORT rolegraphTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# The headers under src/ (such as src/condition/condition.h) are private and
# are not installed; no installed header includes them.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/rolegraph
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h")
# The .proto files sit beside their generated headers, so that
# -I<prefix>/include is also the import path for protoc.
install(FILES ${ROLEGRAPH_PROTOS}
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/rolegraph/v1)
install(DIRECTORY ${PROJECT_BINARY_DIR}/proto/rolegraph/v1
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/rolegraph
  FILES_MATCHING PATTERN "*.pb.h")

install(EXPORT rolegraphTargets
  NAMESPACE rolegraph::
  DESTINATION ${ROLEGRAPH_CMAKE_DIR})
configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/rolegraphConfig.cmake.in
  ${PROJECT_BINARY_DIR}/rolegraphConfig.cmake
  INSTALL_DESTINATION ${ROLEGRAPH_CMAKE_DIR})
# Before 1.0 a minor release may break the interface.
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/rolegraphConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/rolegraphConfig.cmake
  ${PROJECT_BINARY_DIR}/rolegraphConfigVersion.cmake
  DESTINATION ${ROLEGRAPH_CMAKE_DIR})

# rolegraph.pc finds its prefix from its own location, so an installed tree
# can be moved, or installed with `cmake --install --prefix`.
set(pkgconfig_dir ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
file(RELATIVE_PATH ROLEGRAPH_PC_TO_PREFIX
  ${CMAKE_INSTALL_PREFIX}/${pkgconfig_dir} ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" ROLEGRAPH_PC_TO_PREFIX "${ROLEGRAPH_PC_TO_PREFIX}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/rolegraph.pc.in
  ${PROJECT_BINARY_DIR}/rolegraph.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/rolegraph.pc DESTINATION ${pkgconfig_dir})
