// Product reads: the full product and every listing. Listings are one or two statements each,
// served from an index (docs/query-plans.md), and written as JSON straight from the rows: the
// catalog's one fast path where statements (queries.hpp, part of the store layer) are run here
// instead of behind store functions returning structs (see product_service.hpp).
#include <algorithm>
#include <map>
#include <set>

#include "catalog/listing.hpp"
#include "catalog/pricing.hpp"
#include "catalog/product_service.hpp"
#include "catalog/queries.hpp"
#include "catalog/search.hpp"
#include "catalog/search_index.hpp"
#include "catalog/stock.hpp"
#include "catalog/store.hpp"
#include "catalog/store_categories.hpp"
#include "common/clock.hpp"
#include "common/errors.hpp"
#include "common/json_writer.hpp"
#include "db/in_list.hpp"
#include "media/public_url.hpp"

namespace wolfix::catalog {
namespace {

// Products that can be bought first, in their order otherwise: a shopper's first look at the
// shop (random picks, recommendations) should not be things they cannot have.
void buyable_first(db::Rows& rows) {
  std::stable_partition(rows.begin(), rows.end(),
                        [](const db::Row& r) { return short_row_buyable(r); });
}

db::Rows random_products(db::Session& s, const std::optional<std::string>& category_id,
                         int64_t count) {
  // Rows from a random point in the shuffle-key order, wrapping around at the end: two index
  // seeks, whatever the size of the catalog.
  std::string pivot = random_shuffle_key();
  auto query = [&](bool wrap, int64_t limit) {
    db::Params params{pivot};
    if (category_id) params.emplace_back(*category_id);
    params.emplace_back(limit);
    return s.query(queries::random_from(category_id.has_value(), wrap), params);
  };
  auto rows = query(false, count);
  if (static_cast<int64_t>(rows.size()) < count) {
    auto more = query(true, count - static_cast<int64_t>(rows.size()));
    for (auto& r : more) rows.push_back(std::move(r));
  }
  return rows;
}

// Keys carry the origin: an answer holds absolute media URLs, and a client that reached us at
// another origin must never be served them (category pages are kept per origin by their cache).
std::string discount_page_key(int64_t page, int64_t page_size, std::string_view origin) {
  std::string key = "d|" + std::to_string(page) + "|" + std::to_string(page_size) + "|";
  key.append(origin);
  return key;
}

void write_optional_string(JsonWriter& w, const db::Row& r, std::size_t i) {
  if (r.is_null(i))
    w.null();
  else
    w.string(r.str(i));
}

// The product row of the detail statement: its columns come after the row kind.
struct ProductColumns {
  const db::Row& row;
  bool is_null(std::size_t i) const { return row.is_null(i + 1); }
  int64_t i64(std::size_t i) const { return row.i64(i + 1); }
  double f64(std::size_t i) const { return row.f64(i + 1); }
  std::string str(std::size_t i) const { return row.str(i + 1); }
};

// The kDetailStampColumns columns from `first` on, as one number (FNV-1a over their values).
uint64_t detail_stamp(const db::Row& r, std::size_t first) {
  uint64_t h = 14695981039346656037ull;
  auto add = [&](std::string_view bytes) {
    for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ull;
  };
  for (std::size_t i = first; i < first + queries::kDetailStampColumns; ++i) {
    if (r.is_null(i)) {
      add(std::string_view("\0n", 2));
    } else {
      add(r.str(i));
      add(std::string_view("\0v", 2));
    }
  }
  return h;
}

std::string search_key(const std::vector<std::string>& tokens,
                       const std::optional<std::string>& category_id, int64_t page_size,
                       std::string_view origin, const RatingOptions& rating) {
  std::string key = "s|";
  for (const auto& t : tokens) key.append(t).append(" ");
  key.append("|").append(category_id.value_or("")).append("|").append(std::to_string(page_size));
  key.append(rating.key()).append("|").append(origin);
  return key;
}

}  // namespace

void ProductService::sweep() {
  if (sweep_.before_read() > 0) {
    boundaries_.invalidate();
    pages_.invalidate();
    category_pages_.invalidate();
    searches_.invalidate();
  }
}

void ProductService::follow_availability() {
  // Orders change stock without this service: when a tracked stock ran out or came back, the
  // statuses on cached pages are stale.
  uint64_t epoch = stock_.availability_epoch();
  if (seen_availability_.load(std::memory_order_acquire) == epoch) return;
  seen_availability_.store(epoch, std::memory_order_release);
  pages_.invalidate();
  category_pages_.invalidate();
  searches_.invalidate();
}

void ProductService::follow_stock() {
  if (seen_stock_.load(std::memory_order_acquire) == stock_.change_seq()) return;
  std::lock_guard lock(stock_mu_);
  uint64_t seen = seen_stock_.load(std::memory_order_acquire);
  auto changed = stock_.changes_since(seen);
  // Signalled before the order's commit (stock.hpp): quarantined for a TTL.
  if (!changed)
    details_.invalidate();
  else
    for (const auto& id : *changed) details_.invalidate(id, std::chrono::milliseconds(1000));
  seen_stock_.store(seen, std::memory_order_release);
}

template <class F>
std::string ProductService::cached(const std::string& key, F&& compute) {
  follow_availability();
  int64_t now = clock_.now_ms();
  return pages_.get_or_compute(key, now, sweep_.next_due(), compute);
}

template <class MakeCompute>
std::optional<CachedAnswer> ProductService::cached_only(PageCache& cache, const std::string& key,
                                                        MakeCompute&& make_compute) {
  follow_availability();
  int64_t now = clock_.now_ms();
  if (now >= sweep_.next_due()) return std::nullopt;  // sweep() would write: the pool's job
  return cache.answer(key, now, [&](uint64_t generation) {
    return [this, &cache, key, generation, compute = make_compute()] {
      sweep();  // before the instant the answer is good until is read
      cache.refresh(key, generation, sweep_.next_due(), compute);
    };
  });
}

std::optional<CachedAnswer> ProductService::cached_category_page_json(
    const std::string& category_id, int64_t page, int64_t page_size, std::string_view origin,
    const RatingOptions& rating) {
  follow_availability();
  int64_t now = clock_.now_ms();
  if (now >= sweep_.next_due()) return std::nullopt;  // sweep() would write: the pool's job
  auto hit = category_pages_.get(CategoryPage{category_id, page, page_size, rating}, origin, now);
  if (!hit) return std::nullopt;
  CachedAnswer out{std::move(hit->json), {}};
  if (hit->refresh)
    out.refresh = [this] {
      sweep();
      check_pages();
    };
  return out;
}

std::optional<CachedAnswer> ProductService::cached_discount_page_json(int64_t page,
                                                                      int64_t page_size,
                                                                      std::string_view origin) {
  return cached_only(pages_, discount_page_key(page, page_size, origin), [&] {
    return [this, page, page_size, origin = std::string(origin)] {
      return discount_page_uncached(page, page_size, origin);
    };
  });
}

std::optional<CachedAnswer> ProductService::cached_full_json(const std::string& product_id,
                                                             std::string_view origin) {
  follow_stock();
  auto hit = details_.get(product_id, origin, clock_.now_ms());
  if (!hit) return std::nullopt;
  CachedAnswer out{std::move(hit->json), {}};
  if (hit->refresh) out.refresh = [this] { check_details(); };
  return out;
}

std::string ProductService::full_json(const std::string& product_id, std::string_view origin) {
  follow_stock();
  auto hit = details_.get(product_id, origin, clock_.now_ms());
  if (hit) {
    // Still servable; a check handed to this caller runs first (this thread is the pool's).
    if (hit->refresh) check_details();
    return *hit->json;
  }
  auto ticket = details_.ticket();
  int64_t valid_until = 0;
  uint64_t stamp = 0;
  std::string json = full_json_uncached(product_id, origin, valid_until, stamp);
  details_.put(product_id, origin, json, stamp, ticket, valid_until);
  return json;
}

void ProductService::check_details() {
  DetailCache::CheckScope finish(details_);
  follow_stock();
  auto due = details_.take_due();
  if (due.empty()) return;
  auto ticket = details_.ticket();
  std::vector<std::string> ids;
  for (const auto& d : due)
    if (!d.recompute) ids.push_back(d.key);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  // At most DetailCache::kPerCheck ids: one short statement (see detail_cache.hpp).
  std::map<std::string, uint64_t> stamps;
  if (!ids.empty()) {
    db::Params params(ids.begin(), ids.end());
    db::pad_in_list(params);
    auto rows = db_.read(
        [&](db::Session& s) { return s.query(queries::detail_stamps(params.size()), params); });
    for (const auto& r : rows) stamps.emplace(r.str(0), detail_stamp(r, 1));
  }
  for (const auto& d : due) {
    auto it = stamps.find(d.key);
    if (!d.recompute && it != stamps.end() && it->second == d.stamp) {
      details_.renew(d, ticket);
      continue;
    }
    // Changed (or removed, or old): recomputed now, so a hot product is not missing meanwhile.
    auto fresh = details_.ticket();
    int64_t valid_until = 0;
    uint64_t stamp = 0;
    std::string json;
    try {
      json = full_json_uncached(d.key, d.origin, valid_until, stamp);
    } catch (const ApiError&) {
      details_.invalidate(d.key);  // gone
      continue;
    }
    details_.put(d.key, d.origin, std::move(json), stamp, fresh, valid_until);
  }
}

std::string ProductService::full_json_uncached(const std::string& product_id,
                                               std::string_view origin, int64_t& valid_until_ms,
                                               uint64_t& stamp) {
  int64_t now = clock_.now_ms();
  struct Result {
    db::Row product;
    db::Rows details;
  };
  // The product, its media, attributes and variants in one statement (queries.hpp): rows of
  // one shape, the product's columns after its kind 'p' (ProductColumns), each detail as kind,
  // id, key or url, value or content type, is_main, created_at.
  static const std::string kSql = queries::product_detail();
  auto res = db_.read([&](db::Session& s) -> std::optional<Result> {
    auto rows = s.query(kSql, {product_id, product_id, product_id, product_id});
    std::optional<db::Row> product;
    db::Rows details;
    for (auto& r : rows) {
      if (r.str(0) == "p")
        product.emplace(std::move(r));
      else
        details.push_back(std::move(r));
    }
    if (!product) return std::nullopt;
    return Result{std::move(*product), std::move(details)};
  });
  if (!res) throw not_found("Product with id: " + product_id + " not found", "product_not_found");
  const ProductColumns p{res->product};
  stamp = detail_stamp(res->product, 23);
  int64_t price = p.i64(3);
  std::optional<Discount> discount;
  if (!p.is_null(4) && !p.is_null(5)) discount = Discount{static_cast<int>(p.i64(4)), p.i64(5)};
  bool active = discount_active(discount, now);
  // The price shown changes when the discount ends.
  valid_until_ms = active ? discount->expires_at_ms : INT64_MAX;

  JsonWriter w;
  w.begin_object();
  w.field("id", p.str(0));
  w.field("title", p.str(1));
  w.field("description", p.str(2));
  w.money_field("price", price);
  w.money_field("finalPrice", final_price(price, discount, now));
  bool tracks_stock = p.i64(21) != 0;
  w.field("status", shown_status(p.str(6), tracks_stock, p.i64(10)));
  w.field("bonuses", p.i64(7) / kShopCurrency.minor_per_unit());
  w.key("averageRating");
  write_rating(w, p.i64(8), p.f64(9));
  w.field("reviewsCount", p.i64(8));
  // Wolfix additions: stock (null when the product does not count it), the category id and the
  // active discount.
  w.field("trackStock", tracks_stock);
  w.key("stock");
  if (tracks_stock)
    w.number(p.i64(10));
  else
    w.null();
  w.field("categoryId", p.str(20));
  w.key("discount");
  if (active) {
    w.begin_object()
        .field("percent", static_cast<int64_t>(discount->percent))
        .field("expirationDateTime", iso8601_utc(discount->expires_at_ms))
        .end_object();
  } else {
    w.null();
  }
  auto write_pairs = [&](const char* key, const char* kind) {
    w.key(key).begin_array();
    for (const auto& d : res->details)
      if (d.str(0) == kind)
        w.begin_object().field("key", d.str(2)).field("value", d.str(3)).end_object();
    w.end_array();
  };
  write_pairs("variants", "v");
  w.key("categories").begin_array();
  w.begin_object()
      .field("categoryId", p.str(11))
      .field("categoryName", p.str(12))
      .field("order", 2)
      .end_object();
  if (!p.is_null(13))
    w.begin_object()
        .field("categoryId", p.str(13))
        .field("categoryName", p.str(14))
        .field("order", 1)
        .end_object();
  w.end_array();
  w.key("medias").begin_array();
  for (const auto& d : res->details)
    if (d.str(0) == "m")
      w.begin_object()
          .field("id", d.str(1))
          .field("url", media::public_url(origin, d.str(2)))
          .field("contentType", d.str(3))
          .field("isMain", d.i64(4) != 0)
          .end_object();
  w.end_array();
  write_pairs("attributes", "a");
  w.key("seller").begin_object();
  w.key("sellerId");
  write_optional_string(w, res->product, 16);
  std::string full_name;
  for (std::size_t i : {16, 17, 18})
    if (!p.is_null(i) && !p.str(i).empty()) full_name += (full_name.empty() ? "" : " ") + p.str(i);
  w.field("sellerFullName", full_name);
  w.key("sellerPhotoUrl");
  if (p.is_null(19))
    w.null();
  else
    w.string(media::public_url(origin, p.str(19)));
  w.end_object();
  w.end_object();
  return w.take();
}

std::string ProductService::category_page_json(const std::string& category_id, int64_t page,
                                               int64_t page_size, std::string_view origin,
                                               const RatingOptions& rating) {
  sweep();
  follow_availability();
  CategoryPage wanted{category_id, page, page_size, rating};
  for (;;) {
    if (auto hit = category_pages_.get(wanted, origin, clock_.now_ms())) {
      // Still servable; a check handed to this caller runs first (this thread is the pool's).
      if (hit->refresh) check_pages();
      return *hit->json;
    }
    auto flight = page_flights_.claim(std::string(origin).append(" ").append(wanted.key()));
    if (flight.mine()) return category_page_computed(wanted, origin);
    flight.wait();  // then look again
  }
}

std::string ProductService::category_page_computed(const CategoryPage& page,
                                                   std::string_view origin) {
  auto ticket = category_pages_.ticket();
  int64_t sweep_due = sweep_.next_due();  // read before computing
  int64_t valid_until = 0;
  uint64_t stamp = 0;
  std::string json = category_page_uncached(page, origin, valid_until, stamp);
  category_pages_.put(page, origin, json, stamp, ticket, std::min(sweep_due, valid_until));
  return json;
}

void ProductService::check_pages() {
  CategoryPageCache::CheckScope finish(category_pages_);
  follow_availability();
  auto due = category_pages_.take_due();
  if (due.empty()) return;
  auto ticket = category_pages_.ticket();
  std::vector<std::string> ids;
  for (const auto& d : due)
    if (!d.recompute) ids.push_back(d.key.category_id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::map<std::string, uint64_t> stamps;
  if (!ids.empty()) {
    auto rows = db_.read([&](db::Session& s) { return store::category_stamps(s, ids); });
    for (const auto& r : rows)
      stamps.emplace(r.category_id, category_page_stamp(r.head.products_count, r.head.revision));
  }
  for (const auto& d : due) {
    auto it = stamps.find(d.key.category_id);
    if (!d.recompute && it != stamps.end() && it->second == d.stamp) {
      category_pages_.renew(d, ticket);
      continue;
    }
    // Changed (or its category removed, or old): recomputed now, so a hot page is not missing
    // meanwhile.
    try {
      category_page_computed(d.key, d.origin);
    } catch (const ApiError&) {
      category_pages_.invalidate(d.key);  // gone
    }
  }
}

std::string ProductService::category_page_uncached(const CategoryPage& wanted,
                                                   std::string_view origin, int64_t& valid_until_ms,
                                                   uint64_t& stamp) {
  const std::string& category_id = wanted.category_id;
  const int64_t page = wanted.page;
  const int64_t page_size = wanted.page_size;
  const RatingOptions& rating = wanted.rating;
  int64_t now = clock_.now_ms();
  int64_t offset = page_offset(page, page_size);
  int64_t total = 0;
  auto rows = db_.read([&](db::Session& s) {
    // Read first: a write landing while the rows are read makes the stamp older than the page,
    // so the next check recomputes it (never the reverse).
    auto head = store::category_page_head(s, category_id);
    if (!head)
      throw not_found("Category with id: " + category_id + " not found", "category_not_found");
    stamp = category_page_stamp(head->products_count, head->revision);
    total = head->products_count;
    if (rating.min_tenths)
      total =
          s.query_one(queries::category_rated_count(), {category_id, rating.min_rating()})->i64(0);
    if (offset >= total) return db::Rows{};
    if (!rating.any()) {
      auto step = [&](const SortKey* after) -> std::optional<SortKey> {
        db::Params params{category_id};
        if (after) {
          params.emplace_back(after->final_price_minor);
          params.emplace_back(after->id);
        }
        params.emplace_back(1);
        params.emplace_back(PageBoundaries::kStride - 1);
        auto row = s.query_one(queries::category_key_at(after != nullptr), params);
        if (!row) return std::nullopt;
        return SortKey{row->i64(0), row->str(1)};
      };
      if (auto start = boundaries_.start(category_id, stamp, offset, step))
        return s.query(queries::category_page_after(), {category_id, start->after.final_price_minor,
                                                        start->after.id, page_size, start->skip});
      return s.query(queries::category_page(), {category_id, page_size, offset});
    }
    db::Params params{category_id};
    if (rating.min_tenths) params.emplace_back(rating.min_rating());
    params.emplace_back(page_size);
    params.emplace_back(offset);
    return s.query(
        queries::category_page_rated(rating.sort_by_rating, rating.min_tenths.has_value()), params);
  });
  // A discount shown ends the page: one added by another node is unknown to this node's sweep,
  // and the page is renewed (not recomputed) while its category does not change.
  valid_until_ms = INT64_MAX;
  for (const auto& r : rows)
    if (auto d = store::discount_in(r, 5); discount_active(d, now))
      valid_until_ms = std::min(valid_until_ms, d->expires_at_ms);
  return product_page(page, page_size, total, rows, now, origin);
}

std::string ProductService::discount_page_json(int64_t page, int64_t page_size,
                                               std::string_view origin) {
  sweep();
  return cached(discount_page_key(page, page_size, origin),
                [&] { return discount_page_uncached(page, page_size, origin); });
}

std::string ProductService::discount_page_uncached(int64_t page, int64_t page_size,
                                                   std::string_view origin) {
  int64_t now = clock_.now_ms();
  int64_t offset = page_offset(page, page_size);
  int64_t total = 0;
  auto rows = db_.read([&](db::Session& s) {
    total = store::discounted_count(s);
    if (offset >= total) return db::Rows{};
    return s.query(queries::discount_page(), {now, page_size, offset});
  });
  return product_page(page, page_size, total, rows, now, origin);
}

std::string ProductService::recommended_json(const std::vector<std::string>& category_ids,
                                             int64_t page_size, std::string_view origin) {
  int64_t now = clock_.now_ms();
  if (category_ids.empty()) return "[]";
  auto quotas = split_quota(page_size, category_ids.size());
  auto rows = db_.read([&](db::Session& s) {
    db::Rows all;
    for (std::size_t i = 0; i < category_ids.size(); ++i) {
      if (quotas[i] == 0) continue;
      for (auto& r : random_products(s, category_ids[i], quotas[i])) all.push_back(std::move(r));
    }
    return all;
  });
  if (rows.empty())
    throw not_found("No products found in the visited categories", "products_not_found");
  buyable_first(rows);
  return product_short_array(rows, now, origin);
}

std::string ProductService::random_json(int64_t page_size, std::string_view origin) {
  int64_t now = clock_.now_ms();
  auto rows = db_.read([&](db::Session& s) { return random_products(s, std::nullopt, page_size); });
  buyable_first(rows);
  return product_short_array(rows, now, origin);
}

std::string ProductService::seller_page_json(const Actor& caller, const std::string& seller_id,
                                             const std::string& category_id, int64_t page,
                                             int64_t page_size, std::string_view origin) {
  if (seller_id != caller.id)
    throw forbidden("You can only list your own products", "not_your_seller_id");
  int64_t now = clock_.now_ms();
  int64_t offset = page_offset(page, page_size);
  int64_t total = 0;
  auto rows = db_.read([&](db::Session& s) {
    if (!store::find_category(s, category_id))
      throw not_found("Category with id: " + category_id + " not found", "category_not_found");
    total = s.query_one(queries::seller_count(), {seller_id, category_id})->i64(0);
    if (offset >= total) return db::Rows{};
    return s.query(queries::seller_page(), {seller_id, category_id, page_size, offset});
  });
  return product_page(page, page_size, total, rows, now, origin);
}

std::string ProductService::search_json(const std::string& query,
                                        const std::optional<std::string>& category_id,
                                        int64_t page_size, std::string_view origin,
                                        const RatingOptions& rating) {
  if (is_blank_text(query)) throw invalid_field("searchQuery", "is required and cannot be blank");
  sweep();
  auto tokens = search_tokens(query);
  follow_availability();
  auto key = search_key(tokens, category_id, page_size, origin, rating);
  return searches_.get_or_compute(key, clock_.now_ms(), sweep_.next_due(), [&] {
    return search_uncached(tokens, category_id, page_size, origin, rating);
  });
}

std::optional<CachedAnswer> ProductService::cached_search_json(
    const std::string& query, const std::optional<std::string>& category_id, int64_t page_size,
    std::string_view origin, const RatingOptions& rating) {
  if (is_blank_text(query)) return std::nullopt;  // the pool answers the 400
  auto tokens = search_tokens(query);
  return cached_only(searches_, search_key(tokens, category_id, page_size, origin, rating), [&] {
    return [this, tokens, category_id, page_size, origin = std::string(origin), rating] {
      return search_uncached(tokens, category_id, page_size, origin, rating);
    };
  });
}

std::string ProductService::search_uncached(const std::vector<std::string>& tokens,
                                            const std::optional<std::string>& category_id,
                                            int64_t page_size, std::string_view origin,
                                            const RatingOptions& rating) {
  int64_t now = clock_.now_ms();
  std::vector<QueryWord> words;
  for (const auto& t : tokens) words.push_back({t, {}});
  if (category_id) {
    bool known =
        db_.read([&](db::Session& s) { return store::find_category(s, *category_id).has_value(); });
    if (!known)
      throw not_found("Category with id: " + *category_id + " not found", "category_not_found");
  }
  const std::string* category = category_id ? &*category_id : nullptr;
  auto matches = search_catalog_.read([&](const SearchIndex& index) {
    auto found = index.newest_matches(words, category, queries::kSearchCandidates);
    if (static_cast<int64_t>(found.size()) >= page_size) return found;
    // Too few: words that begin no word of the catalog may be typos (search.hpp).
    bool corrected = false;
    for (auto& w : words) {
      if (allowed_typos(code_points(w.word)) == 0 || index.starts_some_term(w.word)) continue;
      w.corrections = index.corrections(w.word);
      corrected = corrected || !w.corrections.empty();
    }
    return corrected ? index.newest_matches(words, category, queries::kSearchCandidates) : found;
  });
  // Ranked by title; with rating options the candidates' rows are read first (their average).
  db::Rows rows;
  std::map<std::string, const db::Row*> by_id;
  auto read_rows = [&](const std::vector<const SearchMatch*>& which) {
    db::Params ids;
    for (const auto* m : which) ids.emplace_back(m->id);
    if (ids.empty()) return;
    rows = db_.read(
        [&](db::Session& s) { return s.query(queries::products_by_ids(ids.size()), ids); });
    by_id.clear();
    for (const auto& r : rows) by_id.emplace(r.str(0), &r);
  };
  struct Ranked {
    const SearchMatch* match;
    SearchScore score;
    double rating = 0;
  };
  std::vector<Ranked> ranked;
  ranked.reserve(matches.size());
  if (rating.any()) {
    std::vector<const SearchMatch*> all;
    for (const auto& m : matches) all.push_back(&m);
    read_rows(all);
  }
  for (const auto& m : matches) {
    Ranked r{&m, score_title(words, m.title_words)};
    if (rating.any()) {
      auto it = by_id.find(m.id);
      if (it == by_id.end()) continue;  // removed since the index looked
      r.rating = it->second->f64(3);
      // minRating filters the candidates (average_rating is 0 without reviews).
      if (rating.min_tenths && !(r.rating >= rating.min_rating())) continue;
    }
    ranked.push_back(r);
  }
  std::sort(ranked.begin(), ranked.end(), [&](const Ranked& a, const Ranked& b) {
    if (rating.sort_by_rating && a.rating != b.rating) return a.rating > b.rating;
    if (ranks_before(a.score, b.score)) return true;
    if (ranks_before(b.score, a.score)) return false;
    return a.match->id > b.match->id;  // the newest first (UUIDv7 ids)
  });
  if (static_cast<int64_t>(ranked.size()) > page_size)
    ranked.resize(static_cast<std::size_t>(page_size));
  if (!rating.any()) {
    std::vector<const SearchMatch*> page;
    for (const auto& r : ranked) page.push_back(r.match);
    read_rows(page);
  }
  JsonWriter w;
  w.begin_array();
  for (const auto& r : ranked)
    if (auto it = by_id.find(r.match->id); it != by_id.end())
      write_product_short(w, *it->second, now, origin);  // removed meanwhile: left out
  w.end_array();
  return w.take();
}

std::string ProductService::filter_json(const FilterCriteria& c, std::string_view origin) {
  sweep();
  int64_t now = clock_.now_ms();
  // Conditions on the same attribute are alternatives; different attributes must all match.
  std::map<std::string, std::vector<std::string>> groups;
  for (const auto& cond : c.conditions) {
    auto& values = groups[cond.attribute_id];
    if (std::find(values.begin(), values.end(), cond.value) == values.end())
      values.push_back(cond.value);
  }
  auto rows = db_.read([&](db::Session& s) {
    if (!store::find_category(s, c.category_id))
      throw not_found("Category with id: " + c.category_id + " not found", "category_not_found");
    if (!groups.empty()) {
      std::set<std::string> known;
      for (const auto& k : store::category_keys(s, c.category_id, true)) known.insert(k.id);
      for (const auto& [id, values] : groups)
        if (!known.count(id))
          throw bad_request("One or more attributes do not belong to this category",
                            "attribute_not_in_category");
    }
    db::Params params{c.category_id};
    if (c.min_price_minor) params.emplace_back(*c.min_price_minor);
    if (c.max_price_minor) params.emplace_back(*c.max_price_minor);
    if (c.rating.min_tenths) params.emplace_back(c.rating.min_rating());
    std::vector<std::size_t> sizes;
    for (const auto& [id, values] : groups) {
      params.emplace_back(id);
      for (const auto& v : values) params.emplace_back(v);
      sizes.push_back(values.size());
    }
    params.emplace_back(c.page_size);
    params.emplace_back(page_offset(c.page, c.page_size));
    auto sql = queries::filter(c.min_price_minor.has_value(), c.max_price_minor.has_value(), sizes,
                               c.rating.sort_by_rating, c.rating.min_tenths.has_value());
    return s.query(sql, params);
  });
  return product_short_array(rows, now, origin);
}

}  // namespace wolfix::catalog
