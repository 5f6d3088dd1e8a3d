// Date: calendar validation, ISO rendering and parsing, leap years, and a day-by-day round trip
// against an independent calendar counter.
#include "catch.hpp"
#include "helpers.hpp"

using maillage::Date;
using maillage::InvalidInput;
using maillage::parse_date;
using maillage::try_parse_date;
using maillage::YearMeans;
using test::has;
using test::thrown;

TEST_CASE("Date::from_ymd counts days since 1970-01-01") {
  CHECK(Date::from_ymd(1970, 1, 1).days == 0);
  CHECK(Date::from_ymd(1970, 1, 2).days == 1);
  CHECK(Date::from_ymd(1969, 12, 31).days == -1);
  CHECK(Date::from_ymd(1971, 1, 1).days == 365);
  // 1970..1999 = 30 years with 7 leap years (72, 76, 80, 84, 88, 92, 96).
  CHECK(Date::from_ymd(2000, 1, 1).days == 30 * 365 + 7);
  // 2000 is a leap year: January 31 + February 29.
  CHECK(Date::from_ymd(2000, 3, 1).days == 30 * 365 + 7 + 31 + 29);
  CHECK(Date::from_ymd(2024, 2, 29).days + 1 == Date::from_ymd(2024, 3, 1).days);
  CHECK(Date::from_ymd(2023, 2, 28).days + 1 == Date::from_ymd(2023, 3, 1).days);
}

TEST_CASE("Date::from_ymd rejects days that do not exist") {
  SECTION("leap years") {
    CHECK_NOTHROW(Date::from_ymd(2024, 2, 29));
    CHECK_NOTHROW(Date::from_ymd(2000, 2, 29));  // divisible by 400
    CHECK_NOTHROW(Date::from_ymd(1600, 2, 29));
    CHECK_THROWS_AS(Date::from_ymd(2023, 2, 29), InvalidInput);
    CHECK_THROWS_AS(Date::from_ymd(1900, 2, 29), InvalidInput);  // divisible by 100, not 400
    CHECK_THROWS_AS(Date::from_ymd(2100, 2, 29), InvalidInput);
    CHECK_THROWS_AS(Date::from_ymd(2024, 2, 30), InvalidInput);
  }
  SECTION("months and days out of range") {
    CHECK_THROWS_AS(Date::from_ymd(2024, 0, 1), InvalidInput);
    CHECK_THROWS_AS(Date::from_ymd(2024, 13, 1), InvalidInput);
    CHECK_THROWS_AS(Date::from_ymd(2024, 1, 0), InvalidInput);
    CHECK_THROWS_AS(Date::from_ymd(2024, 1, 32), InvalidInput);
    CHECK_THROWS_AS(Date::from_ymd(2024, 4, 31), InvalidInput);
    CHECK_THROWS_AS(Date::from_ymd(2024, 6, 31), InvalidInput);
    CHECK_THROWS_AS(Date::from_ymd(2024, 9, 31), InvalidInput);
    CHECK_THROWS_AS(Date::from_ymd(2024, 11, 31), InvalidInput);
    CHECK_NOTHROW(Date::from_ymd(2024, 12, 31));
  }
  SECTION("the message names the day") {
    const auto msg = thrown<InvalidInput>([] { Date::from_ymd(2023, 2, 29); });
    CHECK(has(msg, "2023-02-29"));
  }
}

TEST_CASE("Date::iso and fields") {
  const Date d = Date::from_ymd(2024, 3, 7);
  CHECK(d.iso() == "2024-03-07");
  CHECK(d.year() == 2024);
  CHECK(d.month() == 3);
  CHECK(d.day() == 7);
  CHECK(Date::from_ymd(5, 1, 9).iso() == "0005-01-09");
  CHECK(Date{0}.iso() == "1970-01-01");
  CHECK(Date{-1}.iso() == "1969-12-31");
  CHECK(Date::from_ymd(9999, 12, 31).iso() == "9999-12-31");
  CHECK(Date::from_ymd(1, 1, 1).iso() == "0001-01-01");
}

TEST_CASE("Dates compare by day") {
  const Date a = Date::from_ymd(2020, 5, 1), b = Date::from_ymd(2020, 5, 2);
  CHECK(a < b);
  CHECK(b > a);
  CHECK(a == Date::from_ymd(2020, 5, 1));
  CHECK(a != b);
  CHECK(a <= a);
}

