#include "coder/parties.h"

#include <algorithm>

#include "text_chars.h"

namespace dipgraph::coder {
namespace {

using text::one_of;

// Words that may stand between the parts of one name: "Iran's top diplomat",
// "Chief of the Army Staff General Qamar Javed Bajwa", "Foreign Minister Mr. X".
bool joins_a_name(std::string_view w) {
  return one_of(w, {"'s", "'", "general", "gen.", "lt.", "col.", "maj.", "admiral", "marshal",
                    "mr.", "mrs.", "ms.", "dr.", "sheikh", "top", "field", "acting", "interim",
                    "caretaker", "then", "former", "new", "outgoing", "incoming", "visiting",
                    "deputy", "junior", "senior", "vice", "assistant", "chief"});
}

// Officials and forces who act for the country they are in: "police in Lahore",
// "security forces in Guinea", "the authorities in Kabul". Envoys are left out: "the
// ambassador in Kabul" serves another country.
bool acts_where_it_is(std::string_view w) {
  return one_of(w, {"police", "policemen", "authorities", "troops", "forces", "soldiers",
                    "officials", "army", "military", "government", "officers", "guards",
                    "courts", "court", "prosecutors", "judges"});
}

// A country named after these is what a relation is about, not a party to it.
bool introduces_subject_matter(std::string_view w) {
  return one_of(w, {"on", "about", "over", "regarding", "concerning", "including", "like",
                    "as", "toward", "towards", "of"});
}

bool is_locative(std::string_view w) {
  return one_of(w, {"in", "at", "from", "to", "into", "near", "outside", "inside", "via"});
}

bool is_possessive_determiner(std::string_view w) {
  return one_of(w, {"his", "her", "their", "its", "our", "the", "a", "visiting"});
}

// Nouns for groups of people who act as, or are treated as, their nationality:
// "Afghan rebels kidnapped ...", "attacked Congolese refugees". A demonym before
// one of them names a party, not subject matter.
bool is_group_noun(std::string_view w) {
  return one_of(w, {"refugees", "refugee", "rebels", "rebel", "militants", "militant",
                    "militiamen", "militia", "militias", "guerrillas", "guerrilla", "insurgents",
                    "fighters", "gunmen", "gunman", "bombers", "bomber", "prisoners", "prisoner",
                    "detainees", "detainee", "hostages", "hostage", "captives", "civilians",
                    "civilian", "immigrants", "immigrant", "migrants", "migrant", "workers",
                    "youths", "students", "student", "demonstrators", "protesters", "protestors",
                    "nationals", "national", "citizens", "citizen", "settlers", "settler",
                    "fishermen", "advisers", "advisors", "doctors", "villagers", "farmers",
                    "traders", "businessmen", "businessman", "pilgrims", "tourists", "tourist",
                    "journalists", "journalist", "activists", "activist", "dissidents",
                    "separatists", "extremists", "exiles", "crowds", "mobs", "residents",
                    "agents", "hackers", "smugglers", "pirates", "mercenaries", "volunteers"});
}

// Nouns for the people who speak or act for a country without an office of their
// own: "Palestinian leaders said", "Iranian negotiators rejected".
bool is_leading_noun(std::string_view w) {
  return one_of(w, {"leaders", "negotiators", "delegates", "diplomats", "delegation",
                    "lawmakers", "legislators", "envoys"});
}

// The token just past "<demonym> [modifier] <group noun>" starting after the
// demonym at `k`, or `k` when no group noun follows.
std::size_t group_noun_end(const std::vector<std::string>& words, std::size_t k) {
  if (k < words.size() && is_group_noun(words[k])) return k + 1;
  // One modifier: "suicide bombers", "civilian advisers", "university students".
  if (k + 1 < words.size() && is_group_noun(words[k + 1]) && words[k] != "and" &&
      words[k] != "," && !is_group_noun(words[k]))
    return k + 2;
  return k;
}

// A plural demonym stands for its people: "the Palestinians rejected", "Afghans".
bool plural_demonym(std::string_view text) {
  return text.size() > 3 && text.back() == 's' && text[text.size() - 2] != 's';
}

struct Chain {
  std::vector<const Match*> parts;
  std::size_t first_token() const { return parts.front()->first_token; }
  std::size_t last_token() const { return parts.back()->last_token; }
};

// Groups actor, person and office matches that name one party. Two actor names
// never join (each of "Pakistan-Russia" is its own party).
// "King Abdullah II of Jordan": an office, a name the lexicon does not know, "of",
// and the country. `capitalised[k]` says whether token k starts with a capital.
bool unknown_name_then_of(const std::vector<std::string>& words,
                          const std::vector<bool>& capitalised, std::size_t from,
                          std::size_t to) {
  if (to <= from + 1 || words[to - 1] != "of") return false;
  for (std::size_t k = from; k + 1 < to; ++k) {
    if (!capitalised[k]) return false;
  }
  return true;
}

std::vector<Chain> chain_matches(const std::vector<std::string>& words,
                                 const std::vector<bool>& capitalised,
                                 const std::vector<Match>& matches) {
  std::vector<Chain> chains;
  for (const Match& m : matches) {
    if (m.kind != MatchKind::kActor && m.kind != MatchKind::kPerson &&
        m.kind != MatchKind::kOffice)
      continue;
    bool joined = false;
    if (!chains.empty()) {
      Chain& last = chains.back();
      const Match& prev = *last.parts.back();
      std::size_t gap_begin = prev.last_token;
      bool adjacent = m.first_token >= gap_begin;
      // "the president of Armenia", "the foreign minister of the United Kingdom".
      const bool office_of = prev.kind == MatchKind::kOffice && m.kind == MatchKind::kActor &&
                             m.first_token > gap_begin && words[gap_begin] == "of";
      for (std::size_t k = gap_begin; adjacent && k < m.first_token; ++k) {
        adjacent = k < words.size() &&
                   (joins_a_name(words[k]) || (office_of && (k == gap_begin || words[k] == "the")));
      }
      const bool has_actor = std::any_of(last.parts.begin(), last.parts.end(), [](const Match* p) {
        return p->kind == MatchKind::kActor;
      });
      const bool has_person = std::any_of(last.parts.begin(), last.parts.end(), [](const Match* p) {
        return p->kind == MatchKind::kPerson;
      });
      // actor -> office -> person, in that order; a second actor or person starts anew.
      bool fits = (m.kind == MatchKind::kOffice && !has_person) ||
                        (m.kind == MatchKind::kPerson && !has_person) ||
                        (m.kind == MatchKind::kActor && !has_actor && !has_person &&
                         prev.kind == MatchKind::kOffice && m.first_token > gap_begin &&
                         words[gap_begin] == "of");
      if (!adjacent && prev.kind == MatchKind::kOffice && m.kind == MatchKind::kActor &&
          !has_actor && !has_person && m.first_token > gap_begin &&
          unknown_name_then_of(words, capitalised, gap_begin, m.first_token)) {
        adjacent = true;
        fits = true;
      }
      // A place acts through its officials ("Basra police") unless it follows a
      // locative word ("talks in Basra").
      const bool place_blocks =
          prev.kind == MatchKind::kActor && prev.place &&
          !(prev.name_kind == NameKind::kPlace &&
            (prev.first_token == 0 || !is_locative(words[prev.first_token - 1])));
      if (adjacent && fits && !place_blocks) {
        last.parts.push_back(&m);
        joined = true;
      }
    }
    if (!joined) chains.push_back(Chain{{&m}});
  }
  return chains;
}

Party party_from_chain(const Chain& chain, std::string_view text,
                       const std::vector<std::string>& words) {
  Party p;
  p.first_token = chain.first_token();
  p.last_token = chain.last_token();
  p.begin = chain.parts.front()->begin;
  p.end = chain.parts.back()->end;
  p.text = std::string(text.substr(p.begin, p.end - p.begin));
  const Match* actor = nullptr;
  const Match* person = nullptr;
  const Match* office = nullptr;
  for (const Match* m : chain.parts) {
    if (m->kind == MatchKind::kActor) actor = m;
    if (m->kind == MatchKind::kPerson) person = m;
    if (m->kind == MatchKind::kOffice && !office) office = m;
  }
  const std::string before = p.first_token > 0 ? words[p.first_token - 1] : std::string();
  if (office) p.office = office->code;
  p.name_token = p.last_token;
  if (person) {
    p.basis = PartyBasis::kPerson;
    p.codes = {person->code};
    p.name_token = person->first_token;
  } else if (actor && office) {
    p.basis = PartyBasis::kOffice;
    p.codes = {actor->code};
  } else if (actor) {
    p.codes = {actor->code};
    if (actor->place) {
      p.basis = PartyBasis::kPlace;
    } else if (actor->name_kind == NameKind::kDemonym) {
      p.basis = PartyBasis::kSubjectMatter;  // "the Afghan peace process"
      // "strikes on Ukrainian cities": the preposition may make it a target.
      if (one_of(before, {"on", "against", "at", "over"})) p.preposition = before;
      const std::size_t group_end = group_noun_end(words, p.last_token);
      const std::string before2 = p.first_token > 1 ? words[p.first_token - 2] : std::string();
      const bool quantity = before == "of" && one_of(before2, {"thousands", "hundreds", "dozens",
                                                               "scores", "millions", "group"});
      if ((quantity || (!introduces_subject_matter(before) && before != "in")) &&
          (group_end > p.last_token || plural_demonym(p.text))) {
        // "Afghan rebels", "Palestinians": people who act as their nationality.
        p.basis = PartyBasis::kName;
        p.preposition.clear();
        p.last_token = group_end;
        p.group = true;
        p.plural = true;
      } else if (!introduces_subject_matter(before) && before != "in" &&
                 p.last_token < words.size() && is_leading_noun(words[p.last_token])) {
        // "Palestinian leaders said": they speak for their country.
        p.basis = PartyBasis::kName;
        p.preposition.clear();
        p.last_token += 1;
        p.plural = true;
      }
    } else if (introduces_subject_matter(before) || one_of(before, {"in", "inside", "across"})) {
      p.basis = PartyBasis::kSubjectMatter;  // "talks on Afghanistan", "fighting in Sudan"
      p.preposition = before;
    } else {
      p.basis = PartyBasis::kName;
    }
  } else {
    // An office with no country: "the foreign minister", "his counterpart".
    p.basis = PartyBasis::kDescription;
    p.pronoun = before;
  }
  return p;
}

// Pronouns and plural descriptions that refer to earlier parties.
std::size_t pronoun_length(const std::vector<std::string>& words, std::size_t i,
                           std::string& key) {
  const std::string& w = words[i];
  // Every phrase below starts with a word of two to five letters beginning with one of
  // these; most words are turned away here (this runs for every word of the corpus).
  if (w.size() < 2 || w.size() > 5) return 0;
  const char first = w.front();
  if (first != 't' && first != 'b' && first != 'h' && first != 's' && first != 'w' &&
      first != 'o' && first != 'u')
    return 0;
  const std::string_view next = i + 1 < words.size() ? std::string_view(words[i + 1]) : "";
  const std::string_view third = i + 2 < words.size() ? std::string_view(words[i + 2]) : "";
  const auto plural_of_states = [](std::string_view x) {
    return one_of(x, {"sides", "countries", "leaders", "ministers", "nations", "governments"});
  };
  // "both sides", "both countries" ...; "the two sides", "the two countries" ...
  if (w == "both" && plural_of_states(next)) {
    key = "both";
    return 2;
  }
  if (w == "the") {
    if (next == "two" && plural_of_states(third)) {
      key = "both";
      return 3;
    }
    if (next == "country" || next == "country's") {
      key = "the country";
      return 2;
    }
    // "the three leaders", "the leaders", "the ministers": everyone at the meeting.
    std::size_t k = i + 1;
    if (one_of(next, {"three", "four", "five", "six", "seven", "eight", "nine", "ten"})) ++k;
    if (k < words.size() && one_of(words[k], {"leaders", "ministers", "countries", "nations",
                                               "governments", "delegations", "parties"})) {
      key = "they";
      return k + 1 - i;
    }
  }
  if (one_of(w, {"he", "she", "him", "his", "her", "hers"})) {
    key = "he";
    return 1;
  }
  if (one_of(w, {"they", "them", "their"})) {
    key = "they";
    return 1;
  }
  if (one_of(w, {"we", "our", "us"})) {
    key = "we";
    return 1;
  }
  return 0;
}

// Words that may continue a personal name the lexicon does not know.
bool continues_name(std::string_view word) {
  if (word.empty()) return false;
  const unsigned char c = static_cast<unsigned char>(word.front());
  return (c >= 'A' && c <= 'Z') || c >= 0x80 ||
         one_of(word, {"bin", "ibn", "al", "al-", "el", "de", "da", "van", "von", "der", "le"});
}

// "Egyptian President Abdel Fattah al-Sisi": an office party takes in the
// unknown name after it, so that coordination ("..., Jordan's King Abdullah II and
// ...") still sees the parties side by side.
void take_in_unknown_name(Party& p, std::string_view text, const Sentence& sentence,
                          const std::vector<bool>& matched) {
  if (p.basis != PartyBasis::kOffice && p.basis != PartyBasis::kDescription) return;
  std::size_t k = p.last_token;
  while (k < sentence.tokens.size() && !matched[k]) {
    const Token& t = sentence.tokens[k];
    if (!continues_name(text.substr(t.begin, t.end - t.begin))) break;
    ++k;
  }
  if (k == p.last_token) return;
  p.name_token = p.last_token;
  p.last_token = k;
  p.end = sentence.tokens[k - 1].end;
  p.text = std::string(text.substr(p.begin, p.end - p.begin));
}

// "police in Lahore", "demonstrators in Baghdad": officials, forces or people named by
// where they are act as that country. The party grows to take in the noun, and an
// unqualified office party on the noun ("the police") gives way to it.
void take_in_forces_in_place(std::string_view text, const Sentence& sentence,
                             const std::vector<std::string>& words, std::vector<Party>& parties) {
  std::vector<std::pair<std::size_t, std::size_t>> taken;  // token ranges given up
  for (Party& p : parties) {
    const bool located = p.basis == PartyBasis::kPlace ||
                         (p.basis == PartyBasis::kSubjectMatter && p.preposition == "in");
    if (!located || p.codes.empty() || p.first_token < 2 || words[p.first_token - 1] != "in")
      continue;
    std::size_t k = p.first_token - 2;
    const bool group = is_group_noun(words[k]);
    if (!group && !acts_where_it_is(words[k])) continue;
    // "Israel strengthened its forces in Lebanon": the forces are the subject's own.
    if (k > 0 && one_of(words[k - 1], {"its", "their", "his", "her", "our", "whose"})) continue;
    const bool noun_named = std::any_of(parties.begin(), parties.end(), [&](const Party& q) {
      return &q != &p && q.first_token <= k && k < q.last_token &&
             q.basis != PartyBasis::kDescription;
    });
    if (noun_named) continue;  // "U.S. troops in Iraq" are American
    if (k > 0 && words[k - 1] == "security") --k;
    taken.emplace_back(k, p.first_token);
    p.basis = PartyBasis::kName;
    p.group = group;
    p.plural = true;
    p.preposition.clear();
    p.first_token = k;
    p.begin = sentence.tokens[k].begin;
    p.text = std::string(text.substr(p.begin, p.end - p.begin));
  }
  for (const auto& [from, to] : taken) {
    parties.erase(std::remove_if(parties.begin(), parties.end(),
                                 [from = from, to = to](const Party& q) {
                                   return q.basis == PartyBasis::kDescription &&
                                          q.first_token >= from && q.last_token <= to;
                                 }),
                  parties.end());
  }
}

}  // namespace

std::vector<std::string> lowercase_words(std::string_view text, const Sentence& sentence) {
  std::vector<std::string> words;
  words.reserve(sentence.tokens.size());
  for (const Token& t : sentence.tokens) {
    // Lowercased while copied, in place: no temporary and no memcpy call per word.
    const std::string_view source = text.substr(t.begin, t.end - t.begin);
    std::string& w = words.emplace_back(source.size(), '\0');
    for (std::size_t i = 0; i < source.size(); ++i) w[i] = static_cast<char>(text::to_lower(source[i]));
  }
  return words;
}

std::vector<Party> find_parties(std::string_view text, const Sentence& sentence,
                                const std::vector<std::string>& words,
                                const std::vector<Match>& matches) {
  std::vector<Party> parties;
  std::vector<bool> covered(words.size(), false);
  std::vector<bool> matched(words.size(), false);
  for (const Match& m : matches) {
    for (std::size_t k = m.first_token; k < m.last_token && k < matched.size(); ++k)
      matched[k] = true;
  }
  std::vector<bool> capitalised(words.size(), false);
  for (std::size_t k = 0; k < words.size() && k < sentence.tokens.size(); ++k) {
    const char c = text[sentence.tokens[k].begin];
    capitalised[k] = (c >= 'A' && c <= 'Z') && !matched[k];
  }
  for (const Chain& chain : chain_matches(words, capitalised, matches)) {
    Party p = party_from_chain(chain, text, words);
    if (p.last_token > chain.last_token()) {
      p.end = sentence.tokens[p.last_token - 1].end;
      p.text = std::string(text.substr(p.begin, p.end - p.begin));
    }
    take_in_unknown_name(p, text, sentence, matched);
    const std::string before = p.first_token > 0 ? words[p.first_token - 1] : std::string();
    // An office-only phrase after a locative word is a building ("at the Foreign
    // Office"); one without a determiner is a generic noun ("military leadership").
    if (p.basis == PartyBasis::kDescription) {
      const std::string before2 = p.first_token > 1 ? words[p.first_token - 2] : std::string();
      const bool counterpart = p.office == "GOV" && (words[p.first_token] == "counterpart" ||
                                                     words[p.first_token] == "counterparts");
      if (is_locative(before) || is_locative(before2)) continue;
      if (!counterpart && !is_possessive_determiner(before)) continue;
      if (!counterpart && (p.office == "GOV" || p.office == "MIL" || p.office == "DIP") &&
          before != "the")
        continue;
    }
    for (std::size_t k = p.first_token; k < p.last_token && k < covered.size(); ++k)
      covered[k] = true;
    parties.push_back(std::move(p));
  }
  take_in_forces_in_place(text, sentence, words, parties);
  // "Sierra Leonean and Liberian refugees": a demonym coordinated with a group of
  // people is a group of its own.
  for (std::size_t k = 0; k + 1 < parties.size(); ++k) {
    Party& a = parties[k];
    const Party& b = parties[k + 1];
    if (a.basis == PartyBasis::kSubjectMatter && a.preposition.empty() && b.group &&
        a.last_token + 1 == b.first_token && words[a.last_token] == "and") {
      a.basis = PartyBasis::kName;
      a.group = true;
      a.plural = true;
    }
  }
  // "Indian and Chinese military commanders": a demonym coordinated with an office
  // party that opens with a demonym holds the same office.
  for (std::size_t k = 0; k + 1 < parties.size(); ++k) {
    Party& a = parties[k];
    const Party& b = parties[k + 1];
    if (a.basis == PartyBasis::kSubjectMatter && a.preposition.empty() &&
        b.basis == PartyBasis::kOffice && a.last_token + 1 == b.first_token &&
        words[a.last_token] == "and") {
      a.basis = PartyBasis::kOffice;
      a.office = b.office;
    }
  }
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (covered[i]) continue;
    std::string key;
    const std::size_t n = pronoun_length(words, i, key);
    if (n == 0) continue;
    // "his Russian counterpart": the determiner belongs to the party after it.
    if (i + n < words.size() && covered[i + n] && key != "both" && key != "the country") {
      continue;
    }
    Party p;
    p.basis = PartyBasis::kPronoun;
    p.pronoun = key;
    p.first_token = i;
    p.last_token = i + n;
    p.begin = sentence.tokens[i].begin;
    p.end = sentence.tokens[i + n - 1].end;
    p.text = std::string(text.substr(p.begin, p.end - p.begin));
    parties.push_back(std::move(p));
    i += n - 1;
  }
  std::sort(parties.begin(), parties.end(),
            [](const Party& a, const Party& b) { return a.first_token < b.first_token; });
  return parties;
}

