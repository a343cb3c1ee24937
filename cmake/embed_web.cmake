# Writes a C++ file holding every file under DIR as a byte array, with its SHA-256 (the ETag).
# One generated translation unit keeps the build cheap; run by CMakeLists.txt when a file changes.
file(GLOB_RECURSE files RELATIVE ${DIR} ${DIR}/*)
list(SORT files)
set(arrays "")
set(table "")
set(i 0)
foreach(rel ${files})
  file(READ ${DIR}/${rel} hex HEX)
  file(SHA256 ${DIR}/${rel} digest)
  file(SIZE ${DIR}/${rel} size)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND arrays "const unsigned char f${i}[] = {${bytes}0};\n")
  string(APPEND table "    {\"${rel}\", f${i}, ${size}, \"${digest}\"},\n")
  math(EXPR i "${i} + 1")
endforeach()
file(WRITE ${OUT}.tmp
     "#include \"web/embedded.hpp\"\nnamespace wolfix::web {\nnamespace {\n${arrays}}  // namespace\n"
     "std::span<const EmbeddedFile> embedded_files() {\n  static const EmbeddedFile all[] = {\n${table}"
     "    {nullptr, nullptr, 0, nullptr}};\n  return {all, sizeof(all) / sizeof(all[0]) - 1};\n}\n"
     "}  // namespace wolfix::web\n")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
