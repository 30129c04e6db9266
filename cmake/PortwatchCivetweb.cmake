# CivetWeb, the HTTP server under prometheus-cpp's Exposer-less serving
# (exporter/http_server.cpp). Found first (find_package through
# CMAKE_PREFIX_PATH, e.g. vcpkg or a prefix you built), otherwise compiled
# here from source: CivetWeb's own 1.15 release archive, downloaded, by
# default, or any local tree given as -DFETCHCONTENT_SOURCE_DIR_CIVETWEB=<dir>
# for offline builds (the scripts pass Debian's patched source package,
# `apt-get source civetweb`, scripts/lib/civetweb-source.sh; the tests never
# download).
#
# Debian's own libcivetweb (a dependency of prometheus-cpp-dev) is never
# taken: it loads OpenSSL at run time with the 1.1 API and crashes on the
# first HTTPS request under OpenSSL 3. The system paths are left out of the
# search, and a CivetWeb found under /usr/lib anyway is refused.
#
# Built here: TLS linked directly against OpenSSL (NO_SSL_DL,
# OPENSSL_API_1_1) on Linux (TLS is not served on Windows), IPv6, and no file serving, CGI,
# websockets or scripting, which the exporter never uses (docs/security.md).
include(FetchContent)

# GitHub's archive of CivetWeb's tag v1.15 (commit eefb26f8). The SHA-256
# is the one published for this archive by conan-center-index
# (recipes/civetweb/all/conandata.yml, version "1.15") and by prometheus-cpp
# (bazel/repositories.bzl, its own CivetWeb). Debian's 1.15 source has the
# same layout; it lacks files this build never compiles (src/third_party,
# ...) and adds Debian's patches (WebDAV methods, mg_disable_keep_alive),
# which the exporter does not use.
FetchContent_Declare(civetweb
  URL "https://github.com/civetweb/civetweb/archive/v1.15.tar.gz"
  URL_HASH SHA256=90a533422944ab327a4fbb9969f0845d0dba05354f9cacce3a5005fa59f593b9
  # No CMakeLists.txt there: FetchContent only unpacks; the library is
  # defined below with exactly the options the exporter needs.
  SOURCE_SUBDIR portwatch-no-cmake
  FIND_PACKAGE_ARGS CONFIG
    NO_CMAKE_SYSTEM_PATH NO_SYSTEM_ENVIRONMENT_PATH
    NO_CMAKE_PACKAGE_REGISTRY NO_CMAKE_SYSTEM_PACKAGE_REGISTRY)
FetchContent_MakeAvailable(civetweb)

if(civetweb_FOUND)
  if(civetweb_DIR MATCHES "^/usr/lib")
    message(FATAL_ERROR "Found the system's CivetWeb (${civetweb_DIR}), which "
      "crashes on HTTPS; leave it out of CMAKE_PREFIX_PATH so that portwatch "
      "builds its own")
  endif()
  message(STATUS "CivetWeb: found in ${civetweb_DIR}")
  set(PORTWATCH_CIVETWEB_BUNDLED OFF)
  if(WIN32)
    # A static CivetWeb needs Winsock.
    set_property(TARGET civetweb::civetweb APPEND PROPERTY
      INTERFACE_LINK_LIBRARIES ws2_32)
  endif()
  return()
endif()

message(STATUS "CivetWeb: building from ${civetweb_SOURCE_DIR}")
enable_language(C)
set(PORTWATCH_CIVETWEB_BUNDLED ON)

# portwatch's edits to CivetWeb's source, made on a copy in the build tree
# (the source tree, which may be a directory you passed, is never
# written). Each replaces one passage and fails the configure step when the
# passage is not there (another CivetWeb version), so none is lost
# silently. Where a wrapper can do it, third_party/civetweb does instead.
set(civetweb_c "${civetweb_SOURCE_DIR}/src/civetweb.c")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${civetweb_c}")
file(READ "${civetweb_c}" civetweb_text)
macro(portwatch_civetweb_edit why old new)
  string(FIND "${civetweb_text}" "${old}" found)
  if(found EQUAL -1)
    message(FATAL_ERROR "CivetWeb edit (${why}) does not apply: "
      "\"${old}\" is not in ${civetweb_c}")
  endif()
  string(REPLACE "${old}" "${new}" civetweb_text "${civetweb_text}")
endmacro()
# A request CivetWeb cannot map to a path (OPTIONS *, an absolute URI of
# another port) was closed without a word; it gets a 400.
portwatch_civetweb_edit("answer what cannot be served"
  "/* TODO: handle non-local request (PROXY) */"
  "mg_send_http_error(conn, 400, \"%s\", \"Bad Request\");")
set(civetweb_edited "${CMAKE_CURRENT_BINARY_DIR}/civetweb-edited")
file(WRITE "${civetweb_edited}/civetweb.c.new" "${civetweb_text}")
configure_file("${civetweb_edited}/civetweb.c.new"
  "${civetweb_edited}/civetweb.c" COPYONLY)

add_library(portwatch_civetweb STATIC
  "${PROJECT_SOURCE_DIR}/third_party/civetweb/portwatch_civetweb.c")
add_library(civetweb::civetweb ALIAS portwatch_civetweb)
target_include_directories(portwatch_civetweb SYSTEM PUBLIC
  "${civetweb_SOURCE_DIR}/include"
  "${PROJECT_SOURCE_DIR}/third_party/civetweb")
# The edited civetweb.c first; the files it includes from its own src/.
target_include_directories(portwatch_civetweb PRIVATE
  "${civetweb_edited}" "${civetweb_SOURCE_DIR}/src")
# Workers are threads (one per connection); their stacks need far less
# than the 8 MiB default, and many idle connections each hold one.
target_compile_definitions(portwatch_civetweb PRIVATE
  USE_IPV6 NO_FILES NO_CGI USE_STACK_SIZE=262144)
set_target_properties(portwatch_civetweb PROPERTIES
  C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
find_package(Threads REQUIRED)
target_link_libraries(portwatch_civetweb PUBLIC Threads::Threads)
if(NOT WIN32)  # TLS is served on Linux only (docs/security.md)
  find_package(OpenSSL 1.1 REQUIRED)
  target_compile_definitions(portwatch_civetweb PRIVATE
    NO_SSL_DL OPENSSL_API_1_1)
  target_link_libraries(portwatch_civetweb PUBLIC OpenSSL::SSL OpenSSL::Crypto)
else()
  target_compile_definitions(portwatch_civetweb PRIVATE NO_SSL)
endif()
if(WIN32)
  target_link_libraries(portwatch_civetweb PUBLIC ws2_32)
else()
  target_link_libraries(portwatch_civetweb PUBLIC ${CMAKE_DL_LIBS})
endif()
