// Media: type sniffing by magic bytes, upload checks, the file-system blob store, placeholders.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/crypto.hpp"
#include "common/errors.hpp"
#include "http/multipart.hpp"
#include "media/blob_store.hpp"
#include "media/placeholder.hpp"
#include "media/sniff.hpp"
#include "media/uploads.hpp"

namespace wolfix::media {
namespace {

std::string mp4_header(const std::string& major, const std::string& compatible = "") {
  std::string brands = major + std::string("\0\0\0\0", 4) + compatible;
  uint32_t size = static_cast<uint32_t>(8 + brands.size());
  std::string out;
  out += static_cast<char>(size >> 24);
  out += static_cast<char>(size >> 16);
  out += static_cast<char>(size >> 8);
  out += static_cast<char>(size);
  out += "ftyp" + brands + "moov";
  return out;
}

TEST(MediaSniff, RecognisesPhotos) {
  EXPECT_EQ(sniff("\xFF\xD8\xFF\xE0rest")->mime, "image/jpeg");
  EXPECT_EQ(sniff(placeholder_png(4, 4, 0xff0000, 0x0000ff))->ext, "png");
  EXPECT_EQ(sniff("GIF89a....")->kind, Kind::photo);
  EXPECT_EQ(sniff("GIF87a....")->ext, "gif");
  EXPECT_EQ(sniff(std::string("RIFF\x10\0\0\0WEBPVP8 ....", 20))->mime, "image/webp");
}

TEST(MediaSniff, RecognisesVideosAndDocuments) {
  EXPECT_EQ(sniff(mp4_header("isom", "mp41"))->mime, "video/mp4");
  EXPECT_EQ(sniff(mp4_header("abcd", "mp42"))->kind, Kind::video);  // brand in the compatible list
  std::string webm = "\x1A\x45\xDF\xA3\x9F\x42\x86\x81\x01\x42\x82\x84webm\x42\x87";
  EXPECT_EQ(sniff(webm)->mime, "video/webm");
  EXPECT_EQ(sniff("%PDF-1.7\n%...")->kind, Kind::document);
}

TEST(MediaSniff, RejectsLookalikesAndOtherFormats) {
  EXPECT_FALSE(sniff(""));
  EXPECT_FALSE(sniff("\xFF\xD8"));  // truncated JPEG marker
  EXPECT_FALSE(sniff("<svg xmlns='http://www.w3.org/2000/svg'/>"));
  EXPECT_FALSE(sniff("<!DOCTYPE html><html>"));
  EXPECT_FALSE(sniff("MZ\x90\0"));                                 // an executable
  EXPECT_FALSE(sniff(std::string("RIFF\x10\0\0\0WAVEfmt ", 16)));  // audio, not WebP
  EXPECT_FALSE(sniff(mp4_header("heic", "mif1")));  // HEIF image in the same container
  std::string mkv = "\x1A\x45\xDF\xA3\x9F\x42\x82\x88matroska";
  EXPECT_FALSE(sniff(mkv));
  EXPECT_FALSE(sniff("PDF-1.4"));
}

TEST(MediaSniff, KindNamesAndNumbers) {
  EXPECT_EQ(parse_kind("Photo"), Kind::photo);
  EXPECT_EQ(parse_kind("video"), Kind::video);
  EXPECT_EQ(parse_kind("2"), Kind::document);
  EXPECT_FALSE(parse_kind("3"));
  EXPECT_FALSE(parse_kind("Audio"));
  EXPECT_EQ(kind_name(Kind::video), "Video");
  EXPECT_EQ(mime_for_extension("webm"), "video/webm");
  EXPECT_FALSE(mime_for_extension("svg"));
}

class BlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root = std::filesystem::temp_directory_path() / ("wolfix-blob-" + random_alnum(8));
  }
  void TearDown() override { std::filesystem::remove_all(root); }
  std::filesystem::path root;
};

TEST_F(BlobStoreTest, PutWritesAtomicallyAndRemoveDeletes) {
  BlobStore store(root, "https://shop.example/");
  auto rel = store.put("photos", "png", "bytes");
  EXPECT_TRUE(BlobStore::valid_relative_path(rel));
  EXPECT_EQ(rel.substr(0, 7), "photos/");
  std::ifstream in(root / rel);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "bytes");
  // No temporary file is left behind.
  int files = 0;
  for (auto& e : std::filesystem::directory_iterator(root / "photos")) files += e.is_regular_file();
  EXPECT_EQ(files, 1);
  EXPECT_EQ(store.url_for(rel), "https://shop.example/media/" + rel);
  EXPECT_EQ(store.path_from_url(store.url_for(rel)), rel);
  EXPECT_FALSE(store.path_from_url("https://evil.example/media/" + rel));
  EXPECT_TRUE(store.exists(rel));
  EXPECT_TRUE(store.remove(rel));
  EXPECT_FALSE(store.exists(rel));
  EXPECT_FALSE(store.remove(rel));
  EXPECT_NE(store.put("photos", "png", "x"), store.put("photos", "png", "x"));
}

