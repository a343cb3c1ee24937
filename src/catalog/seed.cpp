#include "catalog/seed.hpp"

#include <random>
#include <set>
#include <stdexcept>
#include <tuple>

#include "catalog/model.hpp"
#include "catalog/store.hpp"
#include "catalog/store_products.hpp"
#include "catalog/store_seed.hpp"
#include "common/uuid.hpp"
#include "media/placeholder.hpp"
#include "seller/lookup.hpp"

namespace wolfix::catalog {
namespace {

struct AttributeSpec {
  const char* key;
  std::vector<const char*> values;
};

struct BrandSpec {
  const char* brand;
  std::vector<const char*> models;
};

struct ChildSpec {
  const char* name;
  const char* description;
  const char* noun;  // the first word of a product title
  std::vector<BrandSpec> brands;
  std::vector<AttributeSpec> attributes;  // "Бренд" is added from brands
  std::vector<const char*> variants;
  int64_t min_price;  // whole hryvnias
  int64_t max_price;
  uint32_t colour_from, colour_to;  // placeholder image palette
};

struct ParentSpec {
  const char* name;
  const char* description;
  uint32_t colour_from, colour_to;
  std::vector<ChildSpec> children;
};

const std::vector<const char*> kColours = {"чорний",  "білий",    "синій",
                                           "зелений", "червоний", "сірий"};

const std::vector<ParentSpec>& catalog_spec() {
  static const std::vector<ParentSpec> spec = {
      {"Електроніка",
       "Смартфони, ноутбуки та аудіо",
       0x1e3a8a,
       0x60a5fa,
       {
           {"Смартфони",
            "Смартфони провідних брендів з офіційною гарантією",
            "Смартфон",
            {{"Samsung", {"Galaxy A15", "Galaxy A55", "Galaxy S24", "Galaxy S24 Ultra"}},
             {"Apple", {"iPhone 13", "iPhone 15", "iPhone 15 Pro"}},
             {"Xiaomi", {"Redmi Note 13", "Redmi 13C", "Poco X6"}},
             {"Motorola", {"Moto G54", "Edge 40"}},
             {"Google", {"Pixel 8", "Pixel 8a"}}},
            {{"Пам'ять", {"64 ГБ", "128 ГБ", "256 ГБ", "512 ГБ"}}, {"Колір", kColours}},
            {"Колір"},
            4000,
            60000,
            0x0f172a,
            0x3b82f6},
           {"Ноутбуки",
            "Ноутбуки для роботи, навчання та ігор",
            "Ноутбук",
            {{"Lenovo", {"IdeaPad 5", "ThinkPad E14", "Legion 5"}},
             {"ASUS", {"VivoBook 15", "ZenBook 14", "TUF Gaming F15"}},
             {"HP", {"Pavilion 15", "ProBook 450"}},
             {"Dell", {"Inspiron 15", "Latitude 5440"}},
             {"Apple", {"MacBook Air 13", "MacBook Pro 14"}}},
            {{"Процесор", {"Intel Core i5", "Intel Core i7", "AMD Ryzen 5", "AMD Ryzen 7"}},
             {"Екран", {"14\"", "15.6\"", "16\""}}},
            {},
            15000,
            90000,
            0x334155,
            0x94a3b8},
           {"Навушники",
            "Бездротові та дротові навушники",
            "Навушники",
            {{"Sony", {"WH-1000XM5", "WF-C700N"}},
             {"JBL", {"Tune 520BT", "Live 670NC"}},
             {"Apple", {"AirPods 3", "AirPods Pro 2"}},
             {"Sennheiser", {"Momentum 4", "HD 450BT"}}},
            {{"Тип", {"бездротові", "дротові"}}, {"Колір", kColours}},
            {"Колір"},
            500,
            15000,
            0x4c1d95,
            0xc4b5fd},
       }},
      {"Одяг",
       "Одяг для міста та активного відпочинку",
       0x9a3412,
       0xfdba74,
       {
           {"Футболки",
            "Бавовняні футболки на щодень",
            "Футболка",
            {{"Nike", {"Sportswear Club", "Dri-FIT"}},
             {"Adidas", {"Essentials", "Trefoil"}},
             {"Puma", {"Classics", "Essentials Logo"}},
             {"Uniqlo", {"U Crew Neck", "Airism"}}},
            {{"Розмір", {"S", "M", "L", "XL"}}, {"Колір", kColours}},
            {"Розмір", "Колір"},
            300,
            2000,
            0x7c2d12,
            0xfb923c},
           {"Куртки",
            "Демісезонні та зимові куртки",
            "Куртка",
            {{"Columbia", {"Powder Lite", "Watertight II"}},
             {"The North Face", {"Nuptse", "Quest"}},
             {"Nike", {"Windrunner", "Storm-FIT"}}},
            {{"Розмір", {"S", "M", "L", "XL"}}, {"Колір", kColours}},
            {"Розмір"},
            1500,
            12000,
            0x431407,
            0xf97316},
       }},
      {"Дім і сад",
       "Усе для кухні та затишку вдома",
       0x166534,
       0x86efac,
       {
           {"Посуд",
            "Сковороди, каструлі та ковші",
            "Сковорода",
            {{"Tefal", {"Day by Day 24 см", "Ingenio 28 см"}},
             {"Ringel", {"Zitrone 26 см", "Koriander 24 см"}},
             {"Tramontina", {"Loreto 24 см", "Paris 28 см"}}},
            {{"Матеріал", {"алюміній", "нержавіюча сталь", "чавун"}}},
            {},
            400,
            5000,
            0x14532d,
            0x4ade80},
           {"Освітлення",
            "Лампи та світильники",
            "Лампа",
            {{"Philips", {"LED Bulb A60", "Hue White"}},
             {"Xiaomi", {"Mi Smart LED", "Mijia Desk Lamp"}},
             {"IKEA", {"TRÅDFRI", "SOLHETTA"}}},
            {{"Потужність", {"5 Вт", "9 Вт", "12 Вт"}}},
            {},
            100,
            3000,
            0x713f12,
            0xfde047},
       }},
      {"Спорт",
       "Велосипеди та спортивний інвентар",
       0x0e7490,
       0x67e8f9,
       {
           {"Велосипеди",
            "Міські, гірські та шосейні велосипеди",
            "Велосипед",
            {{"Trek", {"Marlin 5", "FX 2"}},
             {"Giant", {"Talon 3", "Escape 2"}},
             {"Cube", {"Aim Race", "Nature EXC"}},
             {"Pride", {"Marvel 7.2", "Rocksteady 9.1"}}},
            {{"Розмір рами", {"S", "M", "L"}}, {"Колір", kColours}},
            {"Розмір рами"},
            8000,
            60000,
            0x164e63,
            0x22d3ee},
           {"М'ячі",
            "М'ячі для командних видів спорту",
            "М'яч",
            {{"Adidas", {"Tiro League", "UCL Pro"}},
             {"Nike", {"Strike", "Elite"}},
             {"Select", {"Brillant Super", "Numero 10"}},
             {"Molten", {"BG4500", "V5M5000"}}},
            {{"Вид спорту", {"футбол", "баскетбол", "волейбол"}}},
            {},
            300,
            3000,
            0x083344,
            0x06b6d4},
       }},
  };
  return spec;
}

struct SeededAttribute {
  std::string id;
  const AttributeSpec* spec = nullptr;  // nullptr for the brand attribute
};

struct SeededChild {
  const ChildSpec* spec = nullptr;
  std::string id;
  std::string brand_attribute_id;
  std::vector<SeededAttribute> attributes;
  std::vector<std::pair<std::string, std::string>> images;  // url, blob path
};

}  // namespace

SeedResult seed_catalog(db::Database& db, const Clock& clock, const media::BlobStore& blobs,
                        const SeedOptions& options) {
  if (options.seller_ids.empty())
    throw std::invalid_argument("seeding products needs at least one seller");
  if (options.products < 0) throw std::invalid_argument("the product count cannot be negative");
  SeedResult result;
  std::mt19937_64 rng(options.random_seed);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  int64_t now = clock.now_ms();

  // Categories, their keys and a few placeholder photos each (shared by their products).
  std::vector<SeededChild> children;
  std::vector<std::string> written;
  try {
    db.write([&](db::Session& s) {
      children.clear();
      for (const auto& parent : catalog_spec()) {
        bool created = false;
        auto parent_id =
            store::ensure_category(s, std::nullopt, parent.name, parent.description, now, created);
        result.parent_categories += created;
        if (created) {
          auto path =
              blobs.put("photos", "png",
                        media::placeholder_png(96, 96, parent.colour_from, parent.colour_to, 8));
          written.push_back(path);
          store::set_category_photo(s, parent_id, blobs.url_for(path), path);
        }
        for (const auto& child : parent.children) {
          SeededChild c;
          c.spec = &child;
          c.id = store::ensure_category(s, parent_id, child.name, child.description, now, created);
          result.child_categories += created;
          c.brand_attribute_id = store::ensure_category_key(s, c.id, "Бренд", true);
          for (const auto& a : child.attributes)
            c.attributes.push_back({store::ensure_category_key(s, c.id, a.key, true), &a});
          for (const auto* v : child.variants) store::ensure_category_key(s, c.id, v, false);
          for (int i = 0; i < 4; ++i) {
            auto png = media::placeholder_png(160, 160, child.colour_from + 0x101010u * i,
                                              child.colour_to, 6 + 3 * i);
            auto path = blobs.put("photos", "png", png);
            written.push_back(path);
            c.images.emplace_back(blobs.url_for(path), path);
          }
          if (created) {
            store::set_category_photo(s, c.id, c.images[0].first, c.images[0].second);
          }
          children.push_back(std::move(c));
        }
      }
    });
  } catch (...) {
    for (const auto& p : written) blobs.remove(p);
    throw;
  }
  result.images = static_cast<int64_t>(written.size());

  // Products, in large transactions of multi-row inserts. Random-keyed indexes (the shuffle
  // key, attribute values, the search index) touch pages all over the file, so SQLite gets a
  // page cache of a few hundred megabytes for the load instead of its default 2 MB.
  std::optional<int64_t> sqlite_cache;
  if (db.dialect() == db::Dialect::sqlite) {
    db.write([&](db::Session& s) {  // the writer connection is the one that loads
      sqlite_cache = store::sqlite_cache_size(s);
      store::set_sqlite_cache_size(s, -262144);
    });
  }
  const std::size_t rows = static_cast<std::size_t>(std::max<int64_t>(1, options.batch_rows));
  std::vector<std::string> deferred;
  if (options.products >= options.defer_indexes_from)
    deferred = db.write([&](db::Session& s) {
      if (store::has_products(s)) return std::vector<std::string>{};
      return store::drop_secondary_indexes(s);
    });
  auto rebuild_indexes = [&] {
    if (deferred.empty()) return;
    db.write([&](db::Session& s) { store::create_indexes(s, deferred); });
    deferred.clear();
  };
  int64_t done = 0;
  if (options.on_progress) options.on_progress(0);
  try {
    while (done < options.products) {
      int64_t chunk = std::min(options.rows_per_transaction, options.products - done);
      std::set<std::tuple<std::string, std::string, std::string>> allowed;
      db.write([&](db::Session& s) {
        allowed.clear();
        auto products = store::BatchInsert::products(rows);
        auto media = store::BatchInsert::media(rows);
        auto values = store::BatchInsert::attribute_values(rows);
        for (int64_t i = 0; i < chunk; ++i) {
          const auto& c = children[pick(children.size())];
          const auto& spec = *c.spec;
          const auto& brand = spec.brands[pick(spec.brands.size())];
          std::string title = std::string(spec.noun) + " " + brand.brand + " " +
                              brand.models[pick(brand.models.size())];
          std::vector<std::pair<std::string, std::string>> attrs{
              {c.brand_attribute_id, brand.brand}};
          for (const auto& a : c.attributes) {
            std::string v = a.spec->values[pick(a.spec->values.size())];
            attrs.emplace_back(a.id, v);
            title += " " + v;
          }
          int64_t units =
              spec.min_price + static_cast<int64_t>(rng() % (spec.max_price - spec.min_price + 1));
          int64_t price_minor = (units / 10 * 10 + 9) * 100;  // 12 499.00
          std::optional<int> percent;
          std::optional<int64_t> expires;
          if (pick(100) < 15) {
            static const int kPercents[] = {5, 10, 15, 20, 25, 30, 40, 50};
            percent = kPercents[pick(8)];
            expires = now + (3 + static_cast<int64_t>(pick(28))) * 86'400'000LL;
          }
          bool available = pick(100) >= 5;
          int64_t stock = pick(10) == 0 ? 0 : 1 + static_cast<int64_t>(pick(200));
          // The discount page is a shop's first page: only what can be bought is on sale there.
          if (!available || stock == 0) {
            percent.reset();
            expires.reset();
          }
          const auto& image = c.images[pick(c.images.size())];
          std::string id = new_uuid_v7();
          int64_t created = now - static_cast<int64_t>(pick(90 * 24)) * 3'600'000LL;
          std::string description = title + ". " + spec.description +
                                    ". Офіційна гарантія 12 місяців, доставка по всій Україні.";
          const auto& seller =
              options.seller_ids[static_cast<std::size_t>(done + i) % options.seller_ids.size()];
          allowed.insert({seller, c.id, c.spec->name});
          products.add({id, seller, c.id, title, description, price_minor,
                        available ? "InStock" : "NotAvailable", stock, percent, expires,
                        bonuses_for(price_minor), image.first, created, created});
          media.add({new_uuid_v7(), id, image.first, "Photo", 1, image.second, created});
          for (auto& [attr, value] : attrs) values.add({id, attr, value});
          if (products.full()) {  // parents before the rows that refer to them
            products.flush(s);
            media.flush(s);
            values.flush(s);
          }
        }
        products.flush(s);
        media.flush(s);
        values.flush(s);
        // A seller lists products only in categories they were approved for; demo sellers are
        // approved for what they were given.
        for (const auto& [seller, category, name] : allowed)
          seller::approve_category(s, seller, category, name, now);
      });
      done += chunk;
      if (options.on_progress) options.on_progress(done);
    }
  } catch (...) {
    rebuild_indexes();  // never leave the schema without them
    throw;
  }
  rebuild_indexes();
  result.products = done;
  db.write([](db::Session& s) { store::recount(s); });
  if (sqlite_cache)
    db.write([&](db::Session& s) { store::set_sqlite_cache_size(s, *sqlite_cache); });
  return result;
}

std::vector<std::string> first_products(db::Database& db, int64_t limit) {
  return db.read([&](db::Session& s) { return store::first_live_product_ids(s, limit); });
}

}  // namespace wolfix::catalog
