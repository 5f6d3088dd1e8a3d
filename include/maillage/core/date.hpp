#pragma once
/// Calendar days (the `date` attribute type and edge intervals) and their ISO 8601 parsing.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace maillage {

/// A calendar day in the proleptic Gregorian calendar, stored as days since 1970-01-01.
struct Date {
  std::int32_t days = 0;

  /// The day y-m-d; throws InvalidInput when the day does not exist (e.g. 2023-02-29).
  static Date from_ymd(int year, int month, int day);
  int year() const;
  int month() const;
  int day() const;
  /// ISO 8601 "YYYY-MM-DD".
  std::string iso() const;

  friend auto operator<=>(const Date&, const Date&) = default;
  friend bool operator==(const Date&, const Date&) = default;
};

/// What a bare year means when parsed: its first day (1 January) or its last (31 December).
enum class YearMeans : std::uint8_t { first_day, last_day };

/// Parses "YYYY-MM-DD" or a bare "YYYY" (years 1–9999). Returns nothing when the text is not a date.
std::optional<Date> try_parse_date(std::string_view text, YearMeans year = YearMeans::first_day);
/// As try_parse_date, but throws InvalidInput naming the text when it is not a date.
Date parse_date(std::string_view text, YearMeans year = YearMeans::first_day);

}  // namespace maillage
