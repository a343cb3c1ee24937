#pragma once
// Products: sellers create and change their own products (Wolfix.Server lets any seller change
// any product: S3); everyone reads them. Every write is one transaction; media files are written
// before it and removed again if it fails.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "catalog/detail_cache.hpp"
#include "catalog/discount_sweep.hpp"
#include "catalog/flights.hpp"
#include "catalog/model.hpp"
#include "catalog/page_boundaries.hpp"
#include "catalog/page_cache.hpp"
#include "catalog/search_catalog.hpp"
#include "catalog/stock.hpp"
#include "common/actor.hpp"
#include "common/clock.hpp"
#include "common/upload.hpp"
#include "db/db.hpp"
#include "media/blob_store.hpp"
#include "media/sniff.hpp"
#include "media/uploads.hpp"

namespace wolfix::catalog {

struct KeyValueInput {
  std::string id;   // attribute or variant id; empty when the client named it by key
  std::string key;  // the category's key, when no id was given
  std::string value;
  std::string field;  // where it came from ("attributesJson[2]"), for field errors
};

struct NewProduct {
  std::string title;
  std::string description;
  int64_t price_minor = 0;
  ProductStatus status = ProductStatus::in_stock;
  std::string category_id;
  std::string seller_id;
  // Units in stock, or nullopt: the product does not track stock (always available while
  // InStock), which is what a form without a stock field (Wolfix.Server's) creates.
  std::optional<int64_t> stock;
  std::vector<KeyValueInput> attributes;
  std::vector<KeyValueInput> variants;
  std::optional<media::Kind> content_type;  // when given, every file must be of this kind
  std::vector<const UploadedFile*> media;
};

struct StockChange {
  std::optional<int64_t> stock;  // the new count
  std::optional<int64_t> delta;  // or a change to it
  std::optional<bool> track;     // switch tracking on or off
};

struct StockState {
  bool tracked = true;
  int64_t stock = 0;  // meaningless when not tracked
};

struct GeneralInfo {
  std::string title;
  std::string description;
  std::string category_id;
  std::optional<ProductStatus> status;
  std::optional<std::vector<KeyValueInput>> attributes;  // replaces all values when given
};

struct FilterCriteria {
  std::string category_id;
  struct Condition {
    std::string attribute_id;
    std::string value;
  };
  std::vector<Condition> conditions;
  std::optional<int64_t> min_price_minor;
  std::optional<int64_t> max_price_minor;
  int64_t page_size = 30;
  int64_t page = 1;
  RatingOptions rating;
};

class ProductService {
 public:
  // stock: what orders do to stock, which the cached pages and details follow.
  ProductService(db::Database& db, Clock& clock, const media::BlobStore& blobs, const Stock& stock)
      : db_(db),
        clock_(clock),
        blobs_(blobs),
        stock_(stock),
        sweep_(db, clock),
        search_catalog_(db, clock),
        seen_stock_(stock.change_seq()) {}

  // Writes. `caller` is the authenticated seller (its id the seller profile).
  std::string create(const Actor& caller, const NewProduct& p);
  void remove(const Actor& caller, const std::string& product_id);
  void change_general_info(const Actor& caller, const std::string& product_id,
                           const GeneralInfo& info);
  void change_price(const Actor& caller, const std::string& product_id, int64_t price_minor);
  // Sets the stock, or adjusts it by delta (never below zero: 409), and/or switches tracking
  // on or off. Setting a stock turns tracking on; a delta needs a tracked product (409).
  StockState change_stock(const Actor& caller, const std::string& product_id,
                          const StockChange& change);
  void add_media(const Actor& caller, const std::string& product_id,
                 const std::vector<const UploadedFile*>& files,
                 std::optional<media::Kind> content_type);
  void delete_media(const Actor& caller, const std::string& product_id,
                    const std::string& media_id);
  void set_main_photo(const Actor& caller, const std::string& product_id,
                      const std::string& media_id);
  void add_discount(const Actor& caller, const std::string& product_id, int64_t percent,
                    int64_t expires_at_ms);
  void remove_discount(const Actor& caller, const std::string& product_id);

