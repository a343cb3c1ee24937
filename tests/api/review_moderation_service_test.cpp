// Reviews with the optional external moderation service configured: a fake service started by
// the test answers clean, toxic, errors, garbage, drops the connection or never answers in time.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>

#include "catalog_api_helpers.hpp"
#include "catalog_fixtures.hpp"
#include "fixtures.hpp"
#include "http/server.hpp"
#include "review/service.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

namespace json = boost::json;

enum class Mode { clean, toxic, error, not_boolean, drop, stall };

// The fake moderation service: answers as `mode` says and remembers what it was sent.
struct FakeModeration {
  std::atomic<Mode> mode{Mode::clean};
  std::atomic<int> calls{0};
  // When set, answers a clean-mode request with this (the request body in, "true"/"false" out).
  std::function<std::string(const std::string&)> answer_override;
  std::mutex mu;
  std::condition_variable cv;
  bool released = false;
  std::string last_body;
  std::string last_content_type;
  std::unique_ptr<http::Server> server;
  uint16_t port = 0;

  void start() {
    http::ServerOptions o;
    o.host = "127.0.0.1";
    o.port = 0;
    o.io_threads = 1;
    o.worker_threads = 4;
    server = std::make_unique<http::Server>(o, [this](http::Request& r) { return answer(r); });
    port = server->start();
  }

  http::Response answer(http::Request& r) {
    {
      std::lock_guard lock(mu);
      last_body = r.body;
      last_content_type = std::string(r.header("content-type"));
    }
    ++calls;
    switch (mode.load()) {
      case Mode::clean: {
        std::function<std::string(const std::string&)> override_;
        {
          std::lock_guard lock(mu);
          override_ = answer_override;
        }
        return http::Response::raw_json(override_ ? override_(r.body) : "false");
      }
      case Mode::toxic:
        return http::Response::raw_json("true");
      case Mode::error:
        return http::Response::raw_json("{\"error\":\"overloaded\"}", 500);
      case Mode::not_boolean:
        return http::Response::raw_json("{\"toxic\":false}");
      case Mode::drop: {
        http::Response res;
        res.drop_connection = true;
        return res;
      }
      case Mode::stall: {
        // Answers only when the test has seen Wolfix give up (bounded, so a broken run ends).
        std::unique_lock lock(mu);
        cv.wait_for(lock, std::chrono::seconds(30), [this] { return released; });
        return http::Response::raw_json("false");
      }
    }
    return http::Response::raw_json("false");
  }

  void release() {
    std::lock_guard lock(mu);
    released = true;
    cv.notify_all();
  }
};

class ExternalModerationTest : public ServerSuite<ExternalModerationTest> {
 public:
  // The stand-in moderation service is up before the server that calls it.
  static void configure(Config& c) {
    fake = std::make_unique<FakeModeration>();
    fake->start();
    c.review_moderation_url = "http://127.0.0.1:" + std::to_string(fake->port) + "/check";
    c.review_moderation_timeout_ms = 500;
  }
  static void prepare(TestServer& s) {
    seller = std::make_unique<Actor>(make_actor(s, "Seller"));
    admin = std::make_unique<Actor>(make_actor(s, "Admin"));
  }
  static void finish() {
    fake->release();
    server.reset();
    fake->server->stop();
    fake.reset();
  }

