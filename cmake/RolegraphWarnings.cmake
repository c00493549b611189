# rolegraph_set_warnings(TARGET) turns on the project's warning set for one
# target; ROLEGRAPH_WERROR makes them errors (CI sets it).
function(rolegraph_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic
    -Wno-unused-parameter -Wno-missing-field-initializers)
  if(ROLEGRAPH_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
