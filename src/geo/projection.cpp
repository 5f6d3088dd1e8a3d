// Hand-written projections (rather than linking PROJ): the five fixed systems need a few closed
// formulas, the core stays free of a large dependency and its data files, and results are
// byte-stable across platforms. tests/python/test_geography.py checks them against pyproj.
#include "maillage/geo/projection.hpp"

#include <array>
#include <cmath>

#include "maillage/core/error.hpp"

namespace maillage::geo {

namespace {

constexpr double pi = 3.14159265358979323846;
constexpr double deg = pi / 180;
// GRS80.
constexpr double a = 6378137.0;
constexpr double f = 1 / 298.257222101;
const double e2 = f * (2 - f);
const double e = std::sqrt(e2);

// Lambert-93 constants.
constexpr double l93_lat1 = 49 * deg, l93_lat2 = 44 * deg, l93_lat0 = 46.5 * deg, l93_lon0 = 3 * deg;
constexpr double l93_x0 = 700000, l93_y0 = 6600000;

double lcc_m(double phi) {
  double s = std::sin(phi);
  return std::cos(phi) / std::sqrt(1 - e2 * s * s);
}
double lcc_t(double phi) {
  double s = std::sin(phi);
  return std::tan(pi / 4 - phi / 2) / std::pow((1 - e * s) / (1 + e * s), e / 2);
}

struct Lcc {
  double n, F, rho0;
  Lcc() {
    double m1 = lcc_m(l93_lat1), m2 = lcc_m(l93_lat2);
    double t1 = lcc_t(l93_lat1), t2 = lcc_t(l93_lat2);
    n = (std::log(m1) - std::log(m2)) / (std::log(t1) - std::log(t2));
    F = m1 / (n * std::pow(t1, n));
    rho0 = a * F * std::pow(lcc_t(l93_lat0), n);
  }
};
const Lcc& lcc() {
  static const Lcc c;
  return c;
}

// Transverse Mercator (Krüger series, sixth order in n).
struct Krueger {
  double A;
  std::array<double, 6> alpha;
  Krueger() {
    double n = f / (2 - f);
    double n2 = n * n, n3 = n2 * n, n4 = n3 * n, n5 = n4 * n, n6 = n5 * n;
    A = a / (1 + n) * (1 + n2 / 4 + n4 / 64 + n6 / 256);
    alpha = {n / 2 - 2 * n2 / 3 + 5 * n3 / 16 + 41 * n4 / 180 - 127 * n5 / 288 + 7891 * n6 / 37800,
             13 * n2 / 48 - 3 * n3 / 5 + 557 * n4 / 1440 + 281 * n5 / 630 - 1983433 * n6 / 1935360,
             61 * n3 / 240 - 103 * n4 / 140 + 15061 * n5 / 26880 + 167603 * n6 / 181440,
             49561 * n4 / 161280 - 179 * n5 / 168 + 6601661 * n6 / 7257600,
             34729 * n5 / 80640 - 3418889 * n6 / 1995840,
             212378941 * n6 / 319334400};
  }
};
const Krueger& krueger() {
  static const Krueger k;
  return k;
}

}  // namespace

XY lambert93(LonLat p) {
  const Lcc& c = lcc();
  double rho = a * c.F * std::pow(lcc_t(p.lat * deg), c.n);
  double theta = c.n * (p.lon * deg - l93_lon0);
  return {l93_x0 + rho * std::sin(theta), l93_y0 + c.rho0 - rho * std::cos(theta)};
}

LonLat lambert93_inverse(XY p) {
  const Lcc& c = lcc();
  double dx = p.x - l93_x0, dy = c.rho0 - (p.y - l93_y0);
  double rho = std::hypot(dx, dy);
  double t = std::pow(rho / (a * c.F), 1 / c.n);
  double lon = std::atan2(dx, dy) / c.n + l93_lon0;
  double phi = pi / 2 - 2 * std::atan(t);
  for (int i = 0; i < 20; ++i) {
    double s = std::sin(phi);
    double next = pi / 2 - 2 * std::atan(t * std::pow((1 - e * s) / (1 + e * s), e / 2));
    bool done = std::abs(next - phi) < 1e-12;
    phi = next;
    if (done) break;
  }
  return {lon / deg, phi / deg};
}

XY utm(LonLat p, int zone, bool south) {
  if (zone < 1 || zone > 60) throw InvalidInput("UTM zone must be 1–60, not " + std::to_string(zone));
  const Krueger& k = krueger();
  double lon0 = (-183 + 6 * zone) * deg;
  double phi = p.lat * deg, lambda = p.lon * deg - lon0;
  double s = std::sin(phi);
  // Conformal latitude, through its tangent.
  double tau = std::sinh(std::atanh(s) - e * std::atanh(e * s));
  double xi1 = std::atan2(tau, std::cos(lambda));
  double eta1 = std::atanh(std::sin(lambda) / std::sqrt(1 + tau * tau));
  double xi = xi1, eta = eta1;
  for (int j = 1; j <= 6; ++j) {
    xi += k.alpha[j - 1] * std::sin(2 * j * xi1) * std::cosh(2 * j * eta1);
    eta += k.alpha[j - 1] * std::cos(2 * j * xi1) * std::sinh(2 * j * eta1);
  }
  constexpr double k0 = 0.9996;
  return {500000 + k0 * k.A * eta, (south ? 10000000.0 : 0.0) + k0 * k.A * xi};
}

bool known_crs(std::string_view crs) {
  return crs == "EPSG:2154" || crs == "EPSG:5490" || crs == "EPSG:2972" || crs == "EPSG:2975" || crs == "EPSG:4471";
}

XY project(std::string_view crs, LonLat p) {
  if (crs == "EPSG:2154") return lambert93(p);
  if (crs == "EPSG:5490") return utm(p, 20, false);
  if (crs == "EPSG:2972") return utm(p, 22, false);
  if (crs == "EPSG:2975") return utm(p, 40, true);
  if (crs == "EPSG:4471") return utm(p, 38, true);
  throw InvalidInput("unknown projected system " + quote(crs) +
                     " (expected EPSG:2154, EPSG:5490, EPSG:2972, EPSG:2975 or EPSG:4471)");
}

std::string_view departement_crs(std::string_view d) {
  if (d == "971" || d == "972") return "EPSG:5490";
  if (d == "973") return "EPSG:2972";
  if (d == "974") return "EPSG:2975";
  if (d == "976") return "EPSG:4471";
  if (d.size() == 2 && ((d[0] >= '0' && d[0] <= '9' && d[1] >= '0' && d[1] <= '9' && d != "00" && d != "20" &&
                         d <= "95") ||
                        d == "2A" || d == "2B"))
    return "EPSG:2154";
  return "";
}

}  // namespace maillage::geo
