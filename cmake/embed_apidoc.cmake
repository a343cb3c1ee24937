# Embeds the API reference's sources: every module's api.json, the document's head and the viewer
# under src/apidoc/. -DDIR=src -DOUT=file.cpp
include(${CMAKE_CURRENT_LIST_DIR}/embed_files.cmake)
file(GLOB files RELATIVE ${DIR} ${DIR}/*/api.json)
file(GLOB_RECURSE own RELATIVE ${DIR} ${DIR}/apidoc/head/* ${DIR}/apidoc/viewer/*)
list(APPEND files ${own})
embed_files(${DIR} "${files}" ${OUT} apidoc)
