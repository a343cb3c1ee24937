#pragma once
// UTF-8 decoding and encoding by code point, for the text rules of the modules (case folding,
// blank checks, profanity matching). Malformed input never throws: see next_code_point.
#include <cstddef>
#include <string>
#include <string_view>

namespace wolfix::utf8 {

// Decodes one code point at text[i] (i < text.size()) and advances i past it; a malformed byte
// decodes as U+FFFD and advances by one, so a loop over any input ends.
char32_t next_code_point(std::string_view text, std::size_t& i);

// Number of code points (characters, not bytes: a Ukrainian letter is two bytes) in valid UTF-8.
std::size_t length(std::string_view text);

// Appends the code point's UTF-8 encoding.
void append(std::string& out, char32_t cp);

}  // namespace wolfix::utf8
