# embed_files(DIR FILES OUT NAMESPACE): writes OUT, a C++ file holding each of FILES (paths
# relative to DIR, sorted here) as a byte array with its SHA-256 (the ETag), and
# wolfix::NAMESPACE::embedded_files() (NAMESPACE/embedded.hpp) listing them. One generated
# translation unit keeps the build cheap; OUT is rewritten only when it changes.
function(embed_files dir files out namespace)
  list(SORT files)
  set(arrays "")
  set(table "")
  set(i 0)
  foreach(rel ${files})
    file(READ ${dir}/${rel} hex HEX)
    file(SHA256 ${dir}/${rel} digest)
    file(SIZE ${dir}/${rel} size)
    string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
    string(APPEND arrays "const unsigned char f${i}[] = {${bytes}0};\n")
    string(APPEND table "    {\"${rel}\", f${i}, ${size}, \"${digest}\"},\n")
    math(EXPR i "${i} + 1")
  endforeach()
  file(WRITE ${out}.tmp
       "#include \"${namespace}/embedded.hpp\"\nnamespace wolfix::${namespace} {\nnamespace {\n${arrays}}  // namespace\n"
       "std::span<const EmbeddedFile> embedded_files() {\n  static const EmbeddedFile all[] = {\n${table}"
       "    {nullptr, nullptr, 0, nullptr}};\n  return {all, sizeof(all) / sizeof(all[0]) - 1};\n}\n"
       "}  // namespace wolfix::${namespace}\n")
  file(COPY_FILE ${out}.tmp ${out} ONLY_IF_DIFFERENT)
endfunction()
