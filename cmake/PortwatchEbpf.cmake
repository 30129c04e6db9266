# The eBPF program of collector connect_failures (sources/connect_failures/bpf/): compiled
# with clang for the BPF target and embedded in a libbpf skeleton header
# by `bpftool gen skeleton`. CO-RE: the program names kernel fields, libbpf
# relocates them to the running kernel's layout at load, so one build runs
# on any kernel with BTF; no vmlinux.h of the build machine is needed.
#
# PORTWATCH_EBPF: AUTO (default) builds it when libbpf, bpftool and clang
# are found and says so otherwise; ON requires them (the ci preset); OFF
# never builds it. Without it the collector exists and reports that this
# build has no eBPF support.
set(PORTWATCH_EBPF AUTO CACHE STRING "Build the eBPF program: AUTO, ON or OFF")
set_property(CACHE PORTWATCH_EBPF PROPERTY STRINGS AUTO ON OFF)

set(PORTWATCH_EBPF_ENABLED OFF)
if(CMAKE_SYSTEM_NAME STREQUAL "Linux" AND NOT PORTWATCH_EBPF STREQUAL "OFF")
  find_package(PkgConfig QUIET)
  if(PkgConfig_FOUND)
    pkg_check_modules(LIBBPF QUIET IMPORTED_TARGET libbpf>=0.8)
  endif()
  find_program(PORTWATCH_BPF_CLANG NAMES clang clang-16 clang-15 clang-14)
  find_program(PORTWATCH_BPFTOOL NAMES bpftool PATHS /usr/sbin /sbin)
  set(missing "")
  if(NOT LIBBPF_FOUND)
    list(APPEND missing "libbpf (libbpf-dev)")
  endif()
  if(NOT PORTWATCH_BPF_CLANG)
    list(APPEND missing "clang")
  endif()
  if(NOT PORTWATCH_BPFTOOL)
    list(APPEND missing "bpftool")
  endif()
  if(missing)
    list(JOIN missing ", " missing)
    if(PORTWATCH_EBPF STREQUAL "ON")
      message(FATAL_ERROR "PORTWATCH_EBPF=ON but missing: ${missing}")
    endif()
    message(STATUS "eBPF: not built (missing ${missing}); collector "
      "connect_failures will say so")
  else()
    set(PORTWATCH_EBPF_ENABLED ON)
    message(STATUS "eBPF: libbpf ${LIBBPF_VERSION}, ${PORTWATCH_BPF_CLANG}, "
      "${PORTWATCH_BPFTOOL}")
  endif()
endif()

# Compiles `source` (a .bpf.c) into <name>.bpf.o and generates
# <name>.skel.h (struct <name>_bpf) in the current binary directory;
# `output_var` receives the header's path.
function(portwatch_bpf_skeleton name source output_var)
  set(object "${CMAKE_CURRENT_BINARY_DIR}/${name}.bpf.o")
  set(skeleton "${CMAKE_CURRENT_BINARY_DIR}/${name}.skel.h")
  get_filename_component(source_dir "${source}" DIRECTORY)
  file(GLOB headers "${source_dir}/*.h")
  set(include_flags "")
  foreach(dir IN LISTS LIBBPF_INCLUDE_DIRS)
    list(APPEND include_flags "-idirafter" "${dir}")
  endforeach()
  add_custom_command(OUTPUT "${object}"
    COMMAND "${PORTWATCH_BPF_CLANG}" -g -O2 -target bpf -Wall -Werror
            -I "${source_dir}" ${include_flags} -c "${source}" -o "${object}"
    DEPENDS "${source}" ${headers}
    COMMENT "Compiling eBPF program ${name}"
    VERBATIM)
  add_custom_command(OUTPUT "${skeleton}"
    COMMAND "${CMAKE_COMMAND}" -DBPFTOOL=${PORTWATCH_BPFTOOL}
            -DOBJECT=${object} -DNAME=${name}_bpf -DOUTPUT=${skeleton}
            -P "${PROJECT_SOURCE_DIR}/cmake/bpf_skeleton.cmake"
    DEPENDS "${object}" "${PROJECT_SOURCE_DIR}/cmake/bpf_skeleton.cmake"
    COMMENT "Generating the libbpf skeleton ${name}.skel.h"
    VERBATIM)
  set(${output_var} "${skeleton}" PARENT_SCOPE)
endfunction()
