#pragma once
// The optional external moderation service (Wolfix.Server's toxicity API): POST {url}
// {"text": "..."} answered with a JSON boolean, true meaning toxic. Never called inside a
// database transaction: the answer may take up to the timeout.
#include <string>

namespace wolfix::review {

enum class ToxicityAnswer {
  clean,
  toxic,
  unavailable,  // no answer in time, an error status, or not a boolean: the review is held
};

class ToxicityCheck {
 public:
  virtual ~ToxicityCheck() = default;
  virtual ToxicityAnswer check(const std::string& text) = 0;
};

class HttpToxicityCheck final : public ToxicityCheck {
 public:
  HttpToxicityCheck(std::string url, int timeout_ms)
      : url_(std::move(url)), timeout_ms_(timeout_ms) {}
  ToxicityAnswer check(const std::string& text) override;

 private:
  std::string url_;
  int timeout_ms_;
};

}  // namespace wolfix::review
