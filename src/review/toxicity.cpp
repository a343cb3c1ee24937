#include "review/toxicity.hpp"

#include <boost/json.hpp>

#include "common/log.hpp"
#include "http/client.hpp"

namespace wolfix::review {

ToxicityAnswer HttpToxicityCheck::check(const std::string& text) {
  http::ClientRequest req;
  req.method = "POST";
  req.url = url_;
  req.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  req.body = boost::json::serialize(boost::json::object{{"text", text}});
  req.connect_timeout_ms = timeout_ms_;
  req.timeout_ms = timeout_ms_;
  try {
    auto res = http::send(req);
    if (res.status < 200 || res.status >= 300) {
      log::warn("review_moderation_unavailable", {{"status", res.status}});
      return ToxicityAnswer::unavailable;
    }
    boost::system::error_code ec;
    auto v = boost::json::parse(res.body, ec);
    if (ec || !v.is_bool()) {
      log::warn("review_moderation_unavailable", {{"error", "the answer is not a JSON boolean"}});
      return ToxicityAnswer::unavailable;
    }
    return v.as_bool() ? ToxicityAnswer::toxic : ToxicityAnswer::clean;
  } catch (const std::exception& e) {
    log::warn("review_moderation_unavailable", {{"error", e.what()}});
    return ToxicityAnswer::unavailable;
  }
}

}  // namespace wolfix::review
