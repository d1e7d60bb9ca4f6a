#include "coder/event_date.h"

#include <algorithm>
#include <string>
#include <vector>

namespace dipgraph::coder {
namespace {

struct Word {
  std::string_view lower;  // ASCII-lowercased, a view into the sentence's lowered copy
  bool capitalised = false;
  int number = -1;  // value of a 1-4 digit number (an ordinal suffix is dropped)
};

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Words and numbers of `s`; punctuation is dropped except that it separates words.
// `lowered` receives the lowercased sentence, which the words point into (one copy
// per sentence rather than one string per word).
std::vector<Word> split_words(std::string_view s, std::string& lowered) {
  lowered.assign(s);
  for (char& c : lowered) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  std::vector<Word> words;
  words.reserve(s.size() / 4 + 1);  // words average more than four bytes with their space
  std::size_t i = 0;
  while (i < s.size()) {
    if (is_alpha(s[i])) {
      Word w;
      w.capitalised = s[i] >= 'A' && s[i] <= 'Z';
      const std::size_t start = i;
      while (i < s.size() && (is_alpha(s[i]) || s[i] == '\'')) ++i;
      w.lower = std::string_view(lowered).substr(start, i - start);
      words.push_back(w);
    } else if (is_digit(s[i])) {
      Word w;
      int value = 0;
      std::size_t digits = 0;
      while (i < s.size() && is_digit(s[i])) {
        if (digits < 5) value = value * 10 + (s[i] - '0');
        ++digits;
        ++i;
      }
      // "5th", "1st", "22nd", "3rd"
      while (i < s.size() && is_alpha(s[i]) && digits <= 2) ++i;
      w.number = digits <= 4 ? value : -1;
      w.lower = "#";
      words.push_back(w);
    } else {
      ++i;
    }
  }
  return words;
}

int weekday_number(std::string_view w) {
  static constexpr std::string_view kDays[] = {"sunday",   "monday", "tuesday", "wednesday",
                                               "thursday", "friday", "saturday"};
  for (int d = 0; d < 7; ++d) {
    if (w == kDays[d]) return d;
  }
  return -1;
}

CalendarDate first_of_month(int year, int month) {
  while (month < 1) {
    month += 12;
    --year;
  }
  while (month > 12) {
    month -= 12;
    ++year;
  }
  return CalendarDate{year, month, 1};
}

// Future tense before the date word: "will meet on Friday", "is to visit next week".
bool speaks_of_future(const std::vector<Word>& words, std::size_t upto) {
  for (std::size_t k = 0; k < upto && k < words.size(); ++k) {
    const std::string_view w = words[k].lower;
    if (w == "will" || w == "shall" || w == "scheduled" || w == "due" || w == "planned" ||
        w == "expected" || w == "upcoming")
      return true;
  }
  return false;
}

// A day and month without a year: the year that puts it closest before publication,
// allowing announcements up to a month ahead.
std::optional<CalendarDate> day_month(int day, int month, const CalendarDate& published) {
  for (int year : {published.year + 1, published.year, published.year - 1}) {
    if (!is_valid_date(year, month, day)) continue;
    CalendarDate d{year, month, day};
    if (d <= add_days(published, 31)) return d;
  }
  return std::nullopt;
}

}  // namespace

std::optional<CalendarDate> resolve_event_date(std::string_view sentence,
                                               const CalendarDate& published) {
  if (!is_valid_date(published.year, published.month, published.day)) return std::nullopt;
  // Every full date has digits; most sentences have none.
  // (A plain loop: find_first_of calls memchr once per byte of the sentence.)
  if (std::any_of(sentence.begin(), sentence.end(), is_digit)) {
    if (auto full = parse_news_date(sentence)) return full;
  }

  std::string lowered;
  const std::vector<Word> words = split_words(sentence, lowered);
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string_view w = words[i].lower;
    const std::string_view prev = i > 0 ? words[i - 1].lower : std::string_view();
    const std::string_view next = i + 1 < words.size() ? words[i + 1].lower : std::string_view();

    if (w == "yesterday") return add_days(published, -1);
    if (w == "today" || w == "tonight") return published;
    if (w == "tomorrow") return add_days(published, 1);
    if (w == "this" && (next == "morning" || next == "afternoon" || next == "evening"))
      return published;
    if ((w == "last" || w == "next") && i + 1 < words.size()) {
      const int sign = w == "last" ? -1 : 1;
      if (next == "week") return add_days(published, 7 * sign);
      if (next == "month") return first_of_month(published.year, published.month + sign);
      if (next == "year") return CalendarDate{published.year + sign, 1, 1};
    }
    if (!words[i].capitalised || w.size() < 3) continue;  // weekdays and months from here
    if (int wd = weekday_number(w); wd >= 0) {
      const int today = weekday(published);
      if (prev == "next" || (prev != "last" && speaks_of_future(words, i))) {
        int ahead = (wd - today + 7) % 7;
        return add_days(published, ahead == 0 ? 7 : ahead);
      }
      int back = (today - wd + 7) % 7;
      if (prev == "last" && back == 0) back = 7;
      return add_days(published, -back);
    }
    if (int month = month_number(w); month > 0) {
      // "May" is also a modal verb: as a month it needs a day or "in"/"early"/"late".
      if (words[i].number < 0 && i + 1 < words.size() && words[i + 1].number >= 1 &&
          words[i + 1].number <= 31) {
        if (auto d = day_month(words[i + 1].number, month, published)) return d;
      }
      if (i > 0 && words[i - 1].number >= 1 && words[i - 1].number <= 31) {
        if (auto d = day_month(words[i - 1].number, month, published)) return d;
      }
      if (prev == "in" || prev == "early" || prev == "late" || prev == "mid") {
        CalendarDate d = first_of_month(published.year, month);
        if (d > published) d.year -= 1;
        if (speaks_of_future(words, i) && d < first_of_month(published.year, published.month))
          d.year += 1;
        return d;
      }
    }
  }
  return std::nullopt;
}

}  // namespace dipgraph::coder
