# What `cmake --install` puts where: the layout of the Debian package
# (debian/), the container image and the Windows zip and MSI. Linux:
#   bin/portwatch_exporter, man1/portwatch_exporter.1 (help2man, when found
#   and the binary runs on the build machine),
#   <PORTWATCH_SYSTEMD_UNIT_DIR>/portwatch_exporter.service,
#   /etc/default/portwatch (the unit's flags),
#   share/portwatch/{alerts,dashboards,systemd} (rules, dashboard, drop-ins
#   for the privileged collectors), share/doc/portwatch/examples.
# Windows: portwatch_exporter.exe at the top, the rest under share/.
include(GNUInstallDirs)

install(TARGETS portwatch_exporter RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
set(_portwatch_data "${CMAKE_INSTALL_DATADIR}/portwatch")
install(FILES
  "${PROJECT_SOURCE_DIR}/alerts/portwatch.rules.yml"
  "${PROJECT_SOURCE_DIR}/alerts/portwatch.alerts.yml"
  DESTINATION "${_portwatch_data}/alerts")
install(FILES "${PROJECT_SOURCE_DIR}/dashboards/portwatch.json"
  DESTINATION "${_portwatch_data}/dashboards")
install(FILES "${PROJECT_SOURCE_DIR}/packaging/web-config.example.yml"
  DESTINATION "${CMAKE_INSTALL_DOCDIR}/examples")

if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
  set(PORTWATCH_SYSTEMD_UNIT_DIR "lib/systemd/system" CACHE PATH
    "where the systemd unit goes; relative paths are under the prefix")
  install(FILES "${PROJECT_SOURCE_DIR}/packaging/systemd/portwatch_exporter.service"
    DESTINATION "${PORTWATCH_SYSTEMD_UNIT_DIR}")
  install(DIRECTORY "${PROJECT_SOURCE_DIR}/packaging/systemd/portwatch_exporter.service.d/"
    DESTINATION "${_portwatch_data}/systemd")
  install(FILES "${PROJECT_SOURCE_DIR}/packaging/default/portwatch"
    DESTINATION "${CMAKE_INSTALL_FULL_SYSCONFDIR}/default")

  find_program(PORTWATCH_HELP2MAN help2man)
  if(PORTWATCH_HELP2MAN AND NOT CMAKE_CROSSCOMPILING)
    # --version-string: --version also prints the revision and compiler.
    set(_portwatch_man "${PROJECT_BINARY_DIR}/portwatch_exporter.1")
    add_custom_command(OUTPUT "${_portwatch_man}"
      COMMAND "${PORTWATCH_HELP2MAN}" --no-info --section=1
        "--version-string=${PROJECT_VERSION}"
        "--name=Prometheus exporter that warns before a host runs out of TCP ephemeral ports"
        "--output=${_portwatch_man}" "$<TARGET_FILE:portwatch_exporter>"
      DEPENDS portwatch_exporter
      COMMENT "Man page from portwatch_exporter --help")
    add_custom_target(portwatch_man ALL DEPENDS "${_portwatch_man}")
    install(FILES "${_portwatch_man}" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
  endif()
endif()
