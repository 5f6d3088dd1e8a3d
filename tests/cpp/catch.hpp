#pragma once
// Includes Catch2 whichever major version the build found (2.13 on Debian 12, 3.x on Debian 13).
#if defined(MAILLAGE_CATCH2_V3)
#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
using Catch::Approx;
#else
#include <catch2/catch.hpp>
#endif
