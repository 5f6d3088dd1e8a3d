#pragma once
/// The library's version string, as declared by the build.
#include <string>

namespace maillage {

/// The version of the maillage library ("MAJOR.MINOR.PATCH"), e.g. "0.1.0".
std::string version();

}  // namespace maillage
