#include "maillage/core/date.hpp"

#include <cstdio>

#include "maillage/core/error.hpp"

namespace maillage {
namespace {

// Days from civil (proleptic Gregorian), after H. Hinnant's public-domain algorithm description.
std::int32_t days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Ymd {
  int y, m, d;
};

Ymd civil_from_days(std::int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = yoe + era * 400;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp + (mp < 10 ? 3 : -9);
  return {y + (m <= 2 ? 1 : 0), m, d};
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : days[m - 1];
}

bool digits(std::string_view text, std::size_t from, std::size_t count, int& out) {
  if (from + count > text.size()) return false;
  out = 0;
  for (std::size_t i = from; i < from + count; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

}  // namespace

Date Date::from_ymd(int year, int month, int day) {
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
    throw InvalidInput("not a calendar day: " + std::string(buffer));
  }
  return Date{days_from_civil(year, month, day)};
}

int Date::year() const { return civil_from_days(days).y; }
int Date::month() const { return civil_from_days(days).m; }
int Date::day() const { return civil_from_days(days).d; }

std::string Date::iso() const {
  const Ymd c = civil_from_days(days);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", c.y, c.m, c.d);
  return buffer;
}

std::optional<Date> try_parse_date(std::string_view text, YearMeans year) {
  int y = 0, m = 0, d = 0;
  if (text.size() == 4 && digits(text, 0, 4, y)) {
    if (y < 1) return std::nullopt;
    return year == YearMeans::first_day ? Date{days_from_civil(y, 1, 1)} : Date{days_from_civil(y, 12, 31)};
  }
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (!digits(text, 0, 4, y) || !digits(text, 5, 2, m) || !digits(text, 8, 2, d)) return std::nullopt;
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
  return Date{days_from_civil(y, m, d)};
}

Date parse_date(std::string_view text, YearMeans year) {
  if (auto date = try_parse_date(text, year)) return *date;
  throw InvalidInput("bad date " + quote(text) + ": expected YYYY-MM-DD or YYYY");
}

}  // namespace maillage
