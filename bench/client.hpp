#pragma once
// What the load drivers (bench/loadgen.cpp, bench/soak.cpp) share: a blocking keep-alive HTTP
// connection, customers registered through the API, products in stock picked from the catalog,
// and a PlaceOrderDto as the web client sends it.
#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <cstdlib>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

namespace wolfix::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

struct Reply {
  int status = 0;
  std::string body;
};

// One keep-alive connection; reconnects when the server closes it.
struct Endpoint {
  std::string host = "127.0.0.1";
  std::string port;
};

class Conn {
 public:
  explicit Conn(const Endpoint& e) : opts_(e) {}

  Reply call(bhttp::verb method, const std::string& target, const std::string& body,
             const std::string& content_type,
             const std::vector<std::pair<std::string, std::string>>& headers) {
    for (int attempt = 0;; ++attempt) {
      try {
        if (!socket_.is_open()) connect();
        bhttp::request<bhttp::string_body> req{method, target, 11};
        req.set(bhttp::field::host, opts_.host);
        for (const auto& [k, v] : headers) req.set(k, v);
        if (!content_type.empty()) req.set(bhttp::field::content_type, content_type);
        req.body() = body;
        req.prepare_payload();
        bhttp::write(socket_, req);
        bhttp::response<bhttp::string_body> res;
        bhttp::read(socket_, buffer_, res);
        if (!res.keep_alive()) close();
        return {static_cast<int>(res.result_int()), std::move(res.body())};
      } catch (const std::exception&) {
        close();
        if (attempt >= 1) return {0, "connection failed"};
      }
    }
  }

 private:
  void connect() {
    tcp::resolver resolver(ioc_);
    asio::connect(socket_, resolver.resolve(opts_.host, opts_.port));
    socket_.set_option(tcp::no_delay(true));
    buffer_.clear();
  }
  void close() {
    boost::system::error_code ec;
    socket_.close(ec);
  }
  Endpoint opts_;
  asio::io_context ioc_;
  tcp::socket socket_{ioc_};
  beast::flat_buffer buffer_;
};

inline Reply get(Conn& c, const std::string& target, const std::string& token = "") {
  std::vector<std::pair<std::string, std::string>> h;
  if (!token.empty()) h.emplace_back("Authorization", "Bearer " + token);
  return c.call(bhttp::verb::get, target, "", "", h);
}

inline Reply post_json(Conn& c, bhttp::verb verb, const std::string& target,
                       const std::string& body, const std::string& token,
                       const std::string& idempotency_key = "") {
  std::vector<std::pair<std::string, std::string>> h;
  if (!token.empty()) h.emplace_back("Authorization", "Bearer " + token);
  if (!idempotency_key.empty()) h.emplace_back("Idempotency-Key", idempotency_key);
  return c.call(verb, target, body, body.empty() ? "" : "application/json", h);
}

struct Customer {
  std::string email, token, profile_id;
};

struct Product {
  std::string id, final_price;  // the price exactly as the catalog prints it
};

[[noreturn]] inline void die(const std::string& what, const Reply& r) {
  std::cerr << "loadgen: " << what << ": HTTP " << r.status << " " << r.body.substr(0, 300) << "\n";
  std::exit(2);
}

inline json::value parse_or_die(const std::string& what, const Reply& r) {
  boost::system::error_code ec;
  auto v = json::parse(r.body, ec);
  if (ec) die(what + " (not JSON)", r);
  return v;
}

inline Customer register_customer(Conn& c, const std::string& email) {
  json::object body{{"email", email}, {"password", "Bench-Password-1"}};
  auto r =
      post_json(c, bhttp::verb::post, "/api/account/customer/register", json::serialize(body), "");
  if (r.status != 200) die("register " + email, r);
  Customer cu;
  cu.email = email;
  cu.token = std::string(parse_or_die("register", r).as_string());
  auto me = get(c, "/api/account/me", cu.token);
  if (me.status != 200) die("GET /api/account/me", me);
  cu.profile_id = std::string(parse_or_die("me", me).as_object().at("profileId").as_string());
  return cu;
}

// Products in stock, from the first page of every child category, with their catalog price.
inline std::vector<Product> pick_products(Conn& c, std::size_t want) {
  auto cats = get(c, "/api/categories/child");
  if (cats.status != 200) die("GET /api/categories/child", cats);
  std::vector<Product> out;
  auto categories = parse_or_die("categories", cats).as_array();
  std::size_t per_category = want / std::max<std::size_t>(1, categories.size()) + 1;
  for (const auto& cat : categories) {
    std::string id(cat.as_object().at("id").as_string());
    auto page = get(c, "/api/products/category/" + id + "/page/1?pageSize=100");
    if (page.status != 200) continue;
    std::size_t taken = 0;
    auto listing = parse_or_die("page", page);
    for (const auto& item : listing.as_object().at("items").as_array()) {
      if (taken >= per_category || out.size() >= want) break;
      std::string pid(item.as_object().at("id").as_string());
      auto detail = get(c, "/api/products/product/" + pid);
      if (detail.status != 200) continue;
      auto d = parse_or_die("product", detail).as_object();
      // run.sh raises the stock of what is for sale, so a run never sells out.
      if (d.at("stock").to_number<int64_t>() < 1000 || d.at("status") != "InStock") continue;
      out.push_back({pid, json::serialize(d.at("finalPrice"))});
      ++taken;
    }
  }
  if (out.empty()) {
    std::cerr
        << "loadgen: no product with stock >= 1000 (bench/run.sh raises stock after seeding)\n";
    std::exit(2);
  }
  return out;
}

inline std::string order_body(const Customer& cu, const Product& p) {
  // PlaceOrderDto as the web client sends it: one line at the catalog price, cash on delivery.
  std::string s;
  s.reserve(1024);
  s += R"({"order":{"customerFirstName":"Olena","customerLastName":"Kovalenko",)";
  s += R"("customerMiddleName":"Ivanivna","customerPhoneNumber":"+380501234567","customerEmail":")";
  s += cu.email;
  s += R"(","customerId":")";
  s += cu.profile_id;
  s +=
      R"(","recipientFirstName":"Petro","recipientLastName":"Kovalenko","recipientMiddleName":null,)";
  s += R"("recipientPhoneNumber":"+380671112233","deliveryMethodName":"Nova Poshta",)";
  s += R"("deliveryInfoNumber":1,"deliveryInfoCity":"Kyiv","deliveryInfoStreet":"Bench Street",)";
  s +=
      R"("deliveryInfoHouseNumber":9,"deliveryOption":0,"withBonuses":false,"usedBonusesAmount":0,)";
  s += R"("price":)";
  s += p.final_price;
  s += R"(},"orderItems":[{"sellerId":"0193a5c2-7d1e-7abc-8def-0123456789ab","productId":")";
  s += p.id;
  s += R"(","photoUrl":"https://example.com/p.jpg","title":"bench","quantity":1,"price":)";
  s += p.final_price;
  s += R"(,"cartItemId":null}]})";
  return s;
}

inline double percentile(std::vector<double>& v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  std::size_t i = static_cast<std::size_t>(q * static_cast<double>(v.size() - 1));
  return v[i];
}

}  // namespace wolfix::bench
