#include "review/seed.hpp"

#include <array>

#include "common/errors.hpp"

namespace wolfix::review {
namespace {

struct DemoReview {
  const char* title;  // may be empty: no title
  const char* text;
  int rating;
};

constexpr std::array<DemoReview, 8> kDemoReviews = {{
    {"Рекомендую", "Якість відмінна, доставка за два дні. Все як на фото.", 5},
    {"", "Good value for the price. Packaging could be better.", 4},
    {"Нормально", "Відповідає опису, але розмір трохи менший, ніж очікувала.", 3},
    {"Excellent", "Exactly what I needed, works perfectly after a month of daily use.", 5},
    {"", "Продавець швидко відповів на питання, товар прийшов цілим.", 4},
    {"Так собі", "Колір відрізняється від фото. Повертати не стала.", 2},
    {"Great", "Second purchase, still happy with it.", 5},
    {"", "Хороша річ за свої гроші.", 4},
}};

}  // namespace

int seed_demo_reviews(ReviewService& reviews, const std::vector<std::string>& product_ids,
                      const std::vector<std::string>& customer_ids) {
  int written = 0;
  for (std::size_t p = 0; p < product_ids.size(); ++p) {
    for (std::size_t c = 0; c < customer_ids.size(); ++c) {
      if ((p + c) % 3 == 2) continue;  // not everyone reviews everything
      const auto& demo = kDemoReviews[(p * 3 + c) % kDemoReviews.size()];
      Draft d;
      if (*demo.title) d.title = demo.title;
      d.text = demo.text;
      d.rating = demo.rating;
      try {
        reviews.post(customer_ids[c], product_ids[p], d);
        ++written;
      } catch (const ApiError&) {
        // Already reviewed by this customer (a second `wolfix seed`), or the product is gone.
      }
    }
  }
  return written;
}

}  // namespace wolfix::review
