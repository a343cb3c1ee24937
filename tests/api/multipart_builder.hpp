#pragma once
// Builds multipart/form-data request bodies for API tests, as a browser's FormData would.
#include <string>
#include <utility>
#include <vector>

#include "harness.hpp"

namespace wolfix::test {

class MultipartBuilder {
 public:
  MultipartBuilder& field(const std::string& name, const std::string& value) {
    body_ += "--" + boundary_ + "\r\nContent-Disposition: form-data; name=\"" + name +
             "\"\r\n\r\n" + value + "\r\n";
    return *this;
  }
  MultipartBuilder& file(const std::string& name, const std::string& filename,
                         const std::string& content_type, const std::string& bytes) {
    body_ += "--" + boundary_ + "\r\nContent-Disposition: form-data; name=\"" + name +
             "\"; filename=\"" + filename + "\"\r\nContent-Type: " + content_type + "\r\n\r\n" +
             bytes + "\r\n";
    return *this;
  }
  std::string body() const { return body_ + "--" + boundary_ + "--\r\n"; }
  std::string content_type() const { return "multipart/form-data; boundary=" + boundary_; }

  Reply send(TestServer& server, const std::string& method, const std::string& path,
             const std::string& token = "") const {
    return server.request(method, path, body(), token, {{"Content-Type", content_type()}});
  }

 private:
  std::string boundary_ = "----WolfixTestBoundary9f3Kx";
  std::string body_;
};

// Minimal files whose leading bytes pass type sniffing.
std::string test_png(int size = 8);
std::string test_jpeg(std::size_t bytes = 64);
std::string test_mp4();
std::string test_pdf();

}  // namespace wolfix::test
