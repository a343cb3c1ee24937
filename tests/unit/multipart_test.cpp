// The multipart/form-data parser: boundaries, quoting, file names, per-part types, limits and
// malformed input.
#include "http/multipart.hpp"

#include <gtest/gtest.h>

#include "common/errors.hpp"
#include "http/types.hpp"

namespace wolfix::http {
namespace {

const std::string kB = "----WebKitFormBoundary7MA4YWxkTrZu0gW";

std::string body_of(std::initializer_list<std::string> parts) {
  std::string out;
  for (const auto& p : parts) out += "--" + kB + "\r\n" + p + "\r\n";
  out += "--" + kB + "--\r\n";
  return out;
}

int status_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ApiError& e) {
    return e.status();
  }
  return 0;
}

TEST(MultipartBoundary, ReadsPlainAndQuotedBoundaries) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=abc123"), "abc123");
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data;boundary=\"a b:c\""), "a b:c");
  EXPECT_EQ(multipart_boundary("multipart/form-data; charset=utf-8; boundary=x"), "x");
}

TEST(MultipartBoundary, RejectsOtherTypesAndBadBoundaries) {
  EXPECT_FALSE(multipart_boundary("application/json"));
  EXPECT_FALSE(multipart_boundary("multipart/mixed; boundary=abc"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary="));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=\"abc \""));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'a')));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=a{b"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=a; boundary=b"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=\"unterminated"));
}

TEST(MultipartParse, FieldsAndFilesWithTheirTypes) {
  auto body = body_of({
      "Content-Disposition: form-data; name=\"title\"\r\n\r\nСмартфон",
      "Content-Disposition: form-data; name=\"media\"; filename=\"a.jpg\"\r\n"
      "Content-Type: Image/JPEG\r\n\r\n\xFF\xD8\xFF\r\n--not-a-boundary",
      "content-disposition: form-data; name=empty\r\n\r\n",
  });
  auto parts = parse_multipart(body, kB);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].name, "title");
  EXPECT_FALSE(parts[0].is_file());
  EXPECT_EQ(parts[0].data, "Смартфон");
  EXPECT_EQ(parts[0].content_type, "text/plain");
  EXPECT_EQ(parts[1].name, "media");
  ASSERT_TRUE(parts[1].filename);
  EXPECT_EQ(*parts[1].filename, "a.jpg");
  EXPECT_EQ(parts[1].content_type, "image/jpeg");
  EXPECT_EQ(parts[1].data, "\xFF\xD8\xFF\r\n--not-a-boundary");
  EXPECT_EQ(parts[2].name, "empty");
  EXPECT_EQ(parts[2].data, "");
}

TEST(MultipartParse, PreambleEpilogueAndPaddingAreIgnored) {
  std::string body = "preamble text\r\n--" + kB + "  \r\n" +
                     "Content-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--" + kB +
                     "--\r\nepilogue";
  auto parts = parse_multipart(body, kB);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].data, "1");
}

TEST(MultipartParse, QuotedNamesWithEscapesAndExtendedFilenames) {
  auto body = body_of({
      "Content-Disposition: form-data; name=\"we\\\"ird; name\"; filename=\"x.png\"; "
      "filename*=UTF-8''%D1%84%D0%BE%D1%82%D0%BE.png\r\n\r\nPNG",
  });
  auto parts = parse_multipart(body, kB);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].name, "we\"ird; name");
  EXPECT_EQ(*parts[0].filename, "фото.png");
  EXPECT_EQ(parts[0].content_type, "application/octet-stream");
}

TEST(MultipartParse, AFileCanHaveAnEmptyFilename) {
  auto parts = parse_multipart(
      body_of({"Content-Disposition: form-data; name=\"f\"; filename=\"\"\r\n\r\n"}), kB);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_TRUE(parts[0].is_file());
}

