# Writes a C++ file holding the API reference's sources (every module's api.json, the document's
# head and the viewer under src/apidoc/) as byte arrays with their SHA-256, as embed_web.cmake
# does for web/. -DDIR=src -DOUT=file.cpp
file(GLOB files RELATIVE ${DIR} ${DIR}/*/api.json)
file(GLOB_RECURSE own RELATIVE ${DIR} ${DIR}/apidoc/head/* ${DIR}/apidoc/viewer/*)
list(APPEND files ${own})
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
     "#include \"apidoc/embedded.hpp\"\nnamespace wolfix::apidoc {\nnamespace {\n${arrays}}  // namespace\n"
     "std::span<const EmbeddedFile> embedded_files() {\n  static const EmbeddedFile all[] = {\n${table}"
     "    {nullptr, nullptr, 0, nullptr}};\n  return {all, sizeof(all) / sizeof(all[0]) - 1};\n}\n"
     "}  // namespace wolfix::apidoc\n")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