TEST_CASE("parse_date reads YYYY-MM-DD and a bare year") {
  SECTION("full days") {
    CHECK(try_parse_date("2024-02-29") == Date::from_ymd(2024, 2, 29));
    CHECK(try_parse_date("1789-07-14") == Date::from_ymd(1789, 7, 14));
    CHECK(try_parse_date("0001-01-01") == Date::from_ymd(1, 1, 1));
    CHECK(parse_date("2000-12-31") == Date::from_ymd(2000, 12, 31));
    // YearMeans only concerns bare years.
    CHECK(try_parse_date("2024-06-15", YearMeans::last_day) == Date::from_ymd(2024, 6, 15));
  }
  SECTION("a bare year means its first or its last day") {
    CHECK(try_parse_date("2024") == Date::from_ymd(2024, 1, 1));
    CHECK(try_parse_date("2024", YearMeans::first_day) == Date::from_ymd(2024, 1, 1));
    CHECK(try_parse_date("2024", YearMeans::last_day) == Date::from_ymd(2024, 12, 31));
    CHECK(parse_date("1999", YearMeans::last_day) == Date::from_ymd(1999, 12, 31));
    CHECK(try_parse_date("0001") == Date::from_ymd(1, 1, 1));
    CHECK(try_parse_date("9999", YearMeans::last_day) == Date::from_ymd(9999, 12, 31));
  }
  SECTION("what is not a date") {
    for (const char* bad : {"", "2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-01-00", "2024-04-31",
                            "0000", "0000-01-01", "24", "20240", "2024-1-01", "2024-01-1", "2024/01/01",
                            " 2024", "2024 ", "2024-01-01T00:00", "abcd", "2O24", "-2024", "+2024", "2024-01-01 ",
                            "２０２４"}) {
      INFO("text: " << bad);
      CHECK_FALSE(try_parse_date(bad).has_value());
      CHECK_FALSE(try_parse_date(bad, YearMeans::last_day).has_value());
      CHECK_THROWS_AS(parse_date(bad), InvalidInput);
    }
  }
  SECTION("parse_date's error names the text") {
    const auto msg = thrown<InvalidInput>([] { parse_date("2024-13-01"); });
    CHECK(has(msg, "'2024-13-01'"));
    CHECK(has(msg, "YYYY-MM-DD"));
  }
}

TEST_CASE("Dates round trip day by day from 1600 to 2400") {
  // An independent calendar: walk the days one by one with our own month lengths.
  auto is_leap = [](int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; };
  auto month_length = [&](int y, int m) {
    static constexpr int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : lengths[m - 1];
  };
  int y = 1600, m = 1, d = 1;
  const std::int32_t first = Date::from_ymd(1600, 1, 1).days;
  std::int32_t expected = first;
  std::size_t mismatches = 0, checked = 0;
  char buffer[48];
  while (y <= 2400) {
    const Date date = Date::from_ymd(y, m, d);
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", y, m, d);
    const bool ok = date.days == expected && date.year() == y && date.month() == m && date.day() == d &&
                    date.iso() == buffer && try_parse_date(buffer) == date && Date{expected}.iso() == buffer;
    if (!ok) {
      if (mismatches < 5) FAIL_CHECK("day " << buffer << " gives " << date.days << " / " << date.iso());
      ++mismatches;
    }
    ++checked;
    ++expected;
    if (++d > month_length(y, m)) {
      d = 1;
      if (++m > 12) {
        m = 1;
        ++y;
      }
    }
  }
  CHECK(mismatches == 0);
  // 801 years, of which 195 are leap (201 multiples of 4, minus 1700, 1800, 1900, 2100, 2200, 2300).
  CHECK(checked == 801u * 365u + 195u);
  CHECK(Date::from_ymd(2000, 1, 1).days - first == 400 * 365 + 97);
}

TEST_CASE("Negative day numbers convert back") {
  for (std::int32_t days = -800000; days <= 800000; days += 997) {
    const Date date{days};
    const Date again = Date::from_ymd(date.year(), date.month(), date.day());
    if (again.days != days) FAIL_CHECK("day " << days << " → " << date.iso() << " → " << again.days);
  }
}
