// Publication dates as news sites write them, turned into ISO 8601 calendar dates.
//
// A hand-written scanner (no std::regex: the reader calls it once per article and
// must stay cheap). It finds the first full date in a short string such as a
// `Date:` header, a JSON `date` field or a scraped byline.
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

// Parses a publication date. Accepted forms, anywhere in `text`, first match wins:
//   ISO 8601 and year-first numeric: `2021-04-07`, `2021-04-07T10:00:00Z`,
//     `2021-04-07T10:00:00+05:00` (the calendar date as written, offsets are not
//     applied), `2021/04/07`;
//   month first: `April 7, 2021`, `Apr. 7 2021`, `Sept. 7, 2021`, `April 7th, 2021`;
//   day first: `7 April 2021`, `7th April, 2021`, `7th of April 2021`, `07 Apr 2021`.
// Words around the date (weekday names, `Published:`, `Updated`, times, zones,
// `|`) are ignored. Month names are English, full or abbreviated, any case.
// Day-first or month-first numeric dates (`07/04/2021`) are rejected as ambiguous.
// Returns nullopt when no full date is found, or when the first date-shaped text
// is not a real date (Feb 30) or its year is outside 1900..2199.
std::optional<CalendarDate> parse_news_date(std::string_view text);

// 1..12 for an English month name or its abbreviation (`Sept` too), any case; else 0.
int month_number(std::string_view word);

// Days after (positive) or before (negative) `d`; `d` must be valid.
CalendarDate add_days(const CalendarDate& d, int days);

// 0 = Sunday ... 6 = Saturday.
int weekday(const CalendarDate& d);

// `YYYY-MM-DD`.
std::string to_iso(const CalendarDate& d);

// True for a real calendar day (Gregorian leap years included).
bool is_valid_date(int year, int month, int day);

// Whether `s` is exactly `YYYY-MM-DD` naming a real day: the stored form of dates,
// which the store compares as text (so anything else breaks --since/--until).
bool is_iso_calendar_date(std::string_view s);

}  // namespace dipgraph
