#include "common/error_body.hpp"

#include <type_traits>

namespace wolfix {

void write_error_value(JsonWriter& w, const ErrorValue& v) {
  std::visit(
      [&w](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          w.null();
        } else if constexpr (std::is_same_v<T, bool>) {
          w.boolean(x);
        } else if constexpr (std::is_same_v<T, int64_t>) {
          w.number(x);
        } else if constexpr (std::is_same_v<T, std::string>) {
          w.string(x);
        } else if constexpr (std::is_same_v<T, ErrorValue::Money>) {
          w.money(x.minor, x.exponent);
        } else if constexpr (std::is_same_v<T, ErrorValue::Array>) {
          w.begin_array();
          for (const auto& e : x) write_error_value(w, e);
          w.end_array();
        } else {
          w.begin_object();
          for (const auto& m : x) {
            w.key(m.key);
            write_error_value(w, m.value);
          }
          w.end_object();
        }
      },
      v.get());
}

std::string error_body_json(const ApiError& e) {
  JsonWriter w;
  w.begin_object().field("message", e.what()).field("code", e.code());
  if (!e.errors().empty()) {
    w.key("errors").begin_object();
    for (const auto& [field, messages] : e.errors()) {
      w.key(field).begin_array();
      for (const auto& m : messages) w.string(m);
      w.end_array();
    }
    w.end_object();
  }
  for (const auto& m : e.extra()) {
    // A detail never overwrites the three members every client reads.
    if (m.key == "message" || m.key == "code" || m.key == "errors") continue;
    w.key(m.key);
    write_error_value(w, m.value);
  }
  w.end_object();
  return w.take();
}

}  // namespace wolfix