namespace {

bool capitalised(std::string_view word) {
  return !word.empty() && word.front() >= 'A' && word.front() <= 'Z' && word.size() >= 3;
}

}  // namespace

void learn_names(std::string_view text, const Sentence& sentence,
                 const std::vector<Party>& parties, KnownNames& names) {
  for (const Party& p : parties) {
    if ((p.basis != PartyBasis::kPerson && p.basis != PartyBasis::kOffice) || p.codes.size() != 1)
      continue;
    for (std::size_t k = p.name_token; k < p.last_token && k < sentence.tokens.size(); ++k) {
      const Token& t = sentence.tokens[k];
      const std::string_view word = text.substr(t.begin, t.end - t.begin);
      if (capitalised(word)) names[std::string(word)] = p.codes.front();
    }
  }
}

void add_known_names(std::string_view text, const Sentence& sentence, const KnownNames& names,
                     std::vector<Party>& parties) {
  if (names.empty()) return;
  std::vector<bool> covered(sentence.tokens.size(), false);
  for (const Party& p : parties) {
    for (std::size_t k = p.first_token; k < p.last_token && k < covered.size(); ++k)
      covered[k] = true;
  }
  bool added = false;
  for (std::size_t k = 0; k < sentence.tokens.size(); ++k) {
    if (covered[k]) continue;
    const Token& t = sentence.tokens[k];
    const std::string_view word = text.substr(t.begin, t.end - t.begin);
    if (!capitalised(word)) continue;
    auto it = names.find(std::string(word));
    if (it == names.end()) continue;
    Party p;
    p.basis = PartyBasis::kPerson;
    p.codes = {it->second};
    p.first_token = k;
    p.name_token = k;
    p.last_token = k + 1;
    p.begin = t.begin;
    p.end = t.end;
    p.text = std::string(word);
    parties.push_back(std::move(p));
    added = true;
  }
  if (added) {
    std::sort(parties.begin(), parties.end(),
              [](const Party& a, const Party& b) { return a.first_token < b.first_token; });
  }
}

}  // namespace dipgraph::coder
