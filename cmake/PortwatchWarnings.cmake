# Compiler warnings for every portwatch target; errors when PORTWATCH_WERROR is on (CI).
add_library(portwatch_warnings INTERFACE)
if(MSVC)
  target_compile_options(portwatch_warnings INTERFACE /W4 /permissive-)
  if(PORTWATCH_WERROR)
    target_compile_options(portwatch_warnings INTERFACE /WX)
  endif()
else()
  target_compile_options(portwatch_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion
    -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual)
  if(PORTWATCH_WERROR)
    target_compile_options(portwatch_warnings INTERFACE -Werror)
  endif()
endif()
