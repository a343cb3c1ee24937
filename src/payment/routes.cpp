#include "payment/routes.hpp"

#include "common/json_writer.hpp"

namespace wolfix::payment {

void register_payment_routes(http::Router& router, const Config& config, const Gateway& gateway) {
  router.add(http::Method::get, "/api/payments/config", http::Access::anyone(),
             [&config, &gateway](http::Request& req) {
               std::string api_base = config.stripe_api_base;
               if (config.payment_provider() == "sandbox") {
                 // The sandbox shares this listener: a browser reaches it where it reached us.
                 std::string base = config.public_base_url;
                 if (base.empty()) {
                   std::string host(req.header("host"));
                   bool https =
                       !config.tls_cert.empty() ||
                       (config.trust_forwarded_for && req.header("x-forwarded-proto") == "https");
                   base = (https ? "https://" : "http://") + (host.empty() ? config.listen : host);
                 }
                 while (!base.empty() && base.back() == '/') base.pop_back();
                 api_base = base + "/sandbox/stripe";
               }
               JsonWriter w;
               w.begin_object()
                   .field("provider", gateway.provider_name())
                   .field("publishableKey", config.payment_publishable_key())
                   .field("apiBase", api_base)
                   .key("paymentMethodTypes")
                   .begin_array();
               for (const auto& t : config.payment_method_types) w.string(t);
               w.end_array().field("currency", config.payment_currency).end_object();
               auto res = http::Response::raw_json(w.take());
               res.with_header("Cache-Control", "public, max-age=60");
               return res;
             });
}

}  // namespace wolfix::payment
