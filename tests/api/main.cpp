#include <gtest/gtest.h>

#include "common/log.hpp"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  wolfix::log::set_level(wolfix::log::Level::warn);
  return RUN_ALL_TESTS();
}
