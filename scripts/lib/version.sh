# Sourced by the packaging scripts: portwatch_version prints the version
# CMakeLists.txt's project() declares, the one every package carries.
portwatch_version() {
  sed -n 's/^project(portwatch VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt
}
