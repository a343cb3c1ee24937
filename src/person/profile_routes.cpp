#include "person/profile_routes.hpp"

#include <boost/json.hpp>

#include "common/json_writer.hpp"
#include "common/person_json.hpp"

namespace wolfix::person {
namespace {

// The stored value as the object Wolfix.Server answers with.
template <class T>
http::Response written(const T& value, void (*write)(JsonWriter&, const T&)) {
  JsonWriter w;
  write(w, value);
  return http::Response::raw_json(w.take());
}

}  // namespace

void register_profile_routes(http::Router& router, const std::string& base,
                             const http::Access& access,
                             std::function<std::string(const http::Request&)> own_id,
                             ProfileEditor& editor, const Clock& clock) {
  using http::Method;
  using http::Request;
  using http::Response;
  router.add(Method::patch, base + "/full-name", access, [own_id, &editor](Request& req) {
    auto id = own_id(req);
    return written(editor.change_full_name(id, read_full_name(req.json_object())),
                   &write_full_name);
  });
  router.add(Method::patch, base + "/phone-number", access, [own_id, &editor](Request& req) {
    auto id = own_id(req);
    auto phone = editor.change_phone_number(id, read_phone_number(req.json_object()));
    return Response::json(boost::json::value(phone));
  });
  router.add(Method::patch, base + "/address", access, [own_id, &editor](Request& req) {
    auto id = own_id(req);
    return written(editor.change_address(id, read_address(req.json_object())), &write_address);
  });
  router.add(Method::patch, base + "/birth-date", access, [own_id, &editor, &clock](Request& req) {
    auto id = own_id(req);
    auto date = editor.change_birth_date(id, read_birth_date(req.json_object(), clock.now_ms()));
    return Response::json(boost::json::value(day_month_year(date)));
  });
}

}  // namespace wolfix::person
