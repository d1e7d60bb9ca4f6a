// Date resolution for the coder: the day a sentence says its event happened.
#pragma once

#include <optional>
#include <string_view>

#include "dipgraph/news_date.h"

namespace dipgraph::coder {

// The event date a sentence states, resolved against the article's publication
// date: a full date ("on 5 March 2021"), a day and month ("on 5 March", "March 5th";
// the latest such day not more than 31 days after publication), a weekday ("on
// Wednesday": the latest one on or before publication; after "will", "next" or
// "to be" the next one after it), "yesterday", "today", "tonight", "tomorrow",
// "last/next week" (7 days back/ahead), "last/next month" and "in March" (the
// first day of that month), "last year" (1 January of the year before).
// nullopt when the sentence states no date (the caller then uses the publication
// date). The first date expression in the sentence wins.
std::optional<CalendarDate> resolve_event_date(std::string_view sentence,
                                               const CalendarDate& published);

}  // namespace dipgraph::coder
