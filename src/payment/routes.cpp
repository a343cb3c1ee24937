#include "payment/routes.hpp"

#include "common/json_writer.hpp"
#include "common/money.hpp"

namespace wolfix::payment {

void register_payment_routes(http::Router& router, const Config& config, const Gateway& gateway) {
  router.add(http::Method::get, "/api/payments/config", http::Access::anyone(),
             [&config, &gateway](http::Request&) {
               std::string api_base = config.stripe_api_base;
               if (config.payment_provider() == "sandbox") {
                 // The sandbox shares this listener. apiBase is where browsers send card data,
                 // and this answer is cached publicly: it comes from configuration, never from
                 // the request's Host header. Unconfigured, a path on the page's own origin.
                 std::string base = config.public_base_url;
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
               w.end_array().field("currency", kShopCurrency.code).end_object();
               auto res = http::Response::raw_json(w.take());
               res.with_header("Cache-Control", "public, max-age=60");
               return res;
             });
}

}  // namespace wolfix::payment