 protected:
  static Reply post(const Actor& c, const std::string& product_id, int rating,
                    const std::string& text) {
    return server->post("/api/products/" + product_id + "/reviews",
                        json::object{{"title", "About it"},
                                     {"text", text},
                                     {"rating", rating},
                                     {"customerId", c.profile_id}},
                        c.token);
  }
  static json::value product(const std::string& id) {
    auto r = server->get("/api/products/product/" + id);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  static std::size_t listed(const std::string& product_id) {
    auto r = server->get("/api/products/" + product_id + "/reviews");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().at("items").as_array().size();
  }
  // A review the service could not judge is held, not shown, not counted; a moderator can
  // publish it.
  static void expect_held_then_approved(const Reply& r, const TestProduct& p) {
    ASSERT_EQ(r.status, 202) << r.body;
    EXPECT_EQ(r.json().at("status"), "Pending");
    EXPECT_EQ(r.json().at("reason"), "moderation_unavailable");
    EXPECT_EQ(listed(p.id), 0u);
    EXPECT_EQ(num(product(p.id).at("reviewsCount")), 0);
    auto id = std::string(r.json().at("id").as_string());
    auto queue = server->get("/api/reviews/pending?pageSize=100", admin->token);
    ASSERT_EQ(queue.status, 200);
    bool found = false;
    auto page = queue.json();
    for (const auto& v : page.at("items").as_array())
      if (v.at("id") == id) found = v.at("holdReason") == "moderation_unavailable";
    EXPECT_TRUE(found) << queue.body;
    ASSERT_EQ(server->patch("/api/reviews/" + id + "/approve", json::object{}, admin->token).status,
              204);
    EXPECT_EQ(listed(p.id), 1u);
    EXPECT_EQ(num(product(p.id).at("reviewsCount")), 1);
  }

  static inline std::unique_ptr<FakeModeration> fake;
  static inline std::unique_ptr<Actor> seller;
  static inline std::unique_ptr<Actor> admin;
};

TEST_F(ExternalModerationTest, ACleanAnswerPublishesAndTheServiceGetsTheText) {
  fake->mode = Mode::clean;
  auto p = make_product(*server, *seller);
  auto c = make_actor(*server, "Customer");
  int before = fake->calls;
  auto r = post(c, p.id, 4, "Solid build, good battery");
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(fake->calls, before + 1);
  {
    std::lock_guard lock(fake->mu);
    auto sent = json::parse(fake->last_body);
    EXPECT_EQ(sent.at("text"), "About it\nSolid build, good battery");
    EXPECT_NE(fake->last_content_type.find("application/json"), std::string::npos);
  }
  EXPECT_EQ(listed(p.id), 1u);
  EXPECT_DOUBLE_EQ(num(product(p.id).at("averageRating")), 4);
}

TEST_F(ExternalModerationTest, AToxicAnswerRefusesWith422) {
  fake->mode = Mode::toxic;
  auto p = make_product(*server, *seller);
  auto c = make_actor(*server, "Customer");
  auto r = post(c, p.id, 1, "You are all idiots");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.code(), "review_rejected");
  EXPECT_EQ(r.json().at("reason"), "toxic");
  EXPECT_EQ(listed(p.id), 0u);
  // Nothing was stored: the customer may write a civil review.
  fake->mode = Mode::clean;
  EXPECT_EQ(post(c, p.id, 2, "Not for me").status, 204);
}

TEST_F(ExternalModerationTest, TheBuiltInRulesRunFirst) {
  fake->mode = Mode::clean;
  auto p = make_product(*server, *seller);
  auto c = make_actor(*server, "Customer");
  int before = fake->calls;
  auto r = post(c, p.id, 1, "fucking awful");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json().at("reason"), "profanity");
  EXPECT_EQ(fake->calls, before);  // never asked
}

TEST_F(ExternalModerationTest, AnErrorStatusHoldsTheReview) {
  fake->mode = Mode::error;
  auto p = make_product(*server, *seller);
  auto c = make_actor(*server, "Customer");
  expect_held_then_approved(post(c, p.id, 5, "Excellent"), p);
}

TEST_F(ExternalModerationTest, AnAnswerThatIsNotABooleanHoldsTheReview) {
  fake->mode = Mode::not_boolean;
  auto p = make_product(*server, *seller);
  auto c = make_actor(*server, "Customer");
  expect_held_then_approved(post(c, p.id, 5, "Excellent"), p);
}

