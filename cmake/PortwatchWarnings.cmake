# Compiler warnings for every portwatch target; errors when PORTWATCH_WERROR is on (CI).
add_library(portwatch_warnings INTERFACE)
target_compile_options(portwatch_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion
  -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual)
if(PORTWATCH_WERROR)
  target_compile_options(portwatch_warnings INTERFACE -Werror)
endif()
