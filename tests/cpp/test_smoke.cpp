#include "catch.hpp"
#include "maillage/maillage.hpp"

TEST_CASE("version is the project's") { REQUIRE(maillage::version() == "0.1.0"); }