TEST_F(BlobStoreTest, PathsCannotEscapeTheRoot) {
  BlobStore store(root);
  EXPECT_FALSE(store.resolve("../etc/passwd"));
  EXPECT_FALSE(store.resolve("photos/../../x.png"));
  EXPECT_FALSE(store.resolve("/etc/passwd"));
  EXPECT_FALSE(store.resolve("photos/.tmp-abc"));
  EXPECT_FALSE(store.resolve("photos/0193a5c2-7d1e-7abc-8def-0123456789ab.png/x"));
  EXPECT_FALSE(store.resolve("photos/sub/0193a5c2-7d1e-7abc-8def-0123456789ab.png"));
  EXPECT_FALSE(store.resolve("Photos/0193a5c2-7d1e-7abc-8def-0123456789ab.png"));
  EXPECT_FALSE(store.resolve("4k/0193a5c2-7d1e-7abc-8def-0123456789ab.png"));
  EXPECT_TRUE(store.resolve("videos/0193a5c2-7d1e-7abc-8def-0123456789ab.mp4"));
  EXPECT_TRUE(store.resolve("photos/0193a5c2-7d1e-7abc-8def-0123456789ab.png"));
  EXPECT_THROW(store.put("../x", "png", "x"), std::invalid_argument);
  EXPECT_THROW(store.put("photos", "p/g", "x"), std::invalid_argument);
  EXPECT_EQ(store.url_for("photos/a.png"), "/media/photos/a.png");
}

http::MultipartPart part_with(std::string_view data) {
  http::MultipartPart p;
  p.name = "media";
  p.filename = "x";
  p.data = data;
  return p;
}

int status_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ApiError& e) {
    return e.status();
  }
  return 0;
}

TEST_F(BlobStoreTest, UploadsAreCheckedByContentAndSize) {
  BlobStore store(root);
  std::string png = placeholder_png(8, 8, 0x112233, 0x445566);
  auto stored = store_upload(store, part_with(png), "media", {Kind::photo, Kind::video});
  EXPECT_EQ(stored.kind, Kind::photo);
  EXPECT_EQ(stored.mime, "image/png");
  EXPECT_EQ(stored.url, "/media/" + stored.path);
  EXPECT_TRUE(store.exists(stored.path));

  EXPECT_EQ(status_of([&] { check_upload(part_with("%PDF-1.4"), "media", {Kind::photo}); }), 415);
  EXPECT_EQ(status_of([&] { check_upload(part_with("hello"), "media", {Kind::photo}); }), 415);
  EXPECT_EQ(status_of([&] { check_upload(part_with(""), "media", {Kind::photo}); }), 400);
  UploadLimits small;
  small.photo_bytes = 10;
  EXPECT_EQ(status_of([&] { check_upload(part_with(png), "media", {Kind::photo}, small); }), 413);
  EXPECT_EQ(check_upload(part_with("%PDF-1.4"), "document", {Kind::document}).ext, "pdf");
  std::string mp4 = mp4_header("isom", "mp41");
  auto video = store_upload(store, part_with(mp4), "media", {Kind::photo, Kind::video});
  EXPECT_EQ(video.kind, Kind::video);
  EXPECT_EQ(video.path.substr(0, 7), "videos/");
  EXPECT_EQ(video.path.substr(video.path.size() - 4), ".mp4");
  EXPECT_TRUE(store.exists(video.path));
}

TEST_F(BlobStoreTest, PendingBlobsAreRemovedUnlessKept) {
  BlobStore store(root);
  std::string a, b;
  {
    PendingBlobs pending(store);
    a = store.put("photos", "png", "a");
    pending.add(a);
  }
  EXPECT_FALSE(store.exists(a));
  {
    PendingBlobs pending(store);
    b = store.put("photos", "png", "b");
    pending.add(b);
    pending.keep();
  }
  EXPECT_TRUE(store.exists(b));
}

TEST(MediaPlaceholder, IsAValidPngOfTheRightSize) {
  auto png = placeholder_png(64, 48, 0xff8800, 0x0088ff, 6);
  ASSERT_GT(png.size(), 64u * 48 * 3);
  EXPECT_EQ(png.substr(12, 4), "IHDR");
  EXPECT_EQ(static_cast<uint8_t>(png[19]), 64);  // width, big-endian
  EXPECT_EQ(static_cast<uint8_t>(png[23]), 48);  // height
  EXPECT_EQ(png.substr(png.size() - 8, 4), "IEND");
  EXPECT_THROW(placeholder_png(0, 10, 0, 0), std::invalid_argument);
}

}  // namespace
}  // namespace wolfix::media
