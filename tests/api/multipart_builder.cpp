#include "multipart_builder.hpp"

#include "media/placeholder.hpp"

namespace wolfix::test {

std::string test_png(int size) {
  return media::placeholder_png(size, size, 0x3366cc, 0xcc6633, 3);
}

std::string test_jpeg(std::size_t bytes) {
  std::string out = "\xFF\xD8\xFF\xE0";
  out.resize(bytes < 8 ? 8 : bytes, 'j');
  return out;
}

std::string test_mp4() {
  std::string out(
      "\0\0\0\x18"
      "ftypisom\0\0\0\0mp41",
      20);
  out += std::string(
      "\0\0\0\x08"
      "free",
      8);
  return out;
}

std::string test_pdf() {
  return "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
}

}  // namespace wolfix::test
