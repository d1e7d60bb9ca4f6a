// Reading lexicon files (data/lexicon/README.md): one parser per file kind, each
// row checked field by field; a bad row becomes a `file:line:column` diagnostic
// and is skipped.
#include <fstream>
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <istream>
#include <sstream>

#include "dipgraph/text_cleaner.h"
#include "lexicon_embedded.h"
#include "lexicon_impl.h"

namespace dipgraph {
namespace {

using lexicon_detail::date_key;
using lexicon_detail::fold_phrase;

enum class FileKind { kUnknown, kActors, kNames, kOffices, kPeople, kCues, kVerbs, kTopics, kContext };

struct KindName {
  FileKind kind;
  std::string_view name;
};
// Also the load order of the built-in files: actors first, so names can refer to them.
constexpr std::array<KindName, 8> kKinds = {{{FileKind::kActors, "actors"},
                                             {FileKind::kNames, "names"},
                                             {FileKind::kOffices, "offices"},
                                             {FileKind::kPeople, "people"},
                                             {FileKind::kVerbs, "verbs"},
                                             {FileKind::kCues, "cues"},
                                             {FileKind::kTopics, "topics"},
                                             {FileKind::kContext, "context"}}};

// Closed vocabularies of the formats (README); cited schemes are PLOVER 0.5 and
// the topic list of DESIGN.md contract 2.
constexpr std::array<std::string_view, 8> kOffices = {"HOS", "HOG", "FM", "DEF",
                                                      "MIL", "DIP", "SPK", "GOV"};
constexpr std::array<std::string_view, 16> kPlover = {
    "agree",   "consult", "support", "concede", "cooperate", "aid",      "retreat",  "request",
    "accuse",  "reject",  "threaten", "protest", "sanction", "mobilize", "coerce",   "assault"};
constexpr std::array<std::string_view, 22> kTopics = {
    "energy",      "trade",     "economy",       "investment",   "defence",     "security",
    "counterterrorism", "nuclear", "education",  "health",       "climate",     "migration",
    "human_rights", "territory", "peace_process", "humanitarian", "technology",  "agriculture",
    "culture",     "tourism",   "transport",     "finance"};

template <std::size_t N>
bool one_of(std::string_view s, const std::array<std::string_view, N>& set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

template <std::size_t N>
std::string join(const std::array<std::string_view, N>& set) {
  std::string out;
  for (auto s : set) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

FileKind kind_from_name(std::string_view file_name) {
  std::size_t slash = file_name.find_last_of("/\\");
  std::string_view base = slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
  // The first part of the name (parts split at - _ .) that starts with a kind:
  // names.tsv, names_extra.tsv, my-people.tsv, 2024_cues.tsv.
  std::size_t at = 0;
  while (at < base.size()) {
    std::string_view part = base.substr(at);
    for (const auto& k : kKinds) {
      if (part.starts_with(k.name)) return k.kind;
    }
    std::size_t next = base.find_first_of("-_.", at);
    if (next == std::string_view::npos) break;
    at = next + 1;
  }
  return FileKind::kUnknown;
}

FileKind kind_from_word(std::string_view word) {
  for (const auto& k : kKinds) {
    if (word == k.name) return k.kind;
  }
  return FileKind::kUnknown;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

struct Field {
  std::string_view text;
  std::size_t column = 1;  // 1-based byte column in the line
};

// Valid YYYY, YYYY-MM or YYYY-MM-DD.
bool valid_date(std::string_view d) {
  auto digits = [&](std::size_t at, std::size_t n) {
    if (d.size() < at + n) return false;
    for (std::size_t k = at; k < at + n; ++k) {
      if (d[k] < '0' || d[k] > '9') return false;
    }
    return true;
  };
  auto number = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t k = at; k < at + n; ++k) v = v * 10 + (d[k] - '0');
    return v;
  };
  if (!digits(0, 4)) return false;
  if (d.size() == 4) return true;
  if (d.size() < 7 || d[4] != '-' || !digits(5, 2)) return false;
  int month = number(5, 2);
  if (month < 1 || month > 12) return false;
  if (d.size() == 7) return true;
  if (d.size() != 10 || d[7] != '-' || !digits(8, 2)) return false;
  int year = number(0, 4);
  int day = number(8, 2);
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int max = month == 2 && !leap ? 28 : kDays[month - 1];
  return day >= 1 && day <= max;
}

// Parses the rows of one file.
class FileParser {
 public:
  FileParser(Lexicon::Impl& lex, const std::string& file, const Reporter& report)
      : lex_(lex), file_(file), report_(report) {}

  std::size_t parse(std::istream& in) {
    kind_ = kind_from_name(file_);
    std::string raw;
    bool seen_entry = false;
    while (std::getline(in, raw)) {
      ++line_no_;
      line_ = raw;
      if (!line_.empty() && line_.back() == '\r') line_.pop_back();
      std::string_view t = trim(line_);
      if (t.empty()) continue;
      if (t.front() == '#') {
        if (!seen_entry && t.starts_with("#kind:")) set_kind(trim(t.substr(6)));
        continue;
      }
      if (!seen_entry && kind_ == FileKind::kUnknown) {
        throw Error(Diagnostic{Severity::kError, file_, line_no_, 0,
                               "cannot tell what kind of lexicon file this is: name it "
                               "actors*.tsv, names*.tsv, offices*.tsv, people*.tsv, cues*.tsv, "
                               "verbs*.tsv, topics*.tsv or context*.tsv, or start it with "
                               "'#kind: names' (etc.)",
                               {}});
      }
      seen_entry = true;
      split();
      row();
    }
    if (!seen_entry && kind_ == FileKind::kUnknown) {
      throw Error(file_, "cannot tell what kind of lexicon file this is: name it actors*.tsv, "
                         "names*.tsv, ... or start it with '#kind: names' (etc.)");
    }
    return errors_;
  }

 private:
  void set_kind(std::string_view word) {
    FileKind k = kind_from_word(word);
    if (k == FileKind::kUnknown) {
      error(1, "unknown lexicon file kind '" + std::string(word) +
                   "' (expected actors, names, offices, people, cues, verbs, topics or context)");
      return;
    }
    kind_ = k;
  }

  void split() {
    fields_.clear();
    std::size_t start = 0;
    for (;;) {
      std::size_t tab = line_.find('\t', start);
      std::string_view f =
          std::string_view(line_).substr(start, tab == std::string::npos ? std::string::npos
                                                                         : tab - start);
      std::size_t lead = 0;
      while (lead < f.size() && f[lead] == ' ') ++lead;
      fields_.push_back(Field{trim(f), start + lead + 1});
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    // Trailing empty fields may be omitted, so they count as absent.
    while (fields_.size() > 1 && fields_.back().text.empty()) fields_.pop_back();
  }

  void report(Severity severity, std::size_t column, std::string message) {
    if (severity == Severity::kError) ++errors_;
    if (!report_) return;
    std::string excerpt = line_;
    std::replace(excerpt.begin(), excerpt.end(), '\t', ' ');  // keeps the caret aligned
    report_(Diagnostic{severity, file_, line_no_, column, std::move(message), std::move(excerpt)});
  }
  void error(std::size_t column, std::string message) {
    report(Severity::kError, column, std::move(message));
  }
  void warning(std::size_t column, std::string message) {
    report(Severity::kWarning, column, std::move(message));
  }

  bool field_count(std::size_t min, std::size_t max, const char* format) {
    if (fields_.size() >= min && fields_.size() <= max) return true;
    std::string expected = min == max ? std::to_string(min)
                                      : std::to_string(min) + " to " + std::to_string(max);
    error(0, "expected " + expected + " tab-separated fields (" + format + "), found " +
                 std::to_string(fields_.size()));
    return false;
  }

  std::string_view field(std::size_t i) const {
    return i < fields_.size() ? fields_[i].text : std::string_view();
  }
  std::size_t column(std::size_t i) const { return i < fields_.size() ? fields_[i].column : 0; }

  bool nonempty(std::size_t i, const char* what) {
    if (!field(i).empty()) return true;
    error(column(i), std::string("empty ") + what);
    return false;
  }

  // Parses a comma-separated flag list against `allowed`; sets bits in `out`.
  template <std::size_t N>
  bool flags(std::size_t i, const std::array<std::string_view, N>& allowed, unsigned& out) {
    out = 0;
    std::string_view list = field(i);
    std::size_t at = 0;
    while (at <= list.size() && !list.empty()) {
      std::size_t comma = list.find(',', at);
      std::string_view flag = trim(list.substr(at, comma == std::string_view::npos ? list.npos
                                                                                   : comma - at));
      auto it = std::find(allowed.begin(), allowed.end(), flag);
      if (it == allowed.end()) {
        error(column(i) + at, "unknown flag '" + std::string(flag) + "' (expected " +
                                  (N == 0 ? std::string("none") : join(allowed)) + ")");
        return false;
      }
      out |= 1u << (it - allowed.begin());
      if (comma == std::string_view::npos) break;
      at = comma + 1;
    }
    return true;
  }

  bool known_actor(std::size_t i) {
    std::string code(field(i));
    if (lex_.actor_index.count(code)) return true;
    error(column(i), "unknown actor code '" + code + "'");
    return false;
  }

  // Records a key; returns false (after a warning) for an exact duplicate row in
  // this file, warns when a row of this file redefines an earlier one.
  bool first_in_file(const std::string& key, std::size_t key_column) {
    std::string row;
    for (const Field& f : fields_) {
      row.append(f.text);
      row.push_back('\t');
    }
    auto [it, inserted] = seen_.try_emplace(key, Seen{line_no_, row});
    if (inserted) return true;
    if (it->second.row == row) {
      warning(key_column, "duplicate entry (same as line " + std::to_string(it->second.line) + ")");
      return false;
    }
    warning(key_column, "matches the same words as the entry of line " +
                            std::to_string(it->second.line) + ", which it replaces");
    it->second = Seen{line_no_, row};
    return true;
  }

  LexiconSource source() const { return LexiconSource{file_, line_no_}; }

  template <typename T>
  void put(std::vector<T>& table, std::unordered_map<std::string, std::size_t>& index,
           const std::string& key, T value) {
    auto [it, inserted] = index.try_emplace(key, table.size());
    if (inserted) {
      table.push_back(std::move(value));
    } else {
      table[it->second] = std::move(value);
    }
  }

  void row() {
    switch (kind_) {
      case FileKind::kActors: return actor_row();
      case FileKind::kNames: return name_row();
      case FileKind::kOffices: return office_row();
      case FileKind::kPeople: return person_row();
      case FileKind::kCues: return cue_row();
      case FileKind::kVerbs: return verb_row();
      case FileKind::kTopics: return topic_row();
      case FileKind::kContext: return context_row();
      case FileKind::kUnknown: return;
    }
  }

  void actor_row() {
    if (!field_count(3, 6, "code, type, name, alpha2, official_name, flags")) return;
    std::string code(field(0));
    bool code_ok = code.size() >= 2 && code.size() <= 5 &&
                   std::all_of(code.begin(), code.end(), [](char c) {
                     return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
                   });
    if (!code_ok) {
      error(column(0), "bad actor code '" + code + "' (expected 2 to 5 capital letters or digits)");
      return;
    }
    Actor a;
    a.code = code;
    if (field(1) == "country") {
      a.type = ActorType::kCountry;
    } else if (field(1) == "igo") {
      a.type = ActorType::kIgo;
    } else {
      error(column(1), "unknown actor type '" + std::string(field(1)) + "' (expected country or igo)");
      return;
    }
    if (!nonempty(2, "name")) return;
    a.name = field(2);
    a.alpha2 = field(3);
    if (!a.alpha2.empty() && (a.alpha2.size() != 2 || !std::all_of(a.alpha2.begin(), a.alpha2.end(),
                                                                    [](char c) { return c >= 'A' && c <= 'Z'; }))) {
      error(column(3), "bad alpha-2 code '" + a.alpha2 + "' (expected 2 capital letters)");
      return;
    }
    a.official_name = field(4);
    unsigned bits = 0;
    static constexpr std::array<std::string_view, 1> kFlags = {"un_member"};
    if (!flags(5, kFlags, bits)) return;
    a.un_member = bits & 1u;
    a.source = source();
    if (!first_in_file(code, column(0))) return;
    put(lex_.actors, lex_.actor_index, code, std::move(a));
  }

  static constexpr std::array<std::string_view, 1> kCaseFlag = {"case"};

  void name_row() {
    if (!field_count(3, 4, "code, kind, phrase, flags")) return;
    if (!known_actor(0)) return;
    static constexpr std::array<std::string_view, 8> kNameKinds = {
        "name", "alias", "acronym", "demonym", "capital", "metonym", "body", "place"};
    auto it = std::find(kNameKinds.begin(), kNameKinds.end(), field(1));
    if (it == kNameKinds.end()) {
      error(column(1), "unknown name kind '" + std::string(field(1)) + "' (expected " +
                           join(kNameKinds) + ")");
      return;
    }
    if (!nonempty(2, "phrase") || !phrase_has_words(2)) return;
    unsigned bits = 0;
    if (!flags(3, kCaseFlag, bits)) return;
    ActorName n{std::string(field(0)), static_cast<NameKind>(it - kNameKinds.begin()),
                std::string(field(2)), (bits & 1u) != 0, source()};
    std::string key = phrase_key(n.phrase, n.match_case);
    if (!first_in_file(key, column(2))) return;
    put(lex_.names, lex_.name_index, key, std::move(n));
  }

  void office_row() {
    if (!field_count(2, 3, "phrase, office, flags")) return;
    if (!nonempty(0, "phrase") || !phrase_has_words(0)) return;
    if (!one_of(field(1), kOffices)) {
      error(column(1), "unknown office '" + std::string(field(1)) + "' (expected " +
                           join(kOffices) + ")");
      return;
    }
    unsigned bits = 0;
    if (!flags(2, kCaseFlag, bits)) return;
    OfficeTitle o{std::string(field(0)), std::string(field(1)), (bits & 1u) != 0, source()};
    std::string key = phrase_key(o.phrase, o.match_case);
    if (!first_in_file(key, column(0))) return;
    put(lex_.offices, lex_.office_index, key, std::move(o));
  }

  void person_row() {
    if (!field_count(5, 5, "code, office, from, to, names")) return;
    if (!known_actor(0)) return;
    if (!one_of(field(1), kOffices)) {
      error(column(1), "unknown office '" + std::string(field(1)) + "' (expected " +
                           join(kOffices) + ")");
      return;
    }
    for (std::size_t i : {std::size_t{2}, std::size_t{3}}) {
      if (i == 3 && field(i).empty()) continue;
      if (!valid_date(field(i))) {
        error(column(i), "bad date '" + std::string(field(i)) +
                             "' (expected YYYY-MM-DD, YYYY-MM or YYYY)");
        return;
      }
    }
    if (!field(3).empty() && date_key(field(3), true) < date_key(field(2), false)) {
      error(column(3), "term ends (" + std::string(field(3)) + ") before it starts (" +
                           std::string(field(2)) + ")");
      return;
    }
    Person p{std::string(field(0)), std::string(field(1)), std::string(field(2)),
             std::string(field(3)), {}, source()};
    std::string_view list = field(4);
    std::size_t at = 0;
    for (;;) {
      std::size_t bar = list.find('|', at);
      std::string_view name = trim(list.substr(at, bar == list.npos ? list.npos : bar - at));
      if (name.empty() || fold_phrase(name).empty()) {
        error(column(4) + at, "empty name in the list of names");
        return;
      }
      p.names.emplace_back(name);
      if (bar == list.npos) break;
      at = bar + 1;
    }
    std::string key = p.code + '\t' + p.office + '\t' + p.from + '\t' + fold_phrase(p.names[0]);
    if (!first_in_file(key, column(4))) return;
    put(lex_.people, lex_.person_index, key, std::move(p));
  }

  void cue_row() {
    if (!field_count(4, 5, "plover, cameo, goldstein, pattern, flags")) return;
    if (!one_of(field(0), kPlover)) {
      error(column(0), "unknown PLOVER event type '" + std::string(field(0)) + "' (expected " +
                           join(kPlover) + ")");
      return;
    }
    std::string_view cameo = field(1);
    bool cameo_ok = cameo.size() >= 2 && cameo.size() <= 4 &&
                    std::all_of(cameo.begin(), cameo.end(), [](char c) { return c >= '0' && c <= '9'; });
    int root = cameo_ok ? (cameo[0] - '0') * 10 + (cameo[1] - '0') : 0;
    if (!cameo_ok || root < 1 || root > 20) {
      error(column(1), "bad CAMEO code '" + std::string(cameo) +
                           "' (expected 2 to 4 digits with a root from 01 to 20)");
      return;
    }
    double goldstein = 0;
    std::string_view g = field(2);
    auto [end, ec] = std::from_chars(g.data(), g.data() + g.size(), goldstein);
    if (g.empty() || ec != std::errc() || end != g.data() + g.size() || !std::isfinite(goldstein) ||
        goldstein < -10.0 || goldstein > 10.0) {
      error(column(2), "bad Goldstein score '" + std::string(g) +
                           "' (expected a number from -10 to 10)");
      return;
    }
    if (!nonempty(3, "pattern")) return;
    std::string_view pattern = field(3);
    for (std::size_t k = 0; k < pattern.size(); ++k) {
      if (pattern[k] == '+' && k + 1 < pattern.size() && pattern[k + 1] != ' ') {
        error(column(3) + k, "'+' must end a verb lemma ('hold+ talks')");
        return;
      }
      if (pattern[k] == '+' && (k == 0 || pattern[k - 1] == ' ')) {
        error(column(3) + k, "'+' must follow a verb lemma ('hold+ talks')");
        return;
      }
    }
    if (!phrase_has_words(3)) return;
    static constexpr std::array<std::string_view, 3> kCueFlags = {"noun", "symmetric", "passive_ok"};
    unsigned bits = 0;
    if (!flags(4, kCueFlags, bits)) return;
    Cue c{std::string(field(0)), std::string(cameo), goldstein, std::string(pattern),
          (bits & 1u) != 0, (bits & 2u) != 0, (bits & 4u) != 0, source()};
    std::string key = fold_phrase(c.pattern);
    if (!first_in_file(key, column(3))) return;
    put(lex_.cues, lex_.cue_index, key, std::move(c));
  }

  void verb_row() {
    if (!field_count(5, 5, "lemma, third_person, past, past_participle, gerund")) return;
    for (std::size_t i = 0; i < 5; ++i) {
      if (!nonempty(i, "verb form")) return;
      if (field(i).find(' ') != std::string_view::npos) {
        error(column(i), "a verb form is one word, found '" + std::string(field(i)) + "'");
        return;
      }
    }
    std::string lemma = fold_phrase(field(0));
    if (!first_in_file(lemma, column(0))) return;
    std::vector<std::string> forms;
    for (std::size_t i = 1; i < 5; ++i) forms.emplace_back(field(i));
    lex_.verbs[lemma] = std::move(forms);
  }

  void topic_row() {
    if (!field_count(2, 3, "topic, phrase, flags")) return;
    if (!one_of(field(0), kTopics)) {
      error(column(0), "unknown topic '" + std::string(field(0)) + "' (expected " +
                           join(kTopics) + ")");
      return;
    }
    if (!nonempty(1, "phrase") || !phrase_has_words(1)) return;
    unsigned bits = 0;
    if (!flags(2, kCaseFlag, bits)) return;
    TopicWord t{std::string(field(0)), std::string(field(1)), (bits & 1u) != 0, source()};
    std::string key = fold_phrase(t.phrase, t.match_case) + (t.match_case ? "\tcase" : "");
    if (!first_in_file(key, column(1))) return;
    put(lex_.topics, lex_.topic_index, key, std::move(t));
  }

  void context_row() {
    if (!field_count(2, 3, "phrase, rule, words")) return;
    if (!nonempty(0, "phrase")) return;
    static constexpr std::array<std::string_view, 6> kRules = {
        "not_before", "not_after", "not_near", "needs_near", "needs_case", "place_after"};
    auto it = std::find(kRules.begin(), kRules.end(), field(1));
    if (it == kRules.end()) {
      error(column(1), "unknown context rule '" + std::string(field(1)) + "' (expected " +
                           join(kRules) + ")");
      return;
    }
    auto rule = static_cast<ContextRuleKind>(it - kRules.begin());
    if (field(0) == "*" && rule != ContextRuleKind::kPlaceAfter) {
      error(column(0), "'*' (every capital and metonym) is only allowed with place_after");
      return;
    }
    if (field(0) != "*" && !phrase_has_words(0)) return;
    ContextRule r{std::string(field(0)), rule, {}, source()};
    if (rule == ContextRuleKind::kNeedsCase) {
      if (!field(2).empty()) {
        error(column(2), "needs_case takes no words");
        return;
      }
    } else {
      std::string_view list = field(2);
      if (list.empty()) {
        error(0, std::string(*it) + " needs a list of words");
        return;
      }
      std::size_t at = 0;
      for (;;) {
        std::size_t bar = list.find('|', at);
        std::string_view w = trim(list.substr(at, bar == list.npos ? list.npos : bar - at));
        if (fold_phrase(w).empty()) {
          error(column(2) + at, "empty word in the list of words");
          return;
        }
        r.words.emplace_back(w);
        if (bar == list.npos) break;
        at = bar + 1;
      }
    }
    std::string key = (r.phrase == "*" ? std::string("*") : fold_phrase(r.phrase)) + '\t' +
                      std::string(*it);
    if (!first_in_file(key, column(0))) return;
    // Rules of one phrase and kind from several lines (or files) add up.
    auto [found, inserted] = lex_.rule_index.try_emplace(key, lex_.rules.size());
    if (inserted) {
      lex_.rules.push_back(std::move(r));
    } else {
      auto& words = lex_.rules[found->second].words;
      words.insert(words.end(), r.words.begin(), r.words.end());
    }
  }

  // A phrase must have at least one letter or digit once normalised.
  bool phrase_has_words(std::size_t i) {
    std::string folded = fold_phrase(field(i));
    if (std::any_of(folded.begin(), folded.end(), [](char c) {
          return text::is_alnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
        })) {
      return true;
    }
    error(column(i), "phrase '" + std::string(field(i)) + "' has no words");
    return false;
  }

  static std::string phrase_key(std::string_view phrase, bool match_case) {
    std::string key = fold_phrase(phrase, match_case);
    if (key.starts_with("the ") || key.starts_with("The ")) key.erase(0, 4);
    if (match_case) key += "\tcase";
    return key;
  }

  struct Seen {
    std::size_t line;
    std::string row;
  };

  Lexicon::Impl& lex_;
  const std::string& file_;
  const Reporter& report_;
  FileKind kind_ = FileKind::kUnknown;
  std::string line_;
  std::size_t line_no_ = 0;
  std::vector<Field> fields_;
  std::unordered_map<std::string, Seen> seen_;
  std::size_t errors_ = 0;
};

}  // namespace

std::string lexicon_detail::date_key(std::string_view d, bool latest) {
  std::string k(d);
  while (k.size() < 10) k += latest ? "-99" : "-00";
  return k;
}

bool Person::covers(std::string_view date) const {
  if (date.empty()) return to.empty();
  return date_key(from, false) <= date && (to.empty() || date <= date_key(to, true));
}

int Cue::quad() const {
  int root = cameo.size() >= 2 ? (cameo[0] - '0') * 10 + (cameo[1] - '0') : 0;
  if (root >= 1 && root <= 5) return 1;
  if (root >= 6 && root <= 8) return 2;
  if (root >= 9 && root <= 13) return 3;
  if (root >= 14 && root <= 20) return 4;
  return 0;
}

std::size_t Lexicon::Impl::load_file(std::istream& in, const std::string& file_name,
                                     const Reporter& report) {
  FileParser parser(*this, file_name, report);
  return parser.parse(in);
}

Lexicon::Lexicon() : impl_(std::make_unique<Impl>()) { impl_->build({}); }
Lexicon::~Lexicon() = default;
Lexicon::Lexicon(Lexicon&&) noexcept = default;
Lexicon& Lexicon::operator=(Lexicon&&) noexcept = default;

std::size_t Lexicon::load(std::istream& in, const std::string& file_name, const Reporter& report) {
  std::size_t errors = impl_->load_file(in, file_name, report);
  impl_->build(report);
  return errors;
}

std::size_t Lexicon::load_all(std::span<std::pair<std::istream*, std::string>> files,
                              const Reporter& report) {
  std::size_t errors = 0;
  for (auto& [in, name] : files) errors += impl_->load_file(*in, name, report);
  impl_->build(report);
  return errors;
}

Lexicon Lexicon::builtin_with_files(const std::vector<std::string>& paths,
                                    const Reporter& report, bool report_builtin) {
  Lexicon lex = builtin(report_builtin ? report : Reporter{});
  std::vector<std::ifstream> streams;
  std::vector<std::pair<std::istream*, std::string>> inputs;
  streams.reserve(paths.size());
  for (const auto& path : paths) {
    streams.emplace_back(path, std::ios::binary);
    if (!streams.back()) throw Error(path, "cannot open lexicon file");
    inputs.emplace_back(&streams.back(), path);
  }
  if (!inputs.empty()) lex.load_all(inputs, report);
  return lex;
}

namespace {

// The built-in files of the given kinds, loaded in kKinds order (actors before the
// names that refer to them), then compiled.
void load_builtin_kinds(Lexicon::Impl& impl, const Reporter& report,
                        std::initializer_list<FileKind> kinds) {
  std::vector<lexicon_detail::EmbeddedFile> files(lexicon_detail::embedded_files().begin(),
                                                  lexicon_detail::embedded_files().end());
  auto rank = [](const lexicon_detail::EmbeddedFile& f) {
    FileKind k = kind_from_name(f.name);
    for (std::size_t i = 0; i < kKinds.size(); ++i) {
      if (kKinds[i].kind == k) return i;
    }
    return kKinds.size();
  };
  std::stable_sort(files.begin(), files.end(),
                   [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
  for (const auto& f : files) {
    if (rank(f) == kKinds.size()) continue;  // README.md and other non-lexicon files
    if (std::find(kinds.begin(), kinds.end(), kind_from_name(f.name)) == kinds.end()) continue;
    std::istringstream in{std::string(f.text)};
    impl.load_file(in, "data/lexicon/" + std::string(f.name), report);
  }
  impl.build(report);
}

}  // namespace

Lexicon Lexicon::builtin(const Reporter& report) {
  Lexicon lex;
  load_builtin_kinds(*lex.impl_, report,
                     {FileKind::kActors, FileKind::kNames, FileKind::kOffices, FileKind::kPeople,
                      FileKind::kVerbs, FileKind::kCues, FileKind::kTopics, FileKind::kContext});
  return lex;
}

Lexicon Lexicon::builtin_names(const Reporter& report) {
  Lexicon lex;
  lex.impl_->match_index = false;
  load_builtin_kinds(*lex.impl_, report, {FileKind::kActors, FileKind::kNames, FileKind::kPeople});
  return lex;
}

}  // namespace dipgraph
