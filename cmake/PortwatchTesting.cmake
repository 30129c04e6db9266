# How portwatch registers its tests. Every test carries CTest labels:
#   unit             GoogleTest cases
#   golden           the end-to-end metric output against tests/golden
#   e2e              the real binary over real HTTP (and real Prometheus)
#   root             needs root for network namespaces; skips without it
#   lint             formatting, rules, mixin and dashboard checks
#   slow             minutes long (the rules mutation test); in the full run only
#   fuzz-regression  every fuzz target replays its seed corpus
#   windows          the Windows build, run under wine
#   packaging        the packages in dist/ (scripts/build-deb.sh), installed
#                    into a fresh root
# A test whose tool is missing is still registered and skips (CTest exit
# code 77) saying what is missing, so `ctest` works on a machine with only
# the build dependencies. Under CI=true a skip is a failure.

if(PORTWATCH_BUILD_TESTS)
  find_package(Python3 COMPONENTS Interpreter)
  find_package(GTest CONFIG)
  if(NOT GTest_FOUND)
    message(STATUS "GoogleTest not found (apt-get install libgtest-dev): "
      "the unit tests are registered as skipped")
  endif()
  if(CMAKE_CROSSCOMPILING AND WIN32 AND NOT CMAKE_CROSSCOMPILING_EMULATOR)
    message(STATUS "No CMAKE_CROSSCOMPILING_EMULATOR (wine): the Windows "
      "tests are built, not registered")
  endif()
endif()

# portwatch_add_unit_tests(<library> <test.cpp>... [LINUX <test.cpp>...]
#                          [WINDOWS <test.cpp>...])
# The GoogleTest cases of one directory, beside the code they test: one
# executable named by the directory's path (sources/sockets:
# sources_sockets_tests), linking <library> and tests/fakes. Natively
# every case is its own CTest test (label unit); a Windows cross-build
# registers the executable as one test run through the emulator (wine;
# labels unit and windows).
function(portwatch_add_unit_tests library)
  if(NOT PORTWATCH_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "LINUX;WINDOWS")
  set(sources ${arg_UNPARSED_ARGUMENTS})
  if(WIN32)
    list(APPEND sources ${arg_WINDOWS})
  else()
    list(APPEND sources ${arg_LINUX})
  endif()
  if(NOT sources)
    return()
  endif()
  file(RELATIVE_PATH directory "${PROJECT_SOURCE_DIR}" "${CMAKE_CURRENT_SOURCE_DIR}")
  string(REPLACE "/" "_" directory "${directory}")
  set(name "${directory}_tests")
  if(NOT GTest_FOUND)
    portwatch_add_test(NAME "${name}" LABELS unit
      SKIP_REASON "needs GoogleTest (libgtest-dev), not found when CMake configured this build")
    return()
  endif()
  add_executable("${name}" ${sources})
  target_link_libraries("${name}" PRIVATE
    "${library}" portwatch_test_support GTest::gtest GTest::gtest_main
    portwatch_warnings)
  if(NOT CMAKE_CROSSCOMPILING)
    include(GoogleTest)
    gtest_discover_tests("${name}" DISCOVERY_TIMEOUT 30
      PROPERTIES LABELS unit)
  elseif(CMAKE_CROSSCOMPILING_EMULATOR)
    add_test(NAME "${name}" COMMAND "${name}")
    set_tests_properties("${name}" PROPERTIES LABELS "unit;windows"
      TIMEOUT 600)
  endif()
endfunction()

# portwatch_add_test(NAME <name> LABELS <label>... COMMAND <command>...
#                    [NEEDS <program>...] [PYTHON [PYTHON_MODULES <module>...]]
#                    [ENVIRONMENT <VAR=value>...] [TIMEOUT <seconds>]
#                    [SKIP_REASON <why>])
# Registers a test that runs COMMAND, or, when a program in NEEDS (looked up
# on PATH), Python 3 or one of its modules is missing, one that skips and
# names what is missing (or SKIP_REASON). With PYTHON, COMMAND is a script
# run by Python 3.
function(portwatch_add_test)
  cmake_parse_arguments(PARSE_ARGV 0 arg "PYTHON" "NAME;TIMEOUT;SKIP_REASON"
    "LABELS;COMMAND;NEEDS;PYTHON_MODULES;ENVIRONMENT")
  set(missing "")
  foreach(program IN LISTS arg_NEEDS)
    string(MAKE_C_IDENTIFIER "PORTWATCH_PROGRAM_${program}" variable)
    find_program(${variable} "${program}")
    if(NOT ${variable})
      list(APPEND missing "${program}")
    endif()
  endforeach()
  set(command ${arg_COMMAND})
  if(arg_PYTHON)
    if(NOT Python3_Interpreter_FOUND)
      list(APPEND missing "python3")
    else()
      foreach(module IN LISTS arg_PYTHON_MODULES)
        portwatch_python_has_module("${module}" found)
        if(NOT found)
          list(APPEND missing "python3-${module}")
        endif()
      endforeach()
      set(command "${Python3_EXECUTABLE}" ${arg_COMMAND})
    endif()
  endif()
  if(missing)
    list(JOIN missing ", " missing_text)
    set(arg_SKIP_REASON
      "needs ${missing_text}, not found when CMake configured this build")
  endif()
  if(arg_SKIP_REASON)
    set(command sh "${PROJECT_SOURCE_DIR}/tests/skip.sh" "${arg_SKIP_REASON}")
  endif()
  add_test(NAME "${arg_NAME}" COMMAND ${command})
  if(NOT arg_TIMEOUT)
    set(arg_TIMEOUT 600)
  endif()
  set_tests_properties("${arg_NAME}" PROPERTIES
    LABELS "${arg_LABELS}" TIMEOUT "${arg_TIMEOUT}" SKIP_RETURN_CODE 77)
  if(arg_ENVIRONMENT)
    set_tests_properties("${arg_NAME}" PROPERTIES
      ENVIRONMENT "${arg_ENVIRONMENT}")
  endif()
endfunction()

# Sets <result> to whether Python 3 imports <module>.
function(portwatch_python_has_module module result)
  execute_process(COMMAND "${Python3_EXECUTABLE}" -c "import ${module}"
    RESULT_VARIABLE status OUTPUT_QUIET ERROR_QUIET)
  if(status EQUAL 0)
    set(${result} ON PARENT_SCOPE)
  else()
    set(${result} OFF PARENT_SCOPE)
  endif()
endfunction()
