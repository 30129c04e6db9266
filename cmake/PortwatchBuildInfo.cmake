# Version, revision, compiler and target OS baked into
# portwatch_exporter_build_info.
# Builds outside a git checkout (a source package, a container build
# context) are given the revision by whoever made the tree
# (scripts/release.sh); otherwise git says it.
set(PORTWATCH_REVISION "" CACHE STRING
  "revision for build_info and --version; empty: git rev-parse, else unknown")
if(NOT PORTWATCH_REVISION)
  # A normal variable, shadowing the empty cache entry.
  set(PORTWATCH_REVISION "unknown")
  find_package(Git QUIET)
  if(GIT_FOUND)
    execute_process(
      COMMAND "${GIT_EXECUTABLE}" rev-parse --short=12 HEAD
      WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
      OUTPUT_VARIABLE _portwatch_rev
      OUTPUT_STRIP_TRAILING_WHITESPACE
      ERROR_QUIET
      RESULT_VARIABLE _portwatch_rev_result)
    if(_portwatch_rev_result EQUAL 0 AND _portwatch_rev)
      set(PORTWATCH_REVISION "${_portwatch_rev}")
    endif()
  endif()
endif()
set(PORTWATCH_COMPILER "${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION}")
# The platform the binary is built for ("linux", "windows"): alert rules join
# on it. Cross-builds get the target's name, not the build host's.
string(TOLOWER "${CMAKE_SYSTEM_NAME}" PORTWATCH_OS)
configure_file(
  "${CMAKE_CURRENT_SOURCE_DIR}/exporter/build_info_values.h.in"
  "${CMAKE_CURRENT_BINARY_DIR}/generated/build_info_values.h" @ONLY)
