#include "identity/google.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "common/crypto.hpp"

namespace wolfix::identity {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxIdTokenBytes = 16384;
constexpr std::size_t kMaxJwksBytes = 1 << 20;
constexpr int kMinRsaBits = 2048;
constexpr int64_t kLeewaySeconds = 30;

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

std::optional<json::object> parse_object(std::string_view text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

std::string string_of(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::optional<int64_t> number_of(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64())
    return v->as_uint64() > uint64_t(INT64_MAX) ? INT64_MAX : int64_t(v->as_uint64());
  if (v->is_double()) return static_cast<int64_t>(v->as_double());
  return std::nullopt;
}

// An RSA public key from the JWK's base64url modulus and exponent.
Pkey rsa_public_key(std::string_view n_b64, std::string_view e_b64) {
  auto n_bytes = base64url_decode(n_b64);
  auto e_bytes = base64url_decode(e_b64);
  if (!n_bytes || !e_bytes || n_bytes->empty() || e_bytes->empty()) return nullptr;
  auto to_bn = [](const std::string& b) {
    return BN_bin2bn(reinterpret_cast<const unsigned char*>(b.data()), static_cast<int>(b.size()),
                     nullptr);
  };
  BIGNUM* n = to_bn(*n_bytes);
  BIGNUM* e = to_bn(*e_bytes);
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM* params = nullptr;
  EVP_PKEY_CTX* ctx = nullptr;
  EVP_PKEY* key = nullptr;
  if (n && e && bld && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) == 1 &&
      OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) == 1 &&
      (params = OSSL_PARAM_BLD_to_param(bld)) != nullptr &&
      (ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr)) != nullptr &&
      EVP_PKEY_fromdata_init(ctx) == 1) {
    if (EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1) key = nullptr;
  }
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  BN_free(n);
  BN_free(e);
  Pkey out(key);
  if (out && EVP_PKEY_get_bits(out.get()) < kMinRsaBits) return nullptr;
  return out;
}

bool rs256_verify(EVP_PKEY* key, std::string_view signed_part, std::string_view signature) {
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  if (!md) return false;
  bool ok =
      EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, key) == 1 &&
      EVP_DigestVerify(md, reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(), reinterpret_cast<const unsigned char*>(signed_part.data()),
                       signed_part.size()) == 1;
  EVP_MD_CTX_free(md);
  return ok;
}

bool audience_has(const json::value& aud, std::string_view expected) {
  if (aud.is_string()) return aud.as_string() == expected;
  if (aud.is_array())
    for (const auto& a : aud.as_array())
      if (a.is_string() && a.as_string() == expected) return true;
  return false;
}

}  // namespace

struct GoogleIdTokens::KeySet {
  std::map<std::string, Pkey, std::less<>> by_kid;
};

GoogleIdTokens::GoogleIdTokens(std::string jwks_file, std::string client_id, const Clock& clock)
    : jwks_file_(std::move(jwks_file)), client_id_(std::move(client_id)), clock_(clock) {}

GoogleIdTokens::~GoogleIdTokens() = default;

std::shared_ptr<const GoogleIdTokens::KeySet> GoogleIdTokens::keys(std::string& reason) const {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto mtime = fs::last_write_time(jwks_file_, ec);
  if (ec) {
    reason = "jwks_unreadable";
    return nullptr;
  }
  int64_t stamp = mtime.time_since_epoch().count();
  std::lock_guard lock(mu_);
  if (cached_ && stamp == cached_mtime_) return cached_;

  std::ifstream in(jwks_file_, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();
  auto doc = text.size() <= kMaxJwksBytes ? parse_object(text) : std::nullopt;
  auto* list = doc ? doc->if_contains("keys") : nullptr;
  if (!list || !list->is_array()) {
    reason = "jwks_unreadable";
    return nullptr;
  }
  auto set = std::make_shared<KeySet>();
  for (const auto& k : list->as_array()) {
    if (!k.is_object()) continue;
    const auto& o = k.as_object();
    std::string alg = string_of(o, "alg");
    std::string use = string_of(o, "use");
    if (string_of(o, "kty") != "RSA" || (!alg.empty() && alg != "RS256") ||
        (!use.empty() && use != "sig"))
      continue;
    std::string kid = string_of(o, "kid");
    if (kid.empty()) continue;
    if (auto key = rsa_public_key(string_of(o, "n"), string_of(o, "e")))
      set->by_kid.emplace(std::move(kid), std::move(key));
  }
  cached_ = std::move(set);
  cached_mtime_ = stamp;
  return cached_;
}

std::optional<GoogleIdentity> GoogleIdTokens::verify(std::string_view token,
                                                     std::string& reason) const {
  auto fail = [&](const char* why) -> std::optional<GoogleIdentity> {
    reason = why;
    return std::nullopt;
  };
  if (token.size() > kMaxIdTokenBytes) return fail("malformed");
  auto dot1 = token.find('.');
  auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos)
    return fail("malformed");
  auto header_bytes = base64url_decode(token.substr(0, dot1));
  auto payload_bytes = base64url_decode(token.substr(dot1 + 1, dot2 - dot1 - 1));
  auto signature = base64url_decode(token.substr(dot2 + 1));
  if (!header_bytes || !payload_bytes || !signature) return fail("malformed");
  auto header = parse_object(*header_bytes);
  if (!header) return fail("malformed");
  // Only RS256: "none", HS256 with the public key as a secret and the rest are refused here.
  if (string_of(*header, "alg") != "RS256" || header->contains("crit")) return fail("bad_alg");

  auto set = keys(reason);
  if (!set) return std::nullopt;
  auto key = set->by_kid.find(string_of(*header, "kid"));
  if (key == set->by_kid.end()) return fail("unknown_key");
  if (!rs256_verify(key->second.get(), token.substr(0, dot2), *signature))
    return fail("bad_signature");

  auto claims = parse_object(*payload_bytes);
  if (!claims) return fail("malformed");
  const int64_t now = clock_.now_seconds();
  std::string iss = string_of(*claims, "iss");
  if (iss != "accounts.google.com" && iss != "https://accounts.google.com")
    return fail("bad_issuer");
  auto* aud = claims->if_contains("aud");
  if (!aud || !audience_has(*aud, client_id_)) return fail("bad_audience");
  auto exp = number_of(*claims, "exp");
  if (!exp) return fail("malformed");
  if (*exp + kLeewaySeconds <= now) return fail("expired");
  if (auto nbf = number_of(*claims, "nbf"); nbf && *nbf - kLeewaySeconds > now)
    return fail("not_yet_valid");

  GoogleIdentity who{string_of(*claims, "sub"), string_of(*claims, "email"),
                     string_of(*claims, "given_name"), string_of(*claims, "family_name"),
                     string_of(*claims, "picture")};
  if (who.subject.empty() || who.email.empty()) return fail("missing_claims");
  auto* verified = claims->if_contains("email_verified");
  bool email_verified = verified && ((verified->is_bool() && verified->as_bool()) ||
                                     (verified->is_string() && verified->as_string() == "true"));
  if (!email_verified) return fail("email_not_verified");
  return who;
}

}  // namespace wolfix::identity
