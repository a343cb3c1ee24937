// Google sign-in with Google's keys replaced by a test key pair in a JWKS file: RS256 ID tokens,
// audience, issuer, expiry, verified e-mail, and the accounts it makes (no shared password).
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <filesystem>
#include <fstream>

#include "common/crypto.hpp"
#include "fixtures.hpp"
#include "harness.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

constexpr const char* kClientId = "wolfix-test.apps.googleusercontent.com";

struct TestKey {
  EVP_PKEY* key = nullptr;
  std::string kid;

  json::object jwk() const {
    auto param = [&](const char* name) {
      BIGNUM* bn = nullptr;
      EVP_PKEY_get_bn_param(key, name, &bn);
      std::string bytes(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
      BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
      BN_free(bn);
      return base64url_encode(bytes);
    };
    return {{"kty", "RSA"},
            {"alg", "RS256"},
            {"use", "sig"},
            {"kid", kid},
            {"n", param(OSSL_PKEY_PARAM_RSA_N)},
            {"e", param(OSSL_PKEY_PARAM_RSA_E)}};
  }

  std::string sign(std::string_view data) const {
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    std::size_t len = 0;
    EVP_DigestSignInit(md, nullptr, EVP_sha256(), nullptr, key);
    EVP_DigestSign(md, nullptr, &len, reinterpret_cast<const unsigned char*>(data.data()),
                   data.size());
    std::string sig(len, '\0');
    EVP_DigestSign(md, reinterpret_cast<unsigned char*>(sig.data()), &len,
                   reinterpret_cast<const unsigned char*>(data.data()), data.size());
    EVP_MD_CTX_free(md);
    sig.resize(len);
    return sig;
  }
};

TestKey make_key(std::string kid) {
  return TestKey{EVP_RSA_gen(2048), std::move(kid)};
}

void write_jwks(const fs::path& file, std::initializer_list<const TestKey*> keys) {
  json::array list;
  for (const auto* k : keys) list.push_back(k->jwk());
  std::ofstream(file, std::ios::trunc) << json::serialize(json::object{{"keys", list}});
}

std::string str(const json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : json::serialize(v);
}

json::object claims_of(const std::string& token) {
  auto first = token.find('.');
  auto second = token.find('.', first + 1);
  return json::parse(*base64url_decode(token.substr(first + 1, second - first - 1))).as_object();
}

class IdentityGoogleTest : public ServerSuite<IdentityGoogleTest> {
 public:
  // The keys and their JWKS file exist before the server starts.
  static void configure(Config& c) {
    key = new TestKey(make_key("key-1"));
    other = new TestKey(make_key("key-2"));
    jwks = fs::temp_directory_path() / "wolfix-tests" / ("jwks-" + random_alnum(8) + ".json");
    fs::create_directories(jwks.parent_path());
    write_jwks(jwks, {key});
    c.google_client_id = kClientId;
    c.google_jwks_file = jwks.string();
  }
  static void finish() {
    fs::remove(jwks);
    EVP_PKEY_free(key->key);
    EVP_PKEY_free(other->key);
    delete key;
    delete other;
  }

 protected:
  static TestKey* key;
  static TestKey* other;
  static fs::path jwks;

  // An ID token as Google would issue it, changed by `edit`, signed by `signer`.
  json::object claims(const std::string& subject, const std::string& email) {
    int64_t now = server->clock().now_seconds();
    return {{"iss", "https://accounts.google.com"},
            {"azp", kClientId},
            {"aud", kClientId},
            {"sub", subject},
            {"email", email},
            {"email_verified", true},
            {"given_name", "Olena"},
            {"family_name", "Kovalenko"},
            {"picture", "https://lh3.googleusercontent.com/a/photo"},
            {"iat", now},
            {"exp", now + 3600}};
  }
  std::string id_token(const json::object& payload, const TestKey& signer,
                       const std::string& header = "") {
    std::string h =
        header.empty()
            ? json::serialize(json::object{{"alg", "RS256"}, {"kid", signer.kid}, {"typ", "JWT"}})
            : header;
    std::string signed_part =
        base64url_encode(h) + "." + base64url_encode(json::serialize(payload));
    return signed_part + "." + base64url_encode(signer.sign(signed_part));
  }
  Reply google(const std::string& token, const std::string& role = "") {
    json::object body{{"idToken", token}};
    if (!role.empty()) body["role"] = role;
    return server->post("/api/account/customer/google", body);
  }
  int64_t count_accounts(const std::string& email) {
    std::string lower = email;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return probe().accounts_with_email(lower);
  }
  std::string subject() { return "1" + std::to_string(++subjects) + random_alnum(10); }
  static inline int subjects = 0;
};
TestKey* IdentityGoogleTest::key = nullptr;
TestKey* IdentityGoogleTest::other = nullptr;
fs::path IdentityGoogleTest::jwks;

TEST_F(IdentityGoogleTest, FirstSignInMakesACustomerWithoutAPassword) {
  std::string sub = subject();
  std::string email = unique_email("google");
  auto r = google(id_token(claims(sub, email), *key));
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(r.json().is_string());
  auto ours = claims_of(std::string(r.json().as_string()));
  EXPECT_EQ(str(ours.at("role")), "Customer");
  EXPECT_EQ(str(ours.at("email")), email);
  std::string account_id(ours.at("sub").as_string());
  std::string profile_id(ours.at("profile_id").as_string());

  [&] {
    auto a = probe().account(account_id);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->auth_provider, "Google");
    EXPECT_FALSE(a->password_hash);  // no shared password (S5)
    EXPECT_EQ(a->google_subject, sub);
    auto c = probe().customer_names(profile_id, account_id);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->first_name, "Olena");
    EXPECT_EQ(c->last_name, "Kovalenko");
    EXPECT_EQ(c->photo_url, "https://lh3.googleusercontent.com/a/photo");
  }();

  // The next sign-in finds the same account, even with another e-mail at Google.
  auto again = google(id_token(claims(sub, unique_email("renamed")), *key));
  ASSERT_EQ(again.status, 200) << again.body;
  auto second = claims_of(std::string(again.json().as_string()));
  EXPECT_EQ(str(second.at("sub")), account_id);
  EXPECT_EQ(str(second.at("profile_id")), profile_id);

  // No password opens a Google account.
  for (const char* guess : {"", "Passw0rd!", "GOOGLE_PASSWORD"}) {
    auto login = server->post("/api/account/roles", {{"email", email}, {"password", guess}});
    EXPECT_EQ(login.status, 401) << guess;
  }
}

