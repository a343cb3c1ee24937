#pragma once
// Passwords that are among the most commonly used ones (issue 15 item 12). Such passwords are
// the first guesses of every credential-stuffing and spraying tool, so they are refused for new
// passwords however well they meet the character rules ("Password1!" meets them all).
#include <string_view>

namespace wolfix::identity {

// True when `password`, compared without regard to ASCII letter case, is on the embedded list
// (src/identity/data/common_passwords.txt), or is a listed word of at least four characters
// followed by at most four digits and symbols ("Qwerty1!", "Admin123!", "Monkey2024").
bool is_common_password(std::string_view password);

inline constexpr const char* kCommonPasswordMessage =
    "This password is one of the most commonly used passwords, which attackers try first; choose "
    "another.";

}  // namespace wolfix::identity