TEST_F(ExternalModerationTest, AServiceThatHangsUpHoldsTheReview) {
  fake->mode = Mode::drop;
  auto p = make_product(*server, *seller);
  auto c = make_actor(*server, "Customer");
  expect_held_then_approved(post(c, p.id, 3, "Average"), p);
}

TEST_F(ExternalModerationTest, AServiceTooSlowToAnswerHoldsTheReview) {
  fake->mode = Mode::stall;
  {
    std::lock_guard lock(fake->mu);
    fake->released = false;
  }
  auto p = make_product(*server, *seller);
  auto c = make_actor(*server, "Customer");
  auto r = post(c, p.id, 3, "Average");
  fake->release();  // Wolfix gave up waiting: let the stalled answer go
  expect_held_then_approved(r, p);
}

TEST_F(ExternalModerationTest, ADownServiceHoldsEditsToo) {
  fake->mode = Mode::clean;
  auto p = make_product(*server, *seller);
  auto c = make_actor(*server, "Customer");
  ASSERT_EQ(post(c, p.id, 5, "Great").status, 204);
  auto mine = server->get("/api/customers/" + c.profile_id + "/reviews", c.token);
  ASSERT_EQ(mine.status, 200);
  auto id = std::string(mine.json().at(0).at("id").as_string());
  fake->mode = Mode::drop;
  auto r = server->patch("/api/products/" + p.id + "/reviews/" + id,
                         json::object{{"text", "Great, still"}, {"rating", 4}}, c.token);
  ASSERT_EQ(r.status, 202) << r.body;
  // Out of the listing and the average until a moderator looks; the text was kept.
  EXPECT_EQ(listed(p.id), 0u);
  EXPECT_TRUE(product(p.id).at("averageRating").is_null());
  auto after = server->get("/api/customers/" + c.profile_id + "/reviews", c.token);
  EXPECT_EQ(after.json().at(0).at("text"), "Great, still");
  EXPECT_EQ(after.json().at(0).at("status"), "Pending");
}

TEST_F(ExternalModerationTest, HeldReviewsAreAskedAgainWhenTheServiceIsBack) {
  auto p = make_product(*server, *seller);
  auto kind = make_actor(*server, "Customer");
  auto rude = make_actor(*server, "Customer");
  fake->mode = Mode::drop;
  auto a = post(kind, p.id, 5, "Lovely, thank you");
  auto b = post(rude, p.id, 1, "You are all idiots");
  ASSERT_EQ(a.status, 202) << a.body;
  ASSERT_EQ(b.status, 202) << b.body;
  auto& reviews = server->app().reviews();
  // Still down: nothing changes, nothing is lost.
  EXPECT_EQ(reviews.recheck_held(), 0);
  EXPECT_EQ(listed(p.id), 0u);

  // Back: the clean one is published and counted; the toxic one stays held for a moderator.
  fake->mode = Mode::clean;
  std::atomic<int> asked{0};
  auto set_override = [&](std::function<std::string(const std::string&)> f) {
    std::lock_guard lock(fake->mu);
    fake->answer_override = std::move(f);
  };
  set_override([&](const std::string& body) {
    ++asked;
    return std::string(body.find("idiots") != std::string::npos ? "true" : "false");
  });
  EXPECT_GE(reviews.recheck_held(100), 2);  // ours, and any an earlier test left held
  set_override(nullptr);
  EXPECT_GE(asked, 2);
  EXPECT_EQ(listed(p.id), 1u);
  EXPECT_EQ(num(product(p.id).at("reviewsCount")), 1);
  EXPECT_DOUBLE_EQ(num(product(p.id).at("averageRating")), 5);
  auto mine = server->get("/api/customers/" + rude.profile_id + "/reviews", rude.token);
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.json().at(0).at("status"), "Pending");
  EXPECT_EQ(mine.json().at(0).at("holdReason"), "toxic");
  // Nothing left to ask about.
  EXPECT_EQ(reviews.recheck_held(100), 0);
}

}  // namespace
}  // namespace wolfix::test
