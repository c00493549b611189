# ROLEGRAPH_SANITIZE applies to every target in the tree, so the library and
# the tests share one runtime.
if(ROLEGRAPH_SANITIZE)
  add_compile_options(-fsanitize=${ROLEGRAPH_SANITIZE} -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${ROLEGRAPH_SANITIZE})
endif()
