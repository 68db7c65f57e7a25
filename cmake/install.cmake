# Install rules: the library, its headers, and a CMake package so that
# find_package(sopengine) works from an installed prefix.
include(CMakePackageConfigHelpers)

set(installed_targets sopengine)
if(SOPENGINE_BUILD_STORE)
    list(APPEND installed_targets sopengine_store)
endif()
if(SOPENGINE_BUILD_BINDINGS)
    list(APPEND installed_targets sopengine_c)
    install(FILES bindings/c/include/sopengine/sopengine.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/sopengine)
endif()
install(TARGETS ${installed_targets}
    EXPORT sopengineTargets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY include/sopengine DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY sop-definitions/ DESTINATION ${CMAKE_INSTALL_DATADIR}/sopengine
    FILES_MATCHING PATTERN "*.xml" PATTERN "*.xsd" PATTERN "*.md")

set(config_dir ${CMAKE_INSTALL_LIBDIR}/cmake/sopengine)
install(EXPORT sopengineTargets NAMESPACE sopengine:: DESTINATION ${config_dir})
configure_package_config_file(cmake/sopengineConfig.cmake.in
    ${PROJECT_BINARY_DIR}/sopengineConfig.cmake
    INSTALL_DESTINATION ${config_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/sopengineConfigVersion.cmake
    COMPATIBILITY SameMinorVersion)
install(FILES
    ${PROJECT_BINARY_DIR}/sopengineConfig.cmake
    ${PROJECT_BINARY_DIR}/sopengineConfigVersion.cmake
    DESTINATION ${config_dir})

# The build tree is a package too: find_package(sopengine) with sopengine_DIR=<build dir>.
export(EXPORT sopengineTargets NAMESPACE sopengine::
    FILE ${PROJECT_BINARY_DIR}/sopengineTargets.cmake)
