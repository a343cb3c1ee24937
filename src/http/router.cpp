#include "http/router.hpp"

#include <algorithm>

namespace wolfix::http {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  out.reserve(8);  // every API path has fewer segments: one allocation per request
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool is_param(const std::string& seg) {
  return seg.size() > 2 && seg.front() == '{';
}
bool is_rest(const std::string& seg) {
  return seg.size() > 3 && seg.rfind("{*", 0) == 0;
}
std::string param_name(const std::string& seg) {
  return seg.substr(is_rest(seg) ? 2 : 1, seg.size() - (is_rest(seg) ? 3 : 2));
}

bool match_route(const Route& r, const std::vector<std::string_view>& parts,
                 std::map<std::string, std::string>* params) {
  std::size_t n = r.segments.size();
  bool rest = n && is_rest(r.segments.back());
  if (rest ? parts.size() < n - 1 : parts.size() != n) return false;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& seg = r.segments[i];
    if (is_rest(seg)) {
      if (params) {
        std::string tail;
        for (std::size_t k = i; k < parts.size(); ++k) {
          if (k > i) tail += '/';
          tail += parts[k];
        }
        (*params)[param_name(seg)] = tail;
      }
      return true;
    }
    if (is_param(seg)) {
      if (params) (*params)[param_name(seg)] = std::string(parts[i]);
    } else if (seg != parts[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

void Router::add(Method method, std::string pattern, Access access, Handler handler) {
  add(method, std::move(pattern), std::move(access), InlineHandler{}, std::move(handler));
}

void Router::add_non_blocking(Method method, std::string pattern, Access access, Handler handler) {
  InlineHandler inline_handler = [handler](Request& req) -> std::optional<Response> {
    return handler(req);
  };
  add(method, std::move(pattern), std::move(access), std::move(inline_handler), std::move(handler));
}

void Router::add_upload(Method method, std::string pattern, Access access, Handler handler) {
  insert(method, std::move(pattern), std::move(access), InlineHandler{}, std::move(handler), true);
}

void Router::add(Method method, std::string pattern, Access access, InlineHandler try_inline,
                 Handler handler) {
  insert(method, std::move(pattern), std::move(access), std::move(try_inline), std::move(handler),
         false);
}

void Router::insert(Method method, std::string pattern, Access access, InlineHandler try_inline,
                    Handler handler, bool uploads) {
  auto r = std::make_unique<Route>();
  r->uploads = uploads;
  r->method = method;
  r->pattern = pattern;
  for (auto s : split_path(pattern)) r->segments.emplace_back(s);
  r->handler = std::move(handler);
  r->try_inline = std::move(try_inline);
  r->access = std::move(access);
  // Earlier literal segments weigh more; a catch-all weighs least.
  for (std::size_t i = 0; i < r->segments.size(); ++i) {
    int w = is_rest(r->segments[i]) ? 0 : is_param(r->segments[i]) ? 1 : 2;
    r->specificity = r->specificity * 3 + w;
  }
  routes_.push_back(std::move(r));
  std::stable_sort(routes_.begin(), routes_.end(), [](const auto& a, const auto& b) {
    if (a->segments.size() != b->segments.size()) return a->segments.size() > b->segments.size();
    return a->specificity > b->specificity;
  });
}

Router::Match Router::match(Method method, std::string_view path) const {
  Match m;
  auto parts = split_path(path);
  Method want = method == Method::head ? Method::get : method;
  for (const auto& r : routes_) {
    if (!match_route(*r, parts, nullptr)) continue;
    if (r->method == want) {
      m.route = r.get();
      match_route(*r, parts, &m.params);
      return m;
    }
    if (std::find(m.allowed.begin(), m.allowed.end(), r->method) == m.allowed.end())
      m.allowed.push_back(r->method);
  }
  return m;
}

std::vector<Router::Registered> Router::registered() const {
  std::vector<Registered> out;
  for (const auto& r : routes_) out.push_back({r->method, r->pattern, r->access});
  return out;
}

}  // namespace wolfix::http
