#include "dipgraph/news_date.h"

#include <array>
#include <chrono>
#include <vector>

namespace dipgraph {
namespace {

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2199;

enum class Kind { kNumber, kWord, kPunct };

// A run of digits, a run of ASCII letters, or one other non-space byte.
struct DateToken {
  Kind kind = Kind::kPunct;
  std::string_view text;
  int value = 0;         // numbers: their value (capped, only short ones matter)
  bool ordinal = false;  // numbers followed by st/nd/rd/th ("10th")
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_lower(std::string_view word, std::string_view lower_text) {
  if (word.size() != lower_text.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (lower(word[i]) != lower_text[i]) return false;
  }
  return true;
}

// Bytes that separate tokens: ASCII space and control characters, plus the
// no-break spaces (U+00A0, U+202F) scraped pages put between day and month.
std::size_t space_length(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c <= 0x20) return 1;
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      static_cast<unsigned char>(s[i + 2]) == 0xAF) {
    return 3;
  }
  return 0;
}

std::vector<DateToken> tokenize_date(std::string_view s) {
  std::vector<DateToken> tokens;
  std::size_t i = 0;
  while (i < s.size()) {
    if (std::size_t n = space_length(s, i)) {
      i += n;
      continue;
    }
    DateToken t;
    std::size_t j = i + 1;
    if (is_digit(s[i])) {
      t.kind = Kind::kNumber;
      while (j < s.size() && is_digit(s[j])) ++j;
      for (std::size_t k = i; k < j && k < i + 6; ++k) t.value = t.value * 10 + (s[k] - '0');
      t.text = s.substr(i, j - i);
      // "10th", "1st": the suffix belongs to the number, not to the next word.
      if (j + 2 <= s.size() && (j + 2 == s.size() || !is_alpha(s[j + 2]))) {
        std::string_view suffix = s.substr(j, 2);
        if (equals_lower(suffix, "st") || equals_lower(suffix, "nd") ||
            equals_lower(suffix, "rd") || equals_lower(suffix, "th")) {
          t.ordinal = true;
          j += 2;
        }
      }
    } else if (is_alpha(s[i])) {
      t.kind = Kind::kWord;
      while (j < s.size() && is_alpha(s[j])) ++j;
      t.text = s.substr(i, j - i);
    } else {
      t.text = s.substr(i, 1);
    }
    tokens.push_back(t);
    i = j;
  }
  return tokens;
}

}  // namespace

int month_number(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kFull = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  // Most words asked about are no month: turn them away by length and first letter
  // (the coder asks for every capitalised word of a sentence with a triple).
  if (word.size() < 3 || word.size() > 9) return 0;
  const char first = lower(word.front());
  if (first != 'j' && first != 'f' && first != 'm' && first != 'a' && first != 's' &&
      first != 'o' && first != 'n' && first != 'd')
    return 0;
  for (int m = 0; m < 12; ++m) {
    if (equals_lower(word, kFull[m]) || equals_lower(word, kFull[m].substr(0, 3))) return m + 1;
  }
  if (equals_lower(word, "sept")) return 9;
  return 0;
}

namespace {

class DateScanner {
 public:
  explicit DateScanner(std::string_view text) : tokens_(tokenize_date(text)) {}

  // nullopt when nothing date-shaped was found; a CalendarDate (maybe invalid)
  // for the first date-shaped run of tokens.
  std::optional<CalendarDate> first_candidate() const {
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      if (auto d = year_first(i)) return d;
      if (tokens_[i].kind == Kind::kWord) {
        int month = month_number(tokens_[i].text);
        if (month == 0) continue;
        if (auto d = month_first(i, month)) return d;
        if (auto d = day_first(i, month)) return d;
      }
    }
    return std::nullopt;
  }

 private:
  bool is_punct(std::size_t i, char c) const {
    return i < tokens_.size() && tokens_[i].kind == Kind::kPunct && tokens_[i].text[0] == c;
  }
  bool is_number(std::size_t i, std::size_t min_digits, std::size_t max_digits) const {
    if (i >= tokens_.size() || tokens_[i].kind != Kind::kNumber) return false;
    std::size_t n = tokens_[i].text.size();
    return n >= min_digits && n <= max_digits;
  }
  bool is_year(std::size_t i) const { return is_number(i, 4, 4) && !tokens_[i].ordinal; }
  // A day is one or two digits that are not part of a time ("10:00").
  bool is_day(std::size_t i) const {
    return is_number(i, 1, 2) && !is_punct(i + 1, ':') && !(i > 0 && is_punct(i - 1, ':'));
  }
  std::size_t skip_punct(std::size_t i, char c) const { return is_punct(i, c) ? i + 1 : i; }

