# Writes a C++ file with one function returning the text of a data file, so that the binary
# never depends on files next to it (as with the migrations). -DIN=file -DOUT=file.cpp
# -DFUNCTION=qualified::name
file(READ ${IN} text)
string(REGEX MATCH "^(.*)::([^:]+)$" _ "${FUNCTION}")
set(ns ${CMAKE_MATCH_1})
set(fn ${CMAKE_MATCH_2})
set(body "#include <string_view>\nnamespace ${ns} {\nstd::string_view ${fn}() {\n  return R\"__text__(${text})__text__\";\n}\n}  // namespace ${ns}\n")
file(WRITE ${OUT}.tmp "${body}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