TEST_F(IdentityGoogleTest, RefusesTokensThatAreNotGoogleIdTokensForUs) {
  std::string email = unique_email("forged");
  auto base = claims(subject(), email);
  auto with = [&](const char* k, json::value v) {
    auto c = base;
    c[k] = std::move(v);
    return c;
  };
  int64_t now = server->clock().now_seconds();
  std::vector<std::pair<std::string, std::string>> cases = {
      {"wrong audience", id_token(with("aud", "someone-else.apps.googleusercontent.com"), *key)},
      {"wrong issuer", id_token(with("iss", "https://evil.example"), *key)},
      {"expired", id_token(with("exp", now - 3600), *key)},
      {"unverified e-mail", id_token(with("email_verified", false), *key)},
      {"unknown key", id_token(base, *other)},
      {"other key, known kid",
       id_token(base, *other, json::serialize(json::object{{"alg", "RS256"}, {"kid", "key-1"}}))},
      {"alg none", base64url_encode(R"({"alg":"none","kid":"key-1"})") + "." +
                       base64url_encode(json::serialize(base)) + "."},
      {"garbage", "not-a-token"},
  };
  // A good token whose payload was changed after signing.
  std::string good = id_token(base, *key);
  cases.emplace_back("tampered",
                     good.substr(0, good.find('.') + 1) +
                         base64url_encode(json::serialize(with("email", "boss@x.com"))) +
                         good.substr(good.rfind('.')));
  // HS256 "signed" with the public key: the classic algorithm confusion.
  std::string hs_part = base64url_encode(R"({"alg":"HS256","kid":"key-1"})") + "." +
                        base64url_encode(json::serialize(base));
  cases.emplace_back(
      "HS256", hs_part + "." + base64url_encode(hmac_sha256(json::serialize(key->jwk()), hs_part)));
  for (const auto& [name, token] : cases) {
    auto r = google(token);
    EXPECT_EQ(r.status, 401) << name << ": " << r.body;
    EXPECT_EQ(r.code(), "invalid_google_token") << name;
  }
  EXPECT_EQ(count_accounts(email), 0);
  EXPECT_EQ(google("").status, 401);
  EXPECT_EQ(server->post("/api/account/customer/google", json::object{}).status, 400);
}

TEST_F(IdentityGoogleTest, NeverTakesOverAnAccountThatHasAPassword) {
  auto customer = make_actor(*server, "Customer");
  auto r = google(id_token(claims(subject(), customer.email), *key));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.code(), "email_registered_with_password");
  EXPECT_EQ(count_accounts(customer.email), 1);
}

TEST_F(IdentityGoogleTest, AnotherGoogleIdentityCannotTakeAnEmailThatIsBound) {
  std::string email = unique_email("g-bound");
  EXPECT_EQ(google(id_token(claims(subject(), email), *key)).status, 200);
  auto r = google(id_token(claims(subject(), email), *key));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.code(), "email_taken");
  EXPECT_EQ(count_accounts(email), 1);
}

TEST_F(IdentityGoogleTest, AnotherRoleNeedsThatRole) {
  std::string sub = subject();
  std::string email = unique_email("g-role");
  // A first sign-in asking for Seller makes nothing: the account would not have the role.
  auto first = google(id_token(claims(sub, email), *key), "Seller");
  EXPECT_EQ(first.status, 403);
  EXPECT_EQ(count_accounts(email), 0);
  EXPECT_EQ(google(id_token(claims(sub, email), *key)).status, 200);
  EXPECT_EQ(google(id_token(claims(sub, email), *key), "Seller").status, 403);
  EXPECT_EQ(google(id_token(claims(sub, email), *key), "Wizard").status, 400);
  EXPECT_EQ(google(id_token(claims(sub, email), *key), "Customer").status, 200);
}

TEST_F(IdentityGoogleTest, RotatedKeysAreReadFromTheFileWhenItChanges) {
  std::string token = id_token(claims(subject(), unique_email("rotated")), *other);
  EXPECT_EQ(google(token).status, 401);
  auto before = fs::last_write_time(jwks);
  write_jwks(jwks, {key, other});
  fs::last_write_time(jwks, before + std::chrono::seconds(1));
  EXPECT_EQ(google(token).status, 200);
  write_jwks(jwks, {key});
  fs::last_write_time(jwks, before + std::chrono::seconds(2));
  EXPECT_EQ(google(token).status, 401);
}

}  // namespace
}  // namespace wolfix::test