  // Reads, as JSON: the catalog's documented fast path. Unlike every other service method they
  // return the answer's bytes, not structs: listings write rows straight to JSON (queries.hpp,
  // listing.hpp), and pages, product details and search answers are kept as bytes in the
  // page_cache / detail_cache and answered from them on the io thread (issue 12).
  // `origin` is where the client reached us (http::Request::origin): media URLs are made
  // absolute on it, and cached pages are kept per origin.
  std::string full_json(const std::string& product_id, std::string_view origin);
  // The same from the detail cache only, never blocking (safe on an io thread).
  std::optional<CachedAnswer> cached_full_json(const std::string& product_id,
                                               std::string_view origin);
  std::string category_page_json(const std::string& category_id, int64_t page, int64_t page_size,
                                 std::string_view origin, const RatingOptions& rating = {});
  std::string discount_page_json(int64_t page, int64_t page_size, std::string_view origin);
  // The same pages from the page cache only, never blocking (safe on an io thread): nullopt on
  // a miss, or when a discount sweep is due (database work).
  std::optional<CachedAnswer> cached_category_page_json(const std::string& category_id,
                                                        int64_t page, int64_t page_size,
                                                        std::string_view origin,
                                                        const RatingOptions& rating = {});
  std::optional<CachedAnswer> cached_discount_page_json(int64_t page, int64_t page_size,
                                                        std::string_view origin);
  std::string recommended_json(const std::vector<std::string>& category_ids, int64_t page_size,
                               std::string_view origin);
  std::string random_json(int64_t page_size, std::string_view origin);
  std::string seller_page_json(const Actor& caller, const std::string& seller_id,
                               const std::string& category_id, int64_t page, int64_t page_size,
                               std::string_view origin);
  std::string search_json(const std::string& query, const std::optional<std::string>& category_id,
                          int64_t page_size, std::string_view origin,
                          const RatingOptions& rating = {});
  std::optional<CachedAnswer> cached_search_json(const std::string& query,
                                                 const std::optional<std::string>& category_id,
                                                 int64_t page_size, std::string_view origin,
                                                 const RatingOptions& rating = {});
  std::string filter_json(const FilterCriteria& criteria, std::string_view origin);

  // The search index follows the database (a job; see catalog/search_catalog.hpp).
  void follow_search_index() { search_catalog_.refresh(); }
  bool search_index_built() const { return search_catalog_.built(); }

  // After catalog writes made outside this service (a seller's removal, a review, a category
  // or seller renamed).
  void forget_cached_pages() {
    search_catalog_.changed();
    boundaries_.invalidate();
    pages_.invalidate();
    category_pages_.invalidate();
    searches_.invalidate();
    details_.invalidate();
  }

 private:
  // valid_until_ms: when a discount it shows ends; stamp: the category's when the page was read
  // (category_page_stamp).
  std::string category_page_uncached(const CategoryPage& page, std::string_view origin,
                                     int64_t& valid_until_ms, uint64_t& stamp);
  // Computes a page and caches it (category_pages_).
  std::string category_page_computed(const CategoryPage& page, std::string_view origin);
  // The check of the cached category pages due for renewal that a get() handed out: one read
  // of their categories' stamps, then each page renewed or recomputed.
  void check_pages();
  std::string discount_page_uncached(int64_t page, int64_t page_size, std::string_view origin);
  // stamp: what the answer was computed from (queries::kDetailStampColumns).
  std::string full_json_uncached(const std::string& product_id, std::string_view origin,
                                 int64_t& valid_until_ms, uint64_t& stamp);
  // The check of the cached details due for renewal that a get() handed out (detail_cache.hpp):
  // one read of their stamps, then each renewed or recomputed.
  void check_details();
  std::string search_uncached(const std::vector<std::string>& tokens,
                              const std::optional<std::string>& category_id, int64_t page_size,
                              std::string_view origin, const RatingOptions& rating);
  // After a committed write to one product: every listing may show it, and its detail changed;
  // `reorders`: it may have moved in a category's price order (page_boundaries.hpp).
  void product_changed(const std::string& product_id, bool reorders);
  // Drops the details of products whose stock an order changed (stock.hpp).
  void follow_stock();
  struct StoredFile;
  std::vector<StoredFile> store_files(const std::vector<const UploadedFile*>& files,
                                      std::optional<media::Kind> content_type,
                                      media::PendingBlobs& pending);
  // Clears expired discounts when one may be due, and forgets cached pages if any was.
  void sweep();
  // Forgets cached pages when a tracked stock ran out or came back (stock.hpp).
  void follow_availability();
  // A cached answer, or compute() stored for reuse (see page_cache.hpp).
  template <class F>
  std::string cached(const std::string& key, F&& compute);
  // An io thread's answer from `cache`; make_compute() (called only when this caller is handed
  // the entry's refresh) returns what recomputes it, owning its arguments.
  template <class MakeCompute>
  std::optional<CachedAnswer> cached_only(PageCache& cache, const std::string& key,
                                          MakeCompute&& make_compute);

  db::Database& db_;
  Clock& clock_;
  const media::BlobStore& blobs_;
  const Stock& stock_;
  DiscountSweep sweep_;
  PageCache pages_;  // the discount page
  // Category pages: revalidated by their category's stamp as details are by their product's
  // (detail_cache.hpp), instead of recomputed every TTL.
  CategoryPageCache category_pages_{std::chrono::milliseconds(1000), 4096};
  Flights page_flights_;  // concurrent misses of one page compute it once
  PageCache searches_;    // search answers, invalidated as pages_ is
  DetailCache details_;
  PageBoundaries boundaries_;  // deep category pages (price order)
  std::atomic<uint64_t> seen_availability_{0};
  std::mutex stock_mu_;
  SearchCatalog search_catalog_;  // the in-memory search index
  std::atomic<uint64_t> seen_stock_;
};

}  // namespace wolfix::catalog
