#include "sandbox/model.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <ctime>

namespace wolfix::sandbox {
namespace {

using Kind = CardOutcome::Kind;

struct TestCard {
  std::string_view number;
  std::string_view brand;
  Kind kind;
  std::string_view code;  // decline code (card_declined subcodes) or error code
};

// Stripe's test card table (docs.stripe.com/testing), the subset the contract names and a few
// more decline reasons.
constexpr std::array kCards = {
    TestCard{"4242424242424242", "visa", Kind::succeed, ""},
    TestCard{"4000056655665556", "visa", Kind::succeed, ""},
    TestCard{"5555555555554444", "mastercard", Kind::succeed, ""},
    TestCard{"2223003122003222", "mastercard", Kind::succeed, ""},
    TestCard{"5200828282828210", "mastercard", Kind::succeed, ""},
    TestCard{"378282246310005", "amex", Kind::succeed, ""},
    TestCard{"371449635398431", "amex", Kind::succeed, ""},
    TestCard{"6011111111111117", "discover", Kind::succeed, ""},
    TestCard{"4000000000000002", "visa", Kind::decline, "generic_decline"},
    TestCard{"4000000000009995", "visa", Kind::decline, "insufficient_funds"},
    TestCard{"4000000000009987", "visa", Kind::decline, "lost_card"},
    TestCard{"4000000000009979", "visa", Kind::decline, "stolen_card"},
    TestCard{"4000000000006975", "visa", Kind::decline, "card_velocity_exceeded"},
    TestCard{"4100000000000019", "visa", Kind::decline, "fraudulent"},
    TestCard{"4000000000000069", "visa", Kind::decline, "expired_card"},
    TestCard{"4000000000000127", "visa", Kind::decline, "incorrect_cvc"},
    TestCard{"4000000000000119", "visa", Kind::decline, "processing_error"},
    TestCard{"4000002500003155", "visa", Kind::requires_action, ""},
    TestCard{"4000002760003184", "visa", Kind::requires_action, ""},
    TestCard{"4000000000003220", "visa", Kind::requires_action, ""},
    TestCard{"4000000000000259", "visa", Kind::dispute, ""},
};

struct TestPm {
  std::string_view id;
  std::string_view number;
};

constexpr std::array kPaymentMethods = {
    TestPm{"pm_card_visa", "4242424242424242"},
    TestPm{"pm_card_visa_debit", "4000056655665556"},
    TestPm{"pm_card_mastercard", "5555555555554444"},
    TestPm{"pm_card_mastercard_debit", "5200828282828210"},
    TestPm{"pm_card_amex", "378282246310005"},
    TestPm{"pm_card_discover", "6011111111111117"},
    TestPm{"pm_card_chargeDeclined", "4000000000000002"},
    TestPm{"pm_card_visa_chargeDeclined", "4000000000000002"},
    TestPm{"pm_card_chargeDeclinedInsufficientFunds", "4000000000009995"},
    TestPm{"pm_card_visa_chargeDeclinedInsufficientFunds", "4000000000009995"},
    TestPm{"pm_card_chargeDeclinedLostCard", "4000000000009987"},
    TestPm{"pm_card_visa_chargeDeclinedLostCard", "4000000000009987"},
    TestPm{"pm_card_chargeDeclinedStolenCard", "4000000000009979"},
    TestPm{"pm_card_visa_chargeDeclinedStolenCard", "4000000000009979"},
    TestPm{"pm_card_chargeDeclinedVelocityLimitExceeded", "4000000000006975"},
    TestPm{"pm_card_visa_chargeDeclinedVelocityLimitExceeded", "4000000000006975"},
    TestPm{"pm_card_chargeDeclinedFraudulent", "4100000000000019"},
    TestPm{"pm_card_visa_chargeDeclinedFraudulent", "4100000000000019"},
    TestPm{"pm_card_chargeDeclinedExpiredCard", "4000000000000069"},
    TestPm{"pm_card_visa_chargeDeclinedExpiredCard", "4000000000000069"},
    TestPm{"pm_card_chargeDeclinedIncorrectCvc", "4000000000000127"},
    TestPm{"pm_card_visa_chargeDeclinedIncorrectCvc", "4000000000000127"},
    TestPm{"pm_card_chargeDeclinedProcessingError", "4000000000000119"},
    TestPm{"pm_card_visa_chargeDeclinedProcessingError", "4000000000000119"},
    TestPm{"pm_card_authenticationRequired", "4000002500003155"},
    TestPm{"pm_card_threeDSecure2Required", "4000002760003184"},
    TestPm{"pm_card_threeDSecureRequired", "4000000000003220"},
    TestPm{"pm_card_createDispute", "4000000000000259"},
};

std::optional<int> parse_int(std::string_view s) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

CardOutcome from_card(const TestCard& c) {
  CardOutcome out;
  if (c.kind == Kind::decline) {
    std::string code(c.code);
    bool own_code = code == "expired_card" || code == "incorrect_cvc" || code == "processing_error";
    out = own_code ? decline(code) : decline("card_declined", code);
  }
  out.kind = c.kind;
  out.brand = c.brand;
  out.last4 = c.number.substr(c.number.size() - 4);
  return out;
}

}  // namespace

CardOutcome decline(std::string code, std::string decline_code) {
  CardOutcome o;
  o.kind = Kind::decline;
  o.type = "card_error";
  o.code = code;
  o.decline_code = decline_code.empty() ? code : decline_code;
  if (code == "card_declined") {
    o.message = "Your card was declined.";
    if (decline_code == "insufficient_funds") o.message = "Your card has insufficient funds.";
    if (decline_code == "test_mode_live_card")
      o.message =
          "Your card was declined. Your request was in test mode, but used a non test card. For "
          "a list of valid test cards, visit: https://stripe.com/docs/testing.";
  } else if (code == "expired_card") {
    o.message = "Your card has expired.";
    o.param = "exp_month";
  } else if (code == "incorrect_cvc") {
    o.message = "Your card's security code is incorrect.";
    o.param = "cvc";
  } else if (code == "processing_error") {
    o.message = "An error occurred while processing your card. Try again in a little bit.";
  } else if (code == "incorrect_number") {
    o.message = "Your card number is incorrect.";
    o.param = "number";
    o.decline_code.clear();
  } else {
    o.message = "Your card was declined.";
  }
  return o;
}

CardOutcome authentication_failure() {
  CardOutcome o;
  o.kind = Kind::decline;
  o.type = "invalid_request_error";
  o.code = "payment_intent_authentication_failure";
  o.message =
      "The provided PaymentMethod has failed authentication. You can provide payment_method_data "
      "or a new PaymentMethod to attempt to fulfill this PaymentIntent again.";
  return o;
}

std::optional<CardOutcome> outcome_for_payment_method(std::string_view pm_id) {
  for (const auto& pm : kPaymentMethods)
    if (pm.id == pm_id)
      for (const auto& c : kCards)
        if (c.number == pm.number) return from_card(c);
  return std::nullopt;
}

bool luhn_valid(std::string_view digits) {
  if (digits.size() < 12 || digits.size() > 19) return false;
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (*it < '0' || *it > '9') return false;
    int d = *it - '0';
    if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

std::string card_brand(std::string_view n) {
  auto prefix = [&](std::string_view p) { return n.substr(0, p.size()) == p; };
  if (prefix("4")) return "visa";
  if (prefix("34") || prefix("37")) return "amex";
  if (prefix("6011") || prefix("65") || prefix("644") || prefix("645") || prefix("646") ||
      prefix("647") || prefix("648") || prefix("649"))
    return "discover";
  if (n.size() >= 2) {
    int two = (n[0] - '0') * 10 + (n[1] - '0');
    if (two >= 51 && two <= 55) return "mastercard";
    if (n.size() >= 4) {
      auto four = parse_int(n.substr(0, 4));
      if (four && *four >= 2221 && *four <= 2720) return "mastercard";
    }
  }
  return "unknown";
}

CardOutcome outcome_for_card(std::string_view raw, int exp_month, int exp_year, int64_t now) {
  std::string number;
  for (char c : raw)
    if (c != ' ' && c != '-') number.push_back(c);
  CardOutcome out;
  if (!luhn_valid(number)) {
    out = decline("incorrect_number");
  } else {
    if (exp_year < 100) exp_year += 2000;
    std::time_t t = static_cast<std::time_t>(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    int year = tm.tm_year + 1900, month = tm.tm_mon + 1;
    bool expired = exp_month < 1 || exp_month > 12 || exp_year < year ||
                   (exp_year == year && exp_month < month);
    const TestCard* card = nullptr;
    for (const auto& c : kCards)
      if (c.number == number) card = &c;
    if (expired)
      out = decline("expired_card");
    else if (card)
      out = from_card(*card);
    else
      out = decline("card_declined", "test_mode_live_card");
  }
  out.brand = card_brand(number);
  out.last4 = number.size() >= 4 ? number.substr(number.size() - 4) : number;
  return out;
}

bool can_confirm(std::string_view s) {
  return s == "requires_payment_method" || s == "requires_confirmation" || s == "requires_action";
}

bool can_cancel(std::string_view s) {
  return s == "requires_payment_method" || s == "requires_confirmation" || s == "requires_action" ||
         s == "requires_capture" || s == "processing";
}

bool valid_cancellation_reason(std::string_view r) {
  return r == "duplicate" || r == "fraudulent" || r == "requested_by_customer" || r == "abandoned";
}

bool valid_refund_reason(std::string_view r) {
  return r == "duplicate" || r == "fraudulent" || r == "requested_by_customer";
}

CallFault parse_call_fault(std::string_view spec) {
  CallFault f;
  auto colon = spec.find(':');
  std::string_view name = spec.substr(0, colon);
  std::optional<int> arg;
  if (colon != std::string_view::npos) arg = parse_int(spec.substr(colon + 1));
  if (name == "rate_limit")
    f.kind = CallFault::Kind::rate_limit;
  else if (name == "server_error")
    f.kind = CallFault::Kind::server_error;
  else if (name == "drop_connection")
    f.kind = CallFault::Kind::drop_connection;
  else if (name == "delay")
    f.kind = CallFault::Kind::delay;
  else
    return {};
  if (f.kind == CallFault::Kind::delay)
    f.delay_ms = std::clamp(arg.value_or(kMaxCallDelayMs), 0, kMaxCallDelayMs);
  else if (arg && *arg > 0)
    f.times = *arg;
  return f;
}

CallFault fault_for_amount(int64_t amount) {
  CallFault f;
  int64_t family = amount / 1000, code = amount % 1000;
  if (family != 90 && family != 91) return f;
  if (code == 429)
    f.kind = CallFault::Kind::rate_limit;
  else if (code == 500)
    f.kind = CallFault::Kind::server_error;
  else if (code == 0)
    f.kind = CallFault::Kind::drop_connection;
  else
    return f;
  f.times = family == 91 ? 1 : 0;
  return f;
}

CallFault fault_for_payment_method(std::string_view pm) {
  constexpr std::string_view prefix = "pm_sandbox_";
  if (pm.substr(0, prefix.size()) != prefix) return {};
  std::string_view rest = pm.substr(prefix.size());
  int times = 0;
  if (rest.size() > 5 && rest.substr(rest.size() - 5) == "_once") {
    times = 1;
    rest.remove_suffix(5);
  }
  auto f = parse_call_fault(rest);
  if (f.kind == CallFault::Kind::delay) return {};
  f.times = times;
  return f;
}

WebhookFaults parse_webhook_faults(std::string_view spec) {
  WebhookFaults w;
  while (!spec.empty()) {
    auto comma = spec.find(',');
    std::string_view item = spec.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item == "duplicate")
      w.duplicate = true;
    else if (item == "out_of_order")
      w.out_of_order = true;
    else if (item == "stale_signature")
      w.stale_signature = true;
    else if (item == "drop")
      w.drop = true;
    else if (item.substr(0, 6) == "delay:")
      w.delay_seconds = std::clamp(parse_int(item.substr(6)).value_or(0), 0, 7 * 24 * 3600);
    if (comma == std::string_view::npos) break;
    spec.remove_prefix(comma + 1);
  }
  return w;
}

std::string WebhookFaults::to_string() const {
  std::string s;
  auto add = [&](const std::string& x) { s += (s.empty() ? "" : ",") + x; };
  if (duplicate) add("duplicate");
  if (out_of_order) add("out_of_order");
  if (stale_signature) add("stale_signature");
  if (drop) add("drop");
  if (delay_seconds > 0) add("delay:" + std::to_string(delay_seconds));
  return s;
}

int64_t retry_delay_ms(int attempts, int64_t base_ms) {
  constexpr int64_t kCap = 3600 * 1000;
  if (attempts < 1) return 0;
  int64_t d = base_ms;
  for (int i = 1; i < attempts && d < kCap; ++i) d *= 2;
  return std::min(d, kCap);
}

std::string doc_url(std::string_view code) {
  std::string s(code);
  std::replace(s.begin(), s.end(), '_', '-');
  return "https://stripe.com/docs/error-codes/" + s;
}

std::optional<std::string> url_origin(std::string_view url) {
  auto sep = url.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  std::string scheme(url.substr(0, sep));
  for (auto& ch : scheme) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (scheme != "http" && scheme != "https") return std::nullopt;
  std::string_view rest = url.substr(sep + 3);
  auto end = rest.find_first_of("/?#\\");
  if (end != std::string_view::npos && rest[end] == '\\') return std::nullopt;
  std::string authority(rest.substr(0, end));
  if (authority.empty() || authority.find_first_of("@ \t") != std::string::npos)
    return std::nullopt;
  for (auto& ch : authority) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return scheme + "://" + authority;
}

bool return_url_allowed(std::string_view url, const std::vector<std::string>& origins,
                        bool any_loopback) {
  if (url.empty()) return false;
  if (url.front() == '/') return url.size() == 1 || (url[1] != '/' && url[1] != '\\');
  auto origin = url_origin(url);
  if (!origin) return false;
  for (const auto& o : origins)
    if (auto allowed = url_origin(o); allowed && *allowed == *origin) return true;
  if (!any_loopback) return false;
  std::string host = origin->substr(origin->find("://") + 3);
  if (host.rfind("[::1]", 0) == 0) return host.size() == 5 || host[5] == ':';
  host = host.substr(0, host.find(':'));
  return host == "127.0.0.1" || host == "localhost";
}

std::string time_ordered_id(std::string_view prefix, int64_t now_ms, std::string_view random_tail) {
  static constexpr std::string_view kDigits =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";  // ASCII order
  std::string out(prefix);
  out.resize(prefix.size() + kIdTimeDigits);
  auto t = static_cast<uint64_t>(std::max<int64_t>(now_ms, 0));
  for (std::size_t i = 0; i < kIdTimeDigits; ++i) {
    out[out.size() - 1 - i] = kDigits[t % kDigits.size()];
    t /= kDigits.size();
  }
  out.append(random_tail);
  return out;
}

}  // namespace wolfix::sandbox
