#pragma once
// Small generated PNG images for demo data and tests: a diagonal two-colour gradient with
// stripes, so placeholder products look distinct without any network or image library.
#include <cstdint>
#include <string>

namespace wolfix::media {

// A valid RGB PNG of width x height pixels (1..512) blending `from` into `to` (0xRRGGBB), with
// stripes every `stripe` pixels (0 for none). Uncompressed (stored deflate blocks): ~3 bytes
// per pixel, fine for thumbnails.
std::string placeholder_png(int width, int height, uint32_t from, uint32_t to, int stripe = 0);

}  // namespace wolfix::media
