// Dates as news sites write them, turned into ISO 8601 calendar dates.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dipgraph {

struct CalendarDate {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31

  bool operator==(const CalendarDate&) const = default;
  auto operator<=>(const CalendarDate&) const = default;
};

// Parses a publication date: ISO 8601 (`2021-04-07`, `2021-04-07T10:00:00Z`,
// with offsets), `April 7, 2021`, `Apr. 7 2021`, `7 April 2021`,
// `Thu 10th September 2020 | 08:23 PM`, `Wednesday, April 7, 2021 10:00 AM PKT`,
// `07/04/2021` is NOT accepted (ambiguous). Returns nullopt when no full, valid
// date (year 1900..2199, real day of month) is found.
std::optional<CalendarDate> parse_news_date(std::string_view text);

// `YYYY-MM-DD`.
std::string to_iso(const CalendarDate& d);

// True for a real calendar day (leap years included).
bool is_valid_date(int year, int month, int day);

}  // namespace dipgraph
