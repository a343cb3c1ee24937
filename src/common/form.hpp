#pragma once
// application/x-www-form-urlencoded as Stripe's API speaks it: flat name=value pairs whose names
// carry nesting in brackets ("metadata[order_id]=...", "payment_method_types[]=card").
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wolfix {

using FormPairs = std::vector<std::pair<std::string, std::string>>;

// WHATWG URL "urlencoded serializer": keeps [A-Za-z0-9*-._], writes space as '+', and
// percent-encodes every other byte with uppercase hex (so brackets become %5B/%5D).
std::string form_encode(const FormPairs& pairs);

// WHATWG "urlencoded parser", but strict about escapes: '&'-separated, empty pieces skipped,
// split at the first '=' (a piece without one has an empty value), '+' is a space. A '%' not
// followed by two hex digits makes the whole body invalid (nullopt) instead of passing through.
// Decoded bytes are returned as they are; they are not checked to be UTF-8.
std::optional<FormPairs> form_decode(std::string_view body);

// Read access to a decoded body with Stripe's bracket conventions.
class FormFields {
 public:
  explicit FormFields(FormPairs pairs) : pairs_(std::move(pairs)) {}
  static std::optional<FormFields> parse(std::string_view body);

  // The value of `key`. If it is repeated the last one wins, as in Rack (Stripe's stack).
  std::optional<std::string> get(std::string_view key) const;
  bool has(std::string_view key) const { return get(key).has_value(); }

  // For prefix "metadata": {"order_id": "..."} from "metadata[order_id]=...". Only one level of
  // brackets with a non-empty inner name counts; "metadata[a][b]" and "metadata[]" are skipped.
  // Repeated keys: the last one wins.
  std::map<std::string, std::string> prefixed(std::string_view prefix) const;

  // Values of an array parameter, accepting "name[]=a&name[]=b" and "name[0]=a&name[1]=b".
  // Indexed entries come ordered by index (a repeated index keeps its last value), followed by
  // "name[]" entries in the order they appear. Other shapes ("name[x]", "name") are ignored.
  std::vector<std::string> list(std::string_view name) const;

  const FormPairs& pairs() const { return pairs_; }

 private:
  FormPairs pairs_;
};

}  // namespace wolfix
