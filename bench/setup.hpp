#pragma once
// What the load drivers (bench/loadgen.cpp, bench/soak.cpp) do before they drive: read their
// "--name value" command line, and register one customer per connection (not timed).
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <initializer_list>
#include <iostream>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "client.hpp"

namespace wolfix::bench {

// An option's name and the field its value goes to.
using Flag = std::pair<const char*, std::variant<std::string*, int*, double*, std::size_t*>>;

// Fills the fields of the options given; false (after saying which) on an unknown option.
inline bool parse_flags(const char* program, int argc, char** argv,
                        std::initializer_list<Flag> flags) {
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    const Flag* flag = nullptr;
    for (const auto& f : flags)
      if (k == f.first) flag = &f;
    if (!flag) {
      std::cerr << program << ": unknown option " << k << "\n";
      return false;
    }
    std::visit(
        [&](auto* field) {
          using T = std::remove_pointer_t<decltype(field)>;
          if constexpr (std::is_same_v<T, std::string>)
            *field = v;
          else if constexpr (std::is_same_v<T, int>)
            *field = std::stoi(v);
          else if constexpr (std::is_same_v<T, double>)
            *field = std::stod(v);
          else
            *field = std::stoul(v);
        },
        flag->second);
  }
  return true;
}

// `count` customers, <prefix>-<i>@<domain>, registered over up to 8 connections at once.
inline std::vector<Customer> register_customers(const Endpoint& endpoint, int count,
                                                const std::string& prefix,
                                                const std::string& domain) {
  std::vector<Customer> customers(static_cast<std::size_t>(count));
  std::vector<std::thread> ts;
  std::atomic<int> next{0};
  for (int t = 0; t < std::min(count, 8); ++t)
    ts.emplace_back([&] {
      Conn c(endpoint);
      for (int i; (i = next++) < count;)
        customers[static_cast<std::size_t>(i)] =
            register_customer(c, prefix + "-" + std::to_string(i) + "@" + domain);
    });
  for (auto& t : ts) t.join();
  return customers;
}

}  // namespace wolfix::bench
