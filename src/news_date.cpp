// Placeholder until date parsing lands (issue 2).
#include "dipgraph/news_date.h"

namespace dipgraph {
std::optional<CalendarDate> parse_news_date(std::string_view) { return std::nullopt; }
std::string to_iso(const CalendarDate&) { return {}; }
bool is_valid_date(int, int, int) { return false; }
}  // namespace dipgraph
