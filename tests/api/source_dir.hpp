#pragma once
// The checkout the API tests were built from (its web/, scripts/...); defined in harness.cpp,
// the one file compiled with WOLFIX_SOURCE_DIR.
namespace wolfix::test {
const char* source_dir();
}