TEST(MultipartParse, MalformedBodiesAre400) {
  auto bad = [&](const std::string& body) { return status_of([&] { parse_multipart(body, kB); }); };
  EXPECT_EQ(bad(""), 400);
  EXPECT_EQ(bad("no boundary here"), 400);
  // No closing delimiter.
  EXPECT_EQ(bad("--" + kB + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1"), 400);
  // Headers never end.
  EXPECT_EQ(bad("--" + kB + "\r\nContent-Disposition: form-data; name=\"a\"\r\n"), 400);
  // Delimiter followed by junk instead of CRLF.
  EXPECT_EQ(bad("--" + kB + "junk\r\n\r\n\r\n--" + kB + "--"), 400);
  // Missing Content-Disposition, wrong disposition type, missing or empty name.
  EXPECT_EQ(bad(body_of({"Content-Type: text/plain\r\n\r\nx"})), 400);
  EXPECT_EQ(bad(body_of({"Content-Disposition: attachment; name=\"a\"\r\n\r\nx"})), 400);
  EXPECT_EQ(bad(body_of({"Content-Disposition: form-data; filename=\"a\"\r\n\r\nx"})), 400);
  EXPECT_EQ(bad(body_of({"Content-Disposition: form-data; name=\"\"\r\n\r\nx"})), 400);
  // Unterminated quote, repeated parameter, header line without a colon, folded header.
  EXPECT_EQ(bad(body_of({"Content-Disposition: form-data; name=\"a\r\n\r\nx"})), 400);
  EXPECT_EQ(bad(body_of({"Content-Disposition: form-data; name=a; name=b\r\n\r\nx"})), 400);
  EXPECT_EQ(bad(body_of({"Content-Disposition: form-data; name=a\r\nBogus\r\n\r\nx"})), 400);
  EXPECT_EQ(bad(body_of({"Content-Disposition: form-data;\r\n name=a\r\n\r\nx"})), 400);
  // Encodings we do not decode.
  EXPECT_EQ(bad(body_of({"Content-Disposition: form-data; name=a\r\n"
                         "Content-Transfer-Encoding: base64\r\n\r\neA=="})),
            400);
  EXPECT_EQ(bad(body_of({"Content-Disposition: form-data; name=a; filename*=latin1''x\r\n\r\nx"})),
            400);
}

TEST(MultipartParse, LimitsOnPartsHeadersAndSizes) {
  MultipartLimits limits;
  limits.max_parts = 2;
  limits.max_field_bytes = 4;
  limits.max_file_bytes = 8;
  limits.max_part_header_bytes = 100;
  auto field = [](const std::string& v) {
    return "Content-Disposition: form-data; name=\"a\"\r\n\r\n" + v;
  };
  auto file = [](const std::string& v) {
    return "Content-Disposition: form-data; name=\"f\"; filename=\"f\"\r\n\r\n" + v;
  };
  EXPECT_EQ(status_of([&] {
              parse_multipart(body_of({field("1"), field("2"), field("3")}), kB, limits);
            }),
            400);
  EXPECT_EQ(status_of([&] { parse_multipart(body_of({field("12345")}), kB, limits); }), 413);
  EXPECT_EQ(status_of([&] { parse_multipart(body_of({file("123456789")}), kB, limits); }), 413);
  EXPECT_EQ(status_of([&] { parse_multipart(body_of({file("12345678")}), kB, limits); }), 0);
  std::string long_header =
      "Content-Disposition: form-data; name=\"" + std::string(200, 'a') + "\"\r\n\r\nx";
  EXPECT_EQ(status_of([&] { parse_multipart(body_of({long_header}), kB, limits); }), 400);
}

TEST(MultipartForm, LooksUpNamesCaseInsensitivelyAndReadsLists) {
  auto body = body_of({
      "Content-Disposition: form-data; name=\"Title\"\r\n\r\nPhone",
      "Content-Disposition: form-data; name=\"keys[1]\"\r\n\r\nsecond",
      "Content-Disposition: form-data; name=\"keys[0]\"\r\n\r\nfirst",
      "Content-Disposition: form-data; name=\"keys\"\r\n\r\nplain",
      "Content-Disposition: form-data; name=\"keysX\"\r\n\r\nnot a key",
      "Content-Disposition: form-data; name=\"media\"; filename=\"1.png\"\r\n\r\nA",
      "Content-Disposition: form-data; name=\"Media\"; filename=\"2.png\"\r\n\r\nB",
  });
  Request req;
  req.headers["content-type"] = "multipart/form-data; boundary=" + kB;
  req.body = body;
  auto form = MultipartForm::parse(req);
  EXPECT_EQ(form.field("title"), "Phone");
  EXPECT_FALSE(form.field("media"));  // files are not text fields
  EXPECT_EQ(form.fields("keys"), (std::vector<std::string>{"first", "second", "plain"}));
  auto files = form.files("media");
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0]->data, "A");
  EXPECT_EQ(files[1]->data, "B");
  EXPECT_TRUE(form.has("MEDIA"));
  EXPECT_FALSE(form.has("price"));
}

TEST(MultipartForm, NonUtf8TextFieldIs400) {
  Request req;
  req.headers["content-type"] = "multipart/form-data; boundary=" + kB;
  req.body = body_of({"Content-Disposition: form-data; name=\"t\"\r\n\r\n\xC3\x28"});
  auto form = MultipartForm::parse(req);
  EXPECT_EQ(status_of([&] { form.field("t"); }), 400);
  EXPECT_EQ(status_of([&] { form.fields("t"); }), 400);
}

TEST(MultipartForm, NotMultipartIs415) {
  Request req;
  req.headers["content-type"] = "application/json";
  req.body = "{}";
  EXPECT_EQ(status_of([&] { MultipartForm::parse(req); }), 415);
  req.headers.erase("content-type");
  EXPECT_EQ(status_of([&] { MultipartForm::parse(req); }), 415);
}

}  // namespace
}  // namespace wolfix::http
