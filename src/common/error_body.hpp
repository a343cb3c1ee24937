#pragma once
// The JSON body of an ApiError: {"message","code","errors"?, ...details}, written directly so
// that every detail keeps the type it was built with (money as a plain decimal number).
#include <string>

#include "common/errors.hpp"
#include "common/json_writer.hpp"

namespace wolfix {

void write_error_value(JsonWriter& w, const ErrorValue& v);
std::string error_body_json(const ApiError& e);

}  // namespace wolfix
