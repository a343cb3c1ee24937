#pragma once
// Helpers for the payment tests: raw calls to the sandbox (as Stripe.js or a dashboard would
// make them) and a capture server that stands in for a webhook endpoint.
#include <atomic>
#include <functional>
#include <mutex>
#include <vector>

#include "common/form.hpp"
#include "harness.hpp"
#include "http/server.hpp"
#include "payment/gateway.hpp"

namespace wolfix::test {

// POSTs a form to the sandbox mounted on `server` (path after /sandbox/stripe).
Reply sandbox_post(TestServer& server, const std::string& path, const FormPairs& form,
                   const std::string& key, const std::string& idempotency_key = "");
Reply sandbox_get(TestServer& server, const std::string& path_and_query, const std::string& key);

// Stands in for a webhook endpoint: records every request and answers what `respond` says.
class CaptureServer {
 public:
  struct Hit {
    std::string body;
    std::string signature;
  };
  CaptureServer();
  ~CaptureServer();
  std::string url() const;
  std::vector<Hit> hits();
  // Waits (up to 15 s) until at least n requests arrived; returns whether they did.
  bool wait_for(std::size_t n);
  // What to answer (a status) for each request; the default accepts everything.
  void set_respond(std::function<int(const Hit&)> respond);

 private:
  std::function<int(const Hit&)> respond_ = [](const Hit&) { return 200; };
  std::mutex mu_;
  std::vector<Hit> hits_;
  std::unique_ptr<http::Server> server_;
  uint16_t port_ = 0;
};

// Waits (up to 15 s) until `condition` holds.
bool eventually(const std::function<bool()>& condition);

}  // namespace wolfix::test
