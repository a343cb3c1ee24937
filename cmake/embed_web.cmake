# Embeds every file under DIR (web/) for `wolfix serve`; run by CMakeLists.txt when a file
# changes. -DDIR=web -DOUT=file.cpp
include(${CMAKE_CURRENT_LIST_DIR}/embed_files.cmake)
file(GLOB_RECURSE files RELATIVE ${DIR} ${DIR}/*)
embed_files(${DIR} "${files}" ${OUT} web)
