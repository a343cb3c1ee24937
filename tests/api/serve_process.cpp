#include "serve_process.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

extern char** environ;

namespace wolfix::test {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string wolfix_binary() {
  if (const char* b = std::getenv("WOLFIX_BIN"); b && *b) return b;
  return (fs::read_symlink("/proc/self/exe").parent_path() / "wolfix").string();
}

uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0)
    throw std::runtime_error("no free port");
  ::close(fd);
  return ntohs(a.sin_port);
}

ServeProcess::ServeProcess(std::string database_url, fs::path dir,
                           std::vector<std::pair<std::string, std::string>> env)
    : database_url_(std::move(database_url)), dir_(std::move(dir)), env_(std::move(env)) {}

ServeProcess::~ServeProcess() {
  if (pid_ > 0) kill_hard();
}

void ServeProcess::start() {
  port_ = free_port();
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e)
    if (std::string_view(*e).rfind("WOLFIX_", 0) != 0) env.emplace_back(*e);
  auto set = [&](const std::string& k, const std::string& v) { env.push_back(k + "=" + v); };
  set("WOLFIX_DATABASE_URL", database_url_);
  set("WOLFIX_LISTEN", "127.0.0.1:" + std::to_string(port_));
  set("WOLFIX_LOG_LEVEL", "warn");
  set("WOLFIX_PASSWORD_COST", "test");
  set("WOLFIX_MEDIA_DIR", (dir_ / "media").string());
  set("WOLFIX_MAIL_FILE", (dir_ / "outbox.jsonl").string());
  set("WOLFIX_WORKER_THREADS", "8");
  set("WOLFIX_IO_THREADS", "2");
  set("WOLFIX_DB_POOL", "8");
  set("WOLFIX_JOBS", "1");
  // Converge quickly after a restart: pending card orders are checked with the provider after
  // 1 s, webhook deliveries are retried from 200 ms on.
  set("WOLFIX_PAYMENT_RECONCILE_SECONDS", "1");
  set("WOLFIX_PAYMENT_JOBS_SECONDS", "1");
  set("WOLFIX_SANDBOX_RETRY_BASE_MS", "200");
  set("WOLFIX_SANDBOX_POLL_MS", "100");
  for (const auto& [k, v] : env_) set(k, v);  // later entries win (getenv takes the first)
  std::vector<std::string> deduped;
  for (auto it = env.rbegin(); it != env.rend(); ++it) {
    auto key = it->substr(0, it->find('='));
    bool seen = false;
    for (const auto& d : deduped) seen |= d.substr(0, d.find('=')) == key;
    if (!seen) deduped.push_back(*it);
  }
  std::string bin = wolfix_binary();
  std::string log = (dir_ / "serve.log").string();
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    std::vector<char*> envp;
    for (auto& e : deduped) envp.push_back(e.data());
    envp.push_back(nullptr);
    char* argv[] = {bin.data(), const_cast<char*>("serve"), nullptr};
    ::execve(bin.c_str(), argv, envp.data());
    ::_exit(127);
  }
  pid_ = pid;
  ++starts_;
}

bool ServeProcess::alive() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

bool ServeProcess::wait_ready(int seconds) {
  auto deadline = Clock::now() + std::chrono::seconds(seconds);
  while (Clock::now() < deadline) {
    if (!alive()) return false;
    if (call("GET", "/ready").status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

void ServeProcess::kill_hard() {
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

Reply ServeProcess::call(const std::string& method, const std::string& path,
                         const std::string& body, const std::string& token,
                         std::vector<std::pair<std::string, std::string>> headers) const {
  http::ClientRequest req;
  req.method = method;
  req.url = "http://127.0.0.1:" + std::to_string(port_) + path;
  req.body = body;
  req.headers = std::move(headers);
  req.connect_timeout_ms = 2000;
  req.timeout_ms = 20000;
  if (!body.empty() && req.headers.empty())
    req.headers.emplace_back("Content-Type", "application/json");
  if (!token.empty()) req.headers.emplace_back("Authorization", "Bearer " + token);
  try {
    auto res = http::send(req);
    return Reply{res.status, res.body, res.headers};
  } catch (const http::ConnectionError&) {
    return Reply{};
  }
}

std::string ServeProcess::log() const {
  std::ifstream in(dir_ / "serve.log");
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string ServeProcess::log_tail() const {
  auto all = log();
  return all.size() > 3000 ? all.substr(all.size() - 3000) : all;
}

}  // namespace wolfix::test
