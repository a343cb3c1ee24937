#include "harness.hpp"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "common/crypto.hpp"
#include "db/db.hpp"
#include "source_dir.hpp"

namespace wolfix::test {

boost::json::value Reply::json() const {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec) ADD_FAILURE() << "not JSON (" << status << "): " << body;
  return v;
}

static std::string error_field(const std::string& body, const char* key) {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return "";
  auto* m = v.as_object().if_contains(key);
  return m && m->is_string() ? std::string(m->as_string()) : "";
}
std::string Reply::message() const {
  return error_field(body, "message");
}
std::string Reply::code() const {
  return error_field(body, "code");
}

bool testing_postgres() {
  const char* db = std::getenv("WOLFIX_TEST_DB");
  return db && std::string(db) == "postgres";
}

std::string fresh_database_url() {
  static std::atomic<int> counter{0};
  std::string name = "wolfix_t_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
  if (testing_postgres()) {
    const char* admin = std::getenv("WOLFIX_TEST_POSTGRES_URL");
    if (!admin || !*admin)
      throw std::runtime_error(
          "WOLFIX_TEST_DB=postgres needs WOLFIX_TEST_POSTGRES_URL (run under "
          "scripts/with-postgres.sh, as make test does)");
    Probe::create_postgres_database(admin, name);
    std::string url = admin;
    return url.substr(0, url.rfind('/') + 1) + name;
  }
  auto dir = std::filesystem::temp_directory_path() / "wolfix-tests";
  std::filesystem::create_directories(dir);
  auto path = dir / (name + ".db");
  std::filesystem::remove(path);
  return "sqlite:" + path.string();
}

const char* source_dir() {
  return WOLFIX_SOURCE_DIR;
}

std::string unique_email(const std::string& hint) {
  static std::atomic<int> n{0};
  return hint + std::to_string(++n) + "." + random_alnum(6) + "@example.com";
}

// With WOLFIX_API_RECORD=FILE every answer of this server is appended to FILE as one JSON line
// {method, path, requestBody, status, contentType, body}: tests/openapi checks each against
// /openapi.json.
static void record(const http::ClientRequest& req, const std::string& path,
                   const http::ClientResponse& res) {
  static const char* file = std::getenv("WOLFIX_API_RECORD");
  if (!file || !*file) return;
  static std::mutex mutex;
  static std::ofstream out(file, std::ios::app);
  boost::json::object line{{"method", req.method}, {"path", path}, {"status", res.status}};
  boost::system::error_code ec;
  // The request's JSON body too: an accepted one must match the documented request schema.
  if (!req.body.empty()) {
    auto body = boost::json::parse(req.body, ec);
    if (!ec) line["requestBody"] = body;
  }
  std::string type = res.header("content-type");
  line["contentType"] = type;
  if (type.starts_with("application/json") && !res.body.empty()) {
    auto body = boost::json::parse(res.body, ec);
    line["body"] = ec ? boost::json::value(res.body) : body;
    if (ec) line["notJson"] = true;
  }
  std::lock_guard lock(mutex);
  out << boost::json::serialize(line) << '\n' << std::flush;
}

TestServer::TestServer(const std::function<void(Config&)>& tweak)
    : clock_(std::make_shared<ManualClock>()) {
  config_.listen = "127.0.0.1:0";
  config_.database_url = fresh_database_url();
  config_.password_cost = "test";
  config_.log_level = "warn";
  config_.worker_threads = 8;
  config_.io_threads = 2;
  config_.cors_origins = {"http://localhost:3000"};
  config_.jobs = false;  // tests run the passes themselves, with the test clock
  auto media =
      std::filesystem::temp_directory_path() / "wolfix-tests" / ("media-" + random_alnum(8));
  config_.media_dir = media.string();
  // web_dir stays empty: the suites exercise the storefront copy embedded in the binary.
  if (tweak) tweak(config_);
  app_ = std::make_unique<App>(config_, clock_);
  port_ = app_->start();
}

TestServer::~TestServer() {
  app_->stop();
}

Reply TestServer::request(const std::string& method, const std::string& path,
                          const std::string& body, const std::string& token,
                          std::vector<std::pair<std::string, std::string>> headers) {
  http::ClientRequest req;
  req.method = method;
  // Absolute URLs (media in answers) are fetched as they are.
  req.url = path.starts_with("http://") || path.starts_with("https://") ? path : base_url() + path;
  req.body = body;
  req.headers = std::move(headers);
  bool has_type = false;
  for (auto& [k, v] : req.headers) has_type |= (k == "Content-Type");
  if (!body.empty() && !has_type) req.headers.emplace_back("Content-Type", "application/json");
  if (!token.empty()) req.headers.emplace_back("Authorization", "Bearer " + token);
  auto res = http::send(req);
  if (req.url.starts_with(base_url())) record(req, req.url.substr(base_url().size()), res);
  return Reply{res.status, res.body, res.headers};
}

}  // namespace wolfix::test