  // `2021-04-07`, `2021/04/07` (the same separator twice).
  std::optional<CalendarDate> year_first(std::size_t i) const {
    if (!is_year(i)) return std::nullopt;
    for (char sep : {'-', '/'}) {
      if (is_punct(i + 1, sep) && is_number(i + 2, 1, 2) && !tokens_[i + 2].ordinal &&
          is_punct(i + 3, sep) && is_number(i + 4, 1, 2) && !tokens_[i + 4].ordinal) {
        return CalendarDate{tokens_[i].value, tokens_[i + 2].value, tokens_[i + 4].value};
      }
    }
    return std::nullopt;
  }

  // `April 7, 2021`, `Apr. 7th 2021`.
  std::optional<CalendarDate> month_first(std::size_t i, int month) const {
    std::size_t j = skip_punct(i + 1, '.');
    if (!is_day(j)) return std::nullopt;
    std::size_t y = skip_punct(j + 1, ',');
    if (!is_year(y)) return std::nullopt;
    return CalendarDate{tokens_[y].value, month, tokens_[j].value};
  }

  // `7 April 2021`, `7th of April, 2021`.
  std::optional<CalendarDate> day_first(std::size_t i, int month) const {
    if (i == 0) return std::nullopt;
    std::size_t d = i - 1;
    if (tokens_[d].kind == Kind::kWord && equals_lower(tokens_[d].text, "of") && d > 0) --d;
    if (!is_day(d)) return std::nullopt;
    std::size_t y = skip_punct(skip_punct(i + 1, '.'), ',');
    if (!is_year(y)) return std::nullopt;
    return CalendarDate{tokens_[y].value, month, tokens_[d].value};
  }

  std::vector<DateToken> tokens_;
};

// `YYYY-MM-DD` at the start, not followed by another digit: the common case in
// JSON feeds, read without tokenizing.
std::optional<CalendarDate> leading_iso_date(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-' || (s.size() > 10 && is_digit(s[10]))) {
    return std::nullopt;
  }
  int v[8];
  constexpr std::size_t kDigits[8] = {0, 1, 2, 3, 5, 6, 8, 9};
  for (int k = 0; k < 8; ++k) {
    if (!is_digit(s[kDigits[k]])) return std::nullopt;
    v[k] = s[kDigits[k]] - '0';
  }
  return CalendarDate{v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3], v[4] * 10 + v[5],
                      v[6] * 10 + v[7]};
}

}  // namespace

bool is_valid_date(int year, int month, int day) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int last = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= last;
}

std::optional<CalendarDate> parse_news_date(std::string_view text) {
  std::optional<CalendarDate> d = leading_iso_date(text);
  if (!d) d = DateScanner(text).first_candidate();
  if (!d || d->year < kMinYear || d->year > kMaxYear || !is_valid_date(d->year, d->month, d->day)) {
    return std::nullopt;
  }
  return d;
}

CalendarDate add_days(const CalendarDate& d, int days) {
  using namespace std::chrono;
  const year_month_day ymd{sys_days{year{d.year} / month{static_cast<unsigned>(d.month)} /
                                    day{static_cast<unsigned>(d.day)}} +
                           std::chrono::days{days}};
  return CalendarDate{static_cast<int>(ymd.year()), static_cast<int>(unsigned(ymd.month())),
                      static_cast<int>(unsigned(ymd.day()))};
}

int weekday(const CalendarDate& d) {
  using namespace std::chrono;
  const sys_days day_point{year{d.year} / month{static_cast<unsigned>(d.month)} /
                           day{static_cast<unsigned>(d.day)}};
  return static_cast<int>(std::chrono::weekday{day_point}.c_encoding());
}

std::string to_iso(const CalendarDate& d) {
  // Called once per article: plain digit arithmetic instead of snprintf.
  std::string out = "0000-00-00";
  const auto put = [&out](std::size_t end, int value, int digits) {
    value = value < 0 ? 0 : value;
    for (int k = 1; k <= digits; ++k, value /= 10)
      out[end - k] = static_cast<char>('0' + value % 10);
  };
  put(4, d.year, 4);
  put(7, d.month, 2);
  put(10, d.day, 2);
  return out;
}

bool is_iso_calendar_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  auto number = [s](std::size_t from, std::size_t count) {
    int n = 0;
    for (std::size_t i = from; i < from + count; ++i) n = n * 10 + (s[i] - '0');
    return n;
  };
  return is_valid_date(number(0, 4), number(5, 2), number(8, 2));
}

}  // namespace dipgraph
