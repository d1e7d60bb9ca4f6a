#include "dipgraph/relation_coder.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "coder/discourse.h"
#include "coder/event_date.h"
#include "coder/modality.h"
#include "coder/parties.h"
#include "dipgraph/news_date.h"
#include "dipgraph/text_cleaner.h"
#include "text_chars.h"

namespace dipgraph {
namespace {

using coder::Discourse;
using coder::Modality;
using coder::Party;
using coder::PartyBasis;

using text::one_of;

// A sentence after matching: its words, lexicon matches and parties.
struct SentenceFacts {
  const Sentence* sentence = nullptr;
  std::vector<std::string> words;
  std::vector<Match> matches;
  std::vector<Party> parties;
  std::string speaker;
};

// The speaker of reported speech: "X said", "X told", "said X".
std::string find_speaker(const SentenceFacts& f) {
  for (const Party& p : f.parties) {
    if (!p.acts() || p.codes.size() != 1) continue;
    const std::string after = p.last_token < f.words.size() ? f.words[p.last_token] : "";
    const std::string before = p.first_token > 0 ? f.words[p.first_token - 1] : "";
    if (one_of(after, {"said", "says", "told", "stated", "added", "noted", "stressed", "insisted"}) ||
        one_of(before, {"said", "says", "added", "noted"})) {
      return p.codes.front();
    }
  }
  return {};
}

// The article's home country: the dateline's, else the most named actor.
std::string find_home(const Lexicon& lexicon, std::string_view clean,
                      const std::vector<SentenceFacts>& facts) {
  for (std::size_t start = 0; start < clean.size();) {
    std::size_t end = clean.find("\n\n", start);
    if (end == std::string_view::npos) end = clean.size();
    const std::string dateline = find_dateline(clean.substr(start, end - start));
    if (!dateline.empty()) {
      if (const Actor* a = lexicon.resolve(dateline)) return a->code;
    }
    start = end + 2;
  }
  // Only a country can be home: "the military" of an African Union report is
  // the army of the country it is about, not the Union's.
  std::map<std::string, int> counts;
  for (const auto& f : facts) {
    for (const Party& p : f.parties) {
      if (p.basis == PartyBasis::kName || p.basis == PartyBasis::kPerson ||
          p.basis == PartyBasis::kOffice || p.basis == PartyBasis::kPlace) {
        for (const auto& c : p.codes) {
          const Actor* a = lexicon.actor(c);
          if (!a || a->type == ActorType::kCountry) ++counts[c];
        }
      }
    }
  }
  std::string best;
  int most = 0;
  for (const auto& [code, n] : counts) {
    if (n > most) {
      best = code;
      most = n;
    }
  }
  return best;
}

// One cue's parties: who acts (subject) and on whom (object).
struct Roles {
  std::vector<const Party*> subjects;
  std::vector<const Party*> objects;
  std::string rule;  // which rule filled them, for --explain
};

bool coordinates(const std::vector<std::string>& words, std::size_t from, std::size_t to) {
  if (from >= to) return from == to;
  for (std::size_t k = from; k < to; ++k) {
    if (!one_of(words[k], {"and", ",", "&", "as", "well", "both", "the"})) return false;
  }
  return true;
}

std::size_t clause_start(const std::vector<std::string>& words, std::size_t cue) {
  for (std::size_t k = cue; k > 0; --k) {
    if (one_of(words[k - 1], {";", "but", "while", "whereas"})) return k;
  }
  return 0;
}

std::size_t clause_end(const std::vector<std::string>& words, std::size_t cue_end) {
  for (std::size_t k = cue_end; k < words.size(); ++k) {
    if (one_of(words[k], {";", "but", "while", "whereas"})) return k;
  }
  return words.size();
}

// The nearest party before the cue and the parties coordinated with it.
std::vector<const Party*> left_group(const SentenceFacts& f, std::size_t from, std::size_t cue) {
  std::vector<const Party*> group;
  for (auto it = f.parties.rbegin(); it != f.parties.rend(); ++it) {
    const Party& p = *it;
    if (p.last_token > cue || p.first_token < from || !p.acts() || p.codes.empty()) continue;
    if (group.empty() || coordinates(f.words, p.last_token, group.back()->first_token)) {
      group.push_back(&p);
    } else {
      break;
    }
  }
  std::reverse(group.begin(), group.end());
  return group;
}

constexpr std::size_t kObjectWindow = 12;

// Whether a country after the cue is the target ("sanctions on Iran", "an attack
// on Israel") rather than the subject matter ("talks on Afghanistan").
bool is_target_after(const Party& p, const Cue& cue, std::size_t cue_end,
                     const std::vector<std::string>& words) {
  // "shelled towns inside Armenia", "struck targets in Kyiv": an attack on places
  // in a country is an attack on that country.
  const bool located = p.basis == PartyBasis::kPlace ||
                       (p.basis == PartyBasis::kSubjectMatter &&
                        (p.preposition == "in" || p.preposition == "inside"));
  if (located && cue.plover == "assault" && !cue.noun && p.first_token <= cue_end + 4)
    return true;
  // "reimposed blockades in the West Bank", "strengthened its forces in Lebanon",
  // "will evacuate all settlements in the Gaza Strip", "deploy peacekeepers in Iraq":
  // force or help used, deployed or withdrawn in a country is aimed at that country.
  // A war or fighting "in" a country is where it happens ("the war in Ukraine").
  // A target named first keeps the place a place: "strikes on the PKK in Iraq".
  const bool target_first = std::any_of(words.begin() + static_cast<std::ptrdiff_t>(cue_end),
                                        words.begin() + static_cast<std::ptrdiff_t>(p.first_token),
                                        [](const std::string& w) {
                                          return w == "on" || w == "against" || w == "at";
                                        });
  if (located && !target_first && p.first_token <= cue_end + 4 &&
      ((cue.quad() == 4 && !cue.symmetric) ||
       ((cue.plover == "retreat" || cue.plover == "aid") && !cue.noun)))
    return true;
  if (p.basis != PartyBasis::kSubjectMatter) return false;
  // "threatened to impose restrictions against German goods": "against" names the
  // target of a conflict cue wherever it stands in the window.
  if (p.preposition == "against" && cue.quad() >= 3) return true;
  // "strikes on the Ukrainian port": the article does not separate target and cue.
  if (p.first_token > cue_end + 1 && words[p.first_token - 1] == "the" &&
      one_of(words[p.first_token - 2], {"on", "against", "at"}) && cue.quad() >= 3)
    return p.first_token <= cue_end + 2;
  if (p.preposition.empty()) {
    // "condemned Israeli settlement expansion": a demonym right after a conflict
    // verb names whom it is aimed at.
    return !cue.noun && cue.quad() >= 3 && p.first_token >= cue_end && p.first_token <= cue_end + 1;
  }
  // The preposition is part of the cue: "invest in Pakistan", "sanctions on".
  if (p.first_token == cue_end) return true;
  return p.first_token == cue_end + 1 && p.preposition != "including" && p.preposition != "in" &&
         p.preposition != "inside" && p.preposition != "across" && cue.plover != "consult" &&
         cue.plover != "cooperate" && cue.plover != "agree";
}

bool is_reporting_verb(std::string_view w) {
  return one_of(w, {"said", "says", "reported", "reports", "told", "added", "announced",
                    "stated", "quoted", "claimed", "charged", "alleged", "confirmed"});
}

// Whether `p` opens a reporting clause set off by a comma after the cue: "...,
// the UN refugee agency reported" names who tells, not whom the cue is aimed at.
bool opens_reporting_clause(const SentenceFacts& f, const Party& p, std::size_t cue_end) {
  bool reporting = false;
  for (std::size_t k = p.last_token; k < p.last_token + 4 && k < f.words.size(); ++k) {
    if (f.words[k] == "," || f.words[k] == ".") break;
    if (is_reporting_verb(f.words[k])) {
      reporting = true;
      break;
    }
  }
  if (!reporting) return false;
  for (std::size_t k = cue_end; k < p.first_token; ++k) {
    if (f.words[k] == ",") return true;
  }
  return false;
}

// The nearest party after the cue (within a short window) and those coordinated with it.
std::vector<const Party*> right_group(const SentenceFacts& f, const Cue& cue,
                                      std::size_t cue_end, std::size_t to) {
  std::vector<const Party*> group;
  for (const Party& p : f.parties) {
    if (p.first_token < cue_end || p.first_token >= to || p.codes.empty()) continue;
    if (opens_reporting_clause(f, p, cue_end)) break;
    if (!p.acts() && !is_target_after(p, cue, cue_end, f.words)) continue;
    if (group.empty()) {
      if (p.first_token - cue_end > kObjectWindow) break;
      group.push_back(&p);
    } else if (coordinates(f.words, group.back()->last_token, p.first_token)) {
      group.push_back(&p);
    } else {
      break;
    }
  }
  return group;
}

bool is_passive(const SentenceFacts& f, const Match& cue) {
  const std::size_t first = cue.first_token;
  for (std::size_t k = 1; k <= 2 && k <= first; ++k) {
    if (one_of(f.words[first - k], {"was", "were", "been", "being", "is", "are", "be"})) {
      return cue.last_token < f.words.size() && f.words[cue.last_token] == "by";
    }
  }
  return false;
}

// The first party of the clause that starts at `from` that can act, or null.
const Party* first_acting_party(const SentenceFacts& f, std::size_t from) {
  for (const Party& p : f.parties) {
    if (p.acts() && !p.codes.empty() && p.first_token >= from) return &p;
  }
  return nullptr;
}

// The subject of the latest verb cue of the sentence, for a second verb joined by
// "and" ("Erdogan spoke with Putin and urged him").
struct VerbSubject {
  std::vector<const Party*> parties;
  std::size_t end = 0;  // where that verb cue ends
  std::string plover;   // its relation
};

// Whether the cue is a second verb joined by "and" to what ends at `from`: "and"
// (and auxiliaries) right before the cue, and no clause boundary ("that", "who",
// ",") in the few words between ("spoke with Putin by phone and urged him").
bool joined_by_and(const std::vector<std::string>& words, std::size_t from, std::size_t to) {
  std::size_t k = to;
  while (k > from && one_of(words[k - 1], {"also", "then", "later", "has", "have", "had", "will",
                                            "would", "was", "were", "is", "are"}))
    --k;
  if (k == from || words[k - 1] != "and" || k - 1 - from > 5) return false;
  for (std::size_t j = from; j + 1 < k; ++j) {
    if (one_of(words[j], {"that", "who", "which", "whom", ",", "and", "when", "after", "before"}))
      return false;
  }
  return true;
}

// Whether "and" and an auxiliary stand right before the cue ("and would deny"):
// a second verb phrase, never a second noun phrase.
bool verb_phrase_after_and(const std::vector<std::string>& words, std::size_t cue) {
  std::size_t k = cue;
  if (k > 0 && one_of(words[k - 1], {"also", "then", "later", "not"})) --k;
  if (k < 2 || !one_of(words[k - 1], {"would", "will", "could", "should", "must", "may",
                                       "might", "has", "have", "had", "shall", "can"}))
    return false;
  return words[k - 2] == "and";
}

// Where an apposition or relative clause set off by commas opens, when it ends right
// before the cue (auxiliaries and adverbs aside): "Pakistan, a key U.S. ally in the
// war, has refused" -> the comma after "Pakistan". npos when there is none.
std::size_t apposition_before(const std::vector<std::string>& words, std::size_t from,
                              std::size_t cue) {
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  const auto skip_auxiliaries = [&](std::size_t k) {
    while (k > from && one_of(words[k - 1], {"has", "have", "had", "was", "were", "is", "are",
                                              "will", "would", "also", "today", "then", "later"}))
      --k;
    return k;
  };
  std::size_t k = skip_auxiliaries(cue);
  // "..., has refused to deploy": the infinitive shares the main verb's subject.
  if (k > from + 2 && words[k - 1] == "to") k = skip_auxiliaries(k - 2);
  if (k <= from + 2 || words[k - 1] != ",") return kNone;
  for (std::size_t j = k - 2; j > from; --j) {
    if (words[j] == ",") {
      return one_of(words[j + 1], {"a", "an", "the", "who", "which", "whose"}) ? j : kNone;
    }
    if (one_of(words[j], {";", "and", "but", "said", "says"})) return kNone;
  }
  return kNone;
}

// Verbs whose first object receives the second ("give Tanzania a grant").
bool gives(std::string_view w) {
  return one_of(w, {"give", "gives", "gave", "given", "giving", "offer", "offers", "offered",
                    "offering", "send", "sends", "sent", "sending", "grant", "grants",
                    "granted", "promise", "promises", "promised", "lend", "lends", "lent",
                    "extend", "extends", "extended", "award", "awards", "awarded"});
}

Roles find_roles(const SentenceFacts& f, const Match& cue, const Cue& entry,
                 std::size_t previous_cue_end, const VerbSubject& verb) {
  Roles r;
  std::size_t from = clause_start(f.words, cue.first_token);
  // "They discussed the fighting in Sudan": a noun cue after a verb cue is that
  // verb's complement, not an act of the verb's subject.
  const std::string word_before = cue.first_token > 0 ? f.words[cue.first_token - 1] : "";
  const bool noun_like = entry.noun || one_of(word_before, {"the", "a", "an", "its", "their", "his", "her"});
  if (noun_like && previous_cue_end > from && previous_cue_end <= cue.first_token)
    from = previous_cue_end;
  const std::size_t to = clause_end(f.words, cue.last_token);
  if (is_passive(f, cue)) {
    r.subjects = right_group(f, entry, cue.last_token + 1, to);
    r.objects = left_group(f, from, cue.first_token);
    r.rule = "passive: subject after 'by'";
    return r;
  }
  r.subjects = left_group(f, from, cue.first_token);
  r.objects = right_group(f, entry, cue.last_token, to);
  r.rule = "subject before the cue, object after it";
  if (const std::size_t open =
          entry.noun ? static_cast<std::size_t>(-1) : apposition_before(f.words, from, cue.first_token);
      open != static_cast<std::size_t>(-1) &&
      (r.subjects.empty() || r.subjects.front()->first_token > open)) {
    // The apposition describes the party before it, which is the subject.
    std::vector<const Party*> described = left_group(f, from, open);
    if (!described.empty() && described.back()->last_token == open) {
      r.subjects = described;
      r.rule = "subject before an apposition";
    }
  }
  if (noun_like && r.subjects.size() == 1) {
    // "Finland will give Tanzania a grant": the party between a verb of giving and
    // the noun receives it; the giver stands before the verb.
    const Party& receiver = *r.subjects.front();
    std::size_t k = receiver.last_token;
    while (k < cue.first_token && one_of(f.words[k], {"a", "an", "the", "new", "fresh", "further"}))
      ++k;
    const std::size_t verb_at = receiver.first_token;
    if (k == cue.first_token && verb_at > from && gives(f.words[verb_at - 1])) {
      std::vector<const Party*> giver = left_group(f, from, verb_at - 1);
      if (!giver.empty()) {
        r.objects = r.subjects;
        r.subjects = giver;
        r.rule = "verb of giving: the party after it receives the noun";
      }
    }
  }
  if (r.subjects.empty() && from > 0 && f.words[from - 1] == "but" && !entry.noun) {
    // "Benin opened its borders ... but was still refusing admittance to Ghanaians":
    // a clause after "but" with no subject of its own has the sentence's subject.
    const Party* main_subject = first_acting_party(f, 0);
    if (main_subject && main_subject->last_token < from) {
      r.subjects = {main_subject};
      r.rule = "clause after 'but' without a subject: the sentence's subject";
    }
  }
  // "Erdogan spoke with Putin and urged him", "condemned Russia's war against
  // Ukraine and pledged to support Kyiv": the party before "and" was the first
  // verb's object; the second verb shares the first one's subject.
  if (!entry.noun && !verb.parties.empty() && !r.subjects.empty() &&
      r.subjects.front()->first_token >= verb.end &&
      joined_by_and(f.words, r.subjects.back()->last_token, cue.first_token)) {
    r.subjects = verb.parties;
    r.rule = "second verb joined by 'and': the first verb's subject";
  } else if (!entry.noun && !r.subjects.empty() && verb_phrase_after_and(f.words, cue.first_token)) {
    // "The US said it would halt aid to the rebels and would deny them visas": "and
    // would" joins verb phrases, so the cue has the clause's subject.
    const Party* main_subject = first_acting_party(f, from);
    std::vector<const Party*> shared = verb.parties;
    if (shared.empty() && main_subject) shared = {main_subject};
    if (!shared.empty() && shared.front() != r.subjects.front() &&
        shared.front()->first_token < r.subjects.front()->first_token) {
      r.subjects = shared;
      r.rule = "verb phrase after 'and' + auxiliary: the clause's subject";
    }
  }
  // "Ghana summoned Togo's envoy to lodge a protest": an infinitive of purpose
  // after a summons or a meeting has the first verb's subject, and the party
  // before "to" is its object.
  if (!entry.noun && word_before == "to" && !verb.parties.empty() && !r.subjects.empty() &&
      (verb.plover == "accuse" || verb.plover == "consult") &&
      r.subjects.front()->first_token >= verb.end &&
      r.subjects.back()->last_token + 1 == cue.first_token) {
    if (r.objects.empty()) r.objects = r.subjects;
    r.subjects = verb.parties;
    r.rule = "infinitive of purpose: the first verb's subject";
  }
  // "A Russian missile strike", "Cuban doctors": a demonym right before a noun cue
  // is its agent.
  // Crowds protest as their nationality: "Chilean students held demonstrations".
  const std::size_t reach = entry.plover == "protest" ? 3 : 0;
  if (r.subjects.empty() && (entry.noun || reach > 0)) {
    for (const Party& p : f.parties) {
      if (p.basis == PartyBasis::kSubjectMatter && p.preposition.empty() && !p.codes.empty() &&
          p.first_token >= from && p.last_token <= cue.first_token &&
          p.last_token + reach >= cue.first_token) {
        r.subjects = {&p};
        r.rule = "demonym before the noun cue is its agent";
      }
    }
  }
  // "Poland expelled 45 Russian diplomats, accusing them of spying": a participle
  // after a comma has the main clause's subject, and "them" is what came before.
  const std::string& word = f.words[cue.first_token];
  if (cue.first_token > 0 && f.words[cue.first_token - 1] == "," && word.size() > 4 &&
      word.compare(word.size() - 3, 3, "ing") == 0) {
    const Party* main_subject = first_acting_party(f, from);
    const std::vector<const Party*> before = r.subjects;  // the parties just before the comma
    if (main_subject && !before.empty() && before.front() != main_subject) {
      r.subjects = {main_subject};
      if (r.objects.empty() || r.objects.front()->basis == PartyBasis::kPronoun) r.objects = before;
      r.rule = "participle: the main clause's subject acts on what came before";
    }
  }
  // "Indian-occupied Kashmir", "Saudi-led strikes": the demonym glued to the
  // participle is its agent.
  for (const Party& p : f.parties) {
    if (p.basis == PartyBasis::kSubjectMatter && p.end + 1 == cue.begin && !p.codes.empty() &&
        f.sentence->text[p.end - f.sentence->begin] == '-') {
      r.subjects = {&p};
      // "the Israeli-occupied West Bank": the place named right after is the object.
      if (r.objects.empty() || r.objects.front()->first_token != cue.last_token) r.objects.clear();
      r.rule = "agent glued to the participle";
    }
  }
  return r;
}

std::vector<std::string> codes_of(const std::vector<const Party*>& group) {
  std::vector<std::string> codes;
  for (const Party* p : group) {
    for (const auto& c : p->codes) {
      if (std::find(codes.begin(), codes.end(), c) == codes.end()) codes.push_back(c);
    }
  }
  return codes;
}

// The words that named `code` in the group, or empty when context supplied it.
std::string text_of(const std::vector<const Party*>& group, const std::string& code) {
  for (const Party* p : group) {
    if (std::find(p->codes.begin(), p->codes.end(), code) != p->codes.end()) return p->text;
  }
  return {};
}

bool from_context(const std::vector<const Party*>& group) {
  return group.empty() || std::any_of(group.begin(), group.end(), [](const Party* p) {
           return p->basis == PartyBasis::kPronoun || p->basis == PartyBasis::kDescription;
         });
}

// Whether a verb that undoes a measure stands just before a sanction noun.
bool lifted(const std::vector<std::string>& words, std::size_t cue_first) {
  for (std::size_t k = 1; k <= 3 && k <= cue_first; ++k) {
    const std::string& w = words[cue_first - k];
    if (one_of(w, {"lift", "lifts", "lifted", "lifting", "ease", "eases", "eased", "easing",
                   "remove", "removes", "removed", "removing", "scrap", "scraps", "scrapped",
                   "waive", "waives", "waived", "relax", "relaxed", "relaxes", "drop",
                   "dropped", "drops", "end", "ended", "ends", "suspended", "suspends"}))
      return true;
  }
  return false;
}

// Where a verb that stops help stands shortly before an aid noun ("halted economic
// aid", "suspended part of a military aid programme"), or 0 when there is none.
std::size_t withheld(const std::vector<std::string>& words, std::size_t cue_first) {
  for (std::size_t k = 1; k <= 4 && k <= cue_first; ++k) {
    const std::string& w = words[cue_first - k];
    if (one_of(w, {"halt", "halts", "halted", "halting", "suspend", "suspends", "suspended",
                   "suspending", "cut", "cuts", "cutting", "freeze", "freezes", "froze",
                   "frozen", "freezing", "withhold", "withholds", "withheld", "stop", "stops",
                   "stopped", "cancel", "cancels", "cancelled", "canceled", "prohibit",
                   "prohibits", "prohibited", "ban", "bans", "banned", "end", "ends", "ended"}))
      return cue_first - k;
    if (one_of(w, {",", ";", "and", "but", "to"})) return 0;
  }
  return 0;
}

// Whether "unless" follows the cue in its clause: "will withdraw its troops unless
// ..." is an ultimatum.
bool ultimatum_after(const std::vector<std::string>& words, std::size_t cue_end) {
  for (std::size_t k = cue_end; k < words.size() && k < cue_end + 20; ++k) {
    if (words[k] == "unless") return true;
    if (one_of(words[k], {";", "but", "while", "."})) return false;
  }
  return false;
}

bool is_visit(const Cue& cue) { return cue.cameo.rfind("042", 0) == 0 || cue.cameo.rfind("043", 0) == 0; }

// What a cue is coded as once its modality is known; false: not coded as positive.
struct Coding {
  std::string relation;
  std::string cameo;
  double goldstein = 0;
  int quad = 0;
  bool negated = false;
};

Coding code_cue(const Cue& cue, Modality modality) {
  Coding c{cue.plover, cue.cameo, cue.goldstein, cue.quad(), false};
  switch (modality) {
    case Modality::kAsserted:
      break;
    case Modality::kNegated:
      c.negated = true;
      break;
    case Modality::kRefused:
      // CAMEO 12 (reject); 125: reject proposal to meet or negotiate.
      c = cue.plover == "consult" ? Coding{"reject", "125", -5.0, 3, false}
                                  : Coding{"reject", "120", -4.0, 3, false};
      break;
    case Modality::kHypothetical:
      // A conditional sanction or use of force is a threat (CAMEO 13); a
      // conditional cooperation is no event at all.
      if (cue.plover == "sanction" || cue.plover == "coerce") {
        c = Coding{"threaten", "130", -4.4, 3, false};
      } else if (cue.plover == "assault" || cue.plover == "mobilize") {
        c = Coding{"threaten", "138", -7.0, 3, false};
      } else if (cue.plover != "threaten") {
        c.negated = true;
      }
      break;
    case Modality::kCondition:
    case Modality::kRequested:
      c.negated = true;
      break;
    case Modality::kIntended:
      // A stated intention: to cooperate is agree (CAMEO 030), to punish a threat.
      if (cue.quad() <= 2 && cue.plover != "agree") {
        c = Coding{"agree", "030", 4.0, 1, false};
      } else if (cue.plover == "sanction" || cue.plover == "coerce") {
        c = Coding{"threaten", "130", -4.4, 3, false};
      } else if (cue.plover == "assault" || cue.plover == "mobilize") {
        c = Coding{"threaten", "138", -7.0, 3, false};
      }
      break;
  }
  return c;
}

// Whether a coded relation also holds the other way round. consult, cooperate and
// agree between two parties are symmetric (DESIGN.md); other relations only when
// the cue says so ("signed an agreement") and modality left its relation as is,
// so "Japan declined to cooperate with China" is not China rejecting Japan.
bool is_mirrored(const Coding& coding, const Cue& cue) {
  if (coding.relation == "consult" || coding.relation == "cooperate" ||
      coding.relation == "agree")
    return true;
  return cue.symmetric && coding.relation == cue.plover;
}

std::string topic_name(const Lexicon& lexicon, const std::string& code) {
  const Actor* a = lexicon.actor(code);
  std::string name = a ? a->name : code;
  std::string out;
  for (char ch : name) {
    if (ch == ' ' || ch == '-') {
      out += '_';
    } else if (ch >= 'A' && ch <= 'Z') {
      out += static_cast<char>(ch + 32);
    } else if (ch != '\'' && ch != '.' && ch != ',') {
      out += ch;
    }
  }
  return out;
}

ActorRef actor_ref(const Lexicon& lexicon, const std::string& code, const std::string& text) {
  ActorRef r;
  r.id = code;
  r.text = text;
  if (const Actor* a = lexicon.actor(code)) {
    r.name = a->name;
    r.type = to_string(a->type);
  }
  return r;
}

// The (subject, relation, object) triples a sentence has yielded: a handful, so a
// vector searched from the front beats a std::set's allocated node per triple.
using SeenTriples = std::vector<std::tuple<std::string, std::string, std::string>>;

// Whether the triple is new to the sentence; remembers it.
bool first_time(SeenTriples& seen, const std::string& subject, const std::string& relation,
                const std::string& object) {
  for (const auto& [s, r, o] : seen) {
    if (s == subject && r == relation && o == object) return false;
  }
  seen.emplace_back(subject, relation, object);
  return true;
}

class ArticleCoder {
 public:
  ArticleCoder(const Lexicon& lexicon, const Article& article, bool explain)
      : lexicon_(lexicon), article_(article), explain_(explain) {}

  CodedArticle run() {
    clean_ = clean_text(article_.text, article_.title, article_.source);
    sentences_ = split_sentences(clean_.text);
    published_ = parse_news_date(article_.date);
    // Few sentences yield more than two triples; reserving spares moving the triples
    // each time the vector would grow (capped: a huge article may still grow it).
    out_.triples.reserve(std::min<std::size_t>(2 * sentences_.size(), 1024));
    std::vector<SentenceFacts> facts(sentences_.size());
    for (std::size_t i = 0; i < sentences_.size(); ++i) {
      SentenceFacts& f = facts[i];
      f.sentence = &sentences_[i];
      f.words = coder::lowercase_words(clean_.text, sentences_[i]);
      f.matches = lexicon_.match(clean_.text, sentences_[i].tokens, article_.date);
      f.parties = coder::find_parties(clean_.text, sentences_[i], f.words, f.matches);
    }
    Discourse discourse(find_home(lexicon_, clean_.text, facts));
    coder::KnownNames names;
    for (auto& f : facts) {
      coder::add_known_names(clean_.text, *f.sentence, names, f.parties);
      coder::learn_names(clean_.text, *f.sentence, f.parties, names);
      // A named speaker ("..., said Qureshi") helps resolve "we"; a pronoun speaker
      // ("he said") is only known after resolution, hence the second look.
      f.speaker = find_speaker(f);
      discourse.resolve(f.parties, f.speaker, f.words);
      if (f.speaker.empty()) f.speaker = find_speaker(f);
      code_sentence(f, discourse);
      discourse.remember_sentence(f.parties, f.speaker);
    }
    return std::move(out_);
  }

 private:
  // Callers test explain_ first, so that without --explain no line is even built.
  void explain(const SentenceFacts& f, const std::string& line) {
    out_.explanations.push_back("s" + std::to_string(f.sentence->index) + " " + line);
  }

  std::vector<const Match*> cues_of(const SentenceFacts& f) const {
    std::vector<const Match*> cues;
    for (const Match& m : f.matches) {
      if (m.kind != MatchKind::kCue) continue;
      // A cue inside a party's name ("Shanghai Cooperation Organisation") is no cue.
      const bool in_name = std::any_of(f.parties.begin(), f.parties.end(), [&](const Party& p) {
        return p.basis != PartyBasis::kPronoun && m.begin >= p.begin && m.end <= p.end;
      });
      if (in_name) continue;
      // Overlapping cues: keep the longer (matches come sorted by begin).
      if (!cues.empty() && m.begin < cues.back()->end) {
        if (m.end - m.begin > cues.back()->end - cues.back()->begin) cues.back() = &m;
        continue;
      }
      cues.push_back(&m);
    }
    return cues;
  }

  // `parties`: the codes of the triple's parties, which are no topic (a few codes,
  // hence a vector).
  std::vector<std::string> topics_of(const SentenceFacts& f, const std::vector<std::string>& parties) {
    std::vector<std::string> topics;
    auto add = [&topics](std::string t) {
      if (std::find(topics.begin(), topics.end(), t) == topics.end()) topics.push_back(std::move(t));
    };
    for (const Match& m : f.matches) {
      if (m.kind == MatchKind::kTopic) add(m.code);
    }
    for (const Party& p : f.parties) {
      if (p.basis != PartyBasis::kSubjectMatter) continue;
      for (const auto& c : p.codes) {
        if (std::find(parties.begin(), parties.end(), c) == parties.end())
          add(topic_name(lexicon_, c));
      }
    }
    return topics;
  }

  void code_sentence(const SentenceFacts& f, Discourse& discourse) {
    SeenTriples seen;
    std::size_t previous_cue_end = 0;
    VerbSubject verb;
    int last_quad = 0;  // quad of the previous cue when it is a verb, else 0
    for (const Match* cue_match : cues_of(f)) {
      const Cue& cue = lexicon_.cues()[cue_match->entry];
      Roles roles = find_roles(f, *cue_match, cue, previous_cue_end, verb);
      const std::size_t previous_verb_end = previous_cue_end;
      const int previous_quad = last_quad;
      last_quad = cue.noun ? 0 : cue.quad();
      previous_cue_end = cue_match->last_token;
      // A cue with a verb lemma ("hold+ talks") has a subject the next verb can share.
      if (cue.pattern.find('+') != std::string::npos && !roles.subjects.empty() &&
          roles.rule.find("passive") == std::string::npos)
        verb = VerbSubject{roles.subjects, cue_match->last_token, cue.plover};
      if (roles.subjects.empty() && roles.objects.size() >= 2 && cue.symmetric &&
          roles.objects.front()->first_token > 0 &&
          f.words[roles.objects.front()->first_token - 1] == "between") {
        // "talks between Iranian officials and the IAEA".
        roles.subjects = roles.objects;
        roles.objects.clear();
        roles.rule = "parties named after 'between'";
      }
      if (is_visit(cue) && !roles.subjects.empty() &&
          std::all_of(roles.subjects.begin(), roles.subjects.end(),
                      [](const Party* p) { return p->group; })) {
        // "Cuban doctors arrived in Italy": people travelling are no state visit.
        if (explain_) explain(f, "cue '" + cue.pattern + "': dropped, a visit by people, not officials");
        continue;
      }
      std::vector<std::string> subjects = codes_of(roles.subjects);
      std::vector<std::string> objects = codes_of(roles.objects);
      if (subjects.size() == 1 && objects == subjects && roles.objects.size() == 1 &&
          roles.objects.front()->basis == PartyBasis::kPronoun) {
        // "Erdogan spoke with Putin and urged him": "him" is not the subject itself
        // but the other person of the sentence.
        for (const Party& p : f.parties) {
          if (p.person_like() && p.codes.size() == 1 && p.codes != subjects &&
              p.first_token < roles.objects.front()->first_token) {
            objects = p.codes;
            roles.rule += "; the object pronoun is the other person";
          }
        }
      }
      std::string rule = roles.rule;
      const std::vector<std::string> meeting = discourse.meeting();
      const bool symmetric = cue.symmetric || cue.plover == "consult";
      if (objects.empty() && is_visit(cue)) {
        // "Lavrov, who is in Islamabad on a two-day visit": the visit links the
        // visitor with the host country.
        for (const Party& p : f.parties) {
          if (p.basis == PartyBasis::kPlace && !p.codes.empty() &&
              std::find(subjects.begin(), subjects.end(), p.codes.front()) == subjects.end()) {
            objects = {p.codes.front()};
            rule += "; object: the host of the visit '" + p.text + "'";
            break;
          }
        }
      }
      const auto in_meeting = [&meeting](const std::string& c) {
        return std::find(meeting.begin(), meeting.end(), c) != meeting.end();
      };
      if (objects.empty() && subjects.size() >= 2 && symmetric) {
        rule += "; coordinated parties act together";
      } else if (objects.empty() && symmetric && cue.quad() <= 2 && meeting.size() >= 2) {
        // Only cooperation belongs to the meeting: "since the start of the war" in a
        // report of talks is no war between the two parties.
        if (subjects.empty()) {
          subjects = meeting;
          rule += "; the parties of the current meeting";
        } else if (subjects.size() == 1 && in_meeting(subjects.front())) {
          for (const auto& c : meeting) {
            if (c != subjects.front()) objects.push_back(c);
          }
          rule += "; object: the other parties of the current meeting";
        } else if (subjects.size() == 1 && cue.plover == "consult" &&
                   (roles.rule.rfind("passive", 0) == 0 || cue.cameo == "043" ||
                    cue.cameo == "045")) {
          // "Qin Gang hosted the talks", "Qatar mediated": the host meets each party.
          // "The talks were hosted by Iraq": a newcomer meets everyone at the meeting.
          objects = meeting;
          rule += "; object: everyone at the current meeting";
        }
      }
      if (objects.empty() && !subjects.empty() && cue.quad() == 3 && !cue.noun) {
        // "Kuleba condemned the strikes", "the strike was condemned by the EU and
        // Turkey": the verb answers the latest conflict event.
        const std::string adversary = discourse.adversary_of(subjects.front());
        if (!adversary.empty() && (subjects.size() == 1 || !in_meeting(adversary))) {
          objects = {adversary};
          rule += "; object: the party it answers in the article's latest conflict";
        }
      }
      if (objects.empty() && subjects.size() == 1 && cue.plover == "support" &&
          cue.pattern.find(" the ") != std::string::npos) {
        // "Lithuania welcomed the decision": the decision of the latest actor.
        const std::string actor = discourse.latest_actor_other_than(subjects.front());
        if (!actor.empty()) {
          objects = {actor};
          rule += "; object: who acted last in the article";
        }
      }
      if (objects.empty() && subjects.size() == 1 && cue.plover == "aid") {
        // "Greece also sent rescue teams" after aid to Turkey: the same recipient.
        const std::string recipient = discourse.latest_recipient(cue.plover);
        if (!recipient.empty() && recipient != subjects.front()) {
          objects = {recipient};
          rule += "; object: the recipient of the article's latest aid";
        }
      }
      if (objects.empty() && cue.quad() == 4 && subjects.size() == 1 && !f.speaker.empty() &&
          subjects.front() != f.speaker) {
        // Reported conflict: "Qureshi said Lavrov was apprised of the situation in
        // Indian-occupied Kashmir" is Pakistan accusing India (CAMEO 112), not an
        // assault the article witnessed.
        Coding accuse{"accuse", "112", -2.0, 3, false};
        const std::string agent = subjects.front();
        const std::vector<std::string> party_codes{f.speaker, agent};
        const Roles reported{{}, roles.subjects, "reported conflict: the speaker accuses the agent"};
        emit(f, f.speaker, agent, accuse, false, topics_of(f, party_codes), false, reported, seen,
             reported.rule);
        continue;
      }
      const std::size_t object_at = roles.objects.empty() ? 0 : roles.objects.front()->first_token;
      const bool object_follows_verb =
          !cue.noun && (object_at == cue_match->last_token ||
                        (object_at == cue_match->last_token + 1 && f.words[object_at - 1] == "the"));
      if (symmetric && subjects.size() >= 2 && !roles.objects.empty() && object_at > 0 &&
          f.words[object_at - 1] != "with" && !object_follows_verb) {
        // "Duda and Nauseda met Zelensky" keeps its object.
        // "Brazil and China would work together to bring peace to Ukraine".
        objects.clear();
        rule += "; coordinated parties act together, the rest is subject matter";
      }
      std::vector<std::pair<std::string, std::string>> dyads;
      if (!objects.empty()) {
        for (const auto& s : subjects) {
          for (const auto& o : objects) dyads.emplace_back(s, o);
        }
      } else if (subjects.size() >= 2 && symmetric) {
        for (std::size_t a = 0; a < subjects.size(); ++a) {
          for (std::size_t b = a + 1; b < subjects.size(); ++b)
            dyads.emplace_back(subjects[a], subjects[b]);
        }
      }
      if (symmetric && !subjects.empty() && objects.size() >= 2 && !roles.objects.empty() &&
          roles.objects.front()->first_token > 0 &&
          f.words[roles.objects.front()->first_token - 1] == "between" &&
          cue.cameo.rfind("045", 0) != 0) {
        // "Qatar hosted talks between Iran and Saudi Arabia": the host meets each, and
        // the talks are between the two. A mediation (CAMEO 045) is not.
        for (std::size_t a = 0; a < objects.size(); ++a) {
          for (std::size_t b = a + 1; b < objects.size(); ++b)
            dyads.emplace_back(objects[a], objects[b]);
        }
        rule += "; the parties after 'between' with each other";
      }
      if (dyads.empty()) {
        if (explain_) explain(f, "cue '" + std::string(clean_.text.substr(cue_match->begin,
                                                             cue_match->end - cue_match->begin)) +
                       "' " + cue.plover + ": dropped, no two parties");
        continue;
      }
      if (cue.noun && cue.quad() == 4 && previous_quad == 3 &&
          cue_match->first_token <= previous_verb_end + 3) {
        // "condemned Russia's war against Ukraine": what is condemned is the
        // accusation's content, coded as the accusation only.
        if (explain_) explain(f, "cue '" + cue.pattern + "': dropped, the content of an accusation");
        continue;
      }
      const Modality modality = coder::classify_modality(f.words, cue_match->first_token);
      Coding coding = code_cue(cue, modality);
      const std::size_t stop_verb =
          cue.plover == "aid" && cue.noun ? withheld(f.words, cue_match->first_token) : 0;
      if (stop_verb > 0) {
        // "halted economic aid": CAMEO 162 reduce or stop aid.
        Cue stop_aid;
        stop_aid.plover = "sanction";
        stop_aid.cameo = "162";
        stop_aid.goldstein = -5.6;
        stop_aid.noun = true;
        // The stopping verb is no negation of the sanction; what stands before it is.
        coding = code_cue(stop_aid, coder::classify_modality(f.words, stop_verb));
        rule += "; aid withheld";
      }
      if (!coding.negated && coding.relation != "threaten" &&
          one_of(cue.plover, {"retreat", "sanction", "coerce", "assault", "mobilize"}) &&
          ultimatum_after(f.words, cue_match->last_token)) {
        // "will pull its force out of Chad unless ...": CAMEO 130, an ultimatum.
        coding = Coding{"threaten", "130", -4.4, 3, false};
        rule += "; ultimatum ('unless')";
      }
      if (cue.plover == "sanction" && cue.noun && lifted(f.words, cue_match->first_token)) {
        // "lifted the punitive tariffs": CAMEO 085 ease economic sanctions.
        coding = Coding{"retreat", "085", 7.0, 2, coding.negated};
        rule += "; lifted";
      }
      std::vector<std::string> party_codes = subjects;
      party_codes.insert(party_codes.end(), objects.begin(), objects.end());
      const std::vector<std::string> topics = topics_of(f, party_codes);
      const bool context = from_context(roles.subjects) || from_context(roles.objects);
      for (const auto& [s, o] : dyads) {
        if (s == o) {
          if (explain_) explain(f, cue.plover + " " + s + "-" + o + ": dropped, self-relation");
          continue;
        }
        emit(f, s, o, coding, is_mirrored(coding, cue), topics, context, roles, seen, rule);
        if (coding.relation == "consult" && !coding.negated)
          discourse.remember_meeting({s, o}, f.sentence->index);
        if (coding.quad >= 3 && !coding.negated) discourse.remember_conflict(s, o);
        if (!coding.negated) discourse.remember_event(s, coding.relation, o);
      }
    }
    code_must(f, seen);
  }

  // "Beijing said Washington must first lift the sanctions": the speaker demands
  // (CAMEO 100) what the party before "must" is to do.
  void code_must(const SentenceFacts& f, SeenTriples& seen) {
    for (std::size_t m = 1; m < f.words.size(); ++m) {
      if (f.words[m] != "must") continue;
      const Party* addressee = nullptr;
      const Party* speaker = nullptr;
      for (const Party& p : f.parties) {
        if (!p.acts() || p.codes.size() != 1) continue;
        if (p.last_token == m || (p.last_token + 1 == m && f.words[m - 1] == "first")) addressee = &p;
      }
      if (!addressee) continue;
      for (const Party& p : f.parties) {
        if (!p.acts() || p.codes.size() != 1 || p.first_token >= addressee->first_token) continue;
        bool reported = false;
        for (std::size_t k = p.last_token; k < addressee->first_token; ++k) {
          reported = reported || one_of(f.words[k], {"said", "says", "told", "declared", "insisted",
                                                     "reiterated", "stressed", "warned", "demanded",
                                                     "reminded", "added", "that"});
        }
        if (reported) {
          speaker = &p;
          break;
        }
      }
      if (!speaker || speaker->codes.front() == addressee->codes.front()) continue;
      const Coding demand{"request", "100", -5.0, 3, false};
      const Roles roles{{speaker}, {addressee}, "the speaker says the other party must act"};
      const std::vector<std::string> party_codes{speaker->codes.front(), addressee->codes.front()};
      emit(f, speaker->codes.front(), addressee->codes.front(), demand, false,
           topics_of(f, party_codes), false, roles, seen, roles.rule);
    }
  }

  void emit(const SentenceFacts& f, const std::string& s, const std::string& o,
            const Coding& coding, bool both_ways, const std::vector<std::string>& topics,
            bool context, const Roles& roles,
            SeenTriples& seen,
            const std::string& rule) {
    auto one = [&](const std::string& subj, const std::string& obj, const std::string& subj_text,
                   const std::string& obj_text) {
      if (!first_time(seen, subj, coding.relation, obj)) return;
      // Built in place: moving a Triple (a dozen strings) costs as much as filling it.
      Triple& t = out_.triples.emplace_back();
      t.doc = article_.id;
      t.sentence = f.sentence->index;
      t.date = event_date(f);
      t.subject = actor_ref(lexicon_, subj, subj_text);
      t.relation = coding.relation;
      t.cameo = coding.cameo;
      t.quad = coding.quad;
      t.goldstein = coding.goldstein;
      t.object = actor_ref(lexicon_, obj, obj_text);
      t.topics = topics;
      t.negated = coding.negated;
      t.confidence = context ? 0.6 : 0.9;
      t.evidence = f.sentence->text;
      t.span_begin = clean_.map.to_raw(f.sentence->begin);
      t.span_end = clean_.map.to_raw(f.sentence->end);
      if (explain_) explain(f, t.subject.id + " " + t.relation + (t.negated ? " (negated)" : "") + " " +
                     t.object.id + " [" + rule + "]");
    };
    std::vector<const Party*> named = roles.subjects;
    named.insert(named.end(), roles.objects.begin(), roles.objects.end());
    const std::string s_text = text_of(named, s);
    const std::string o_text = text_of(named, o);
    one(s, o, s_text, o_text);
    if (both_ways) one(o, s, o_text, s_text);
  }

  // The event date of a sentence, resolved once per sentence.
  const std::string& event_date(const SentenceFacts& f) {
    if (date_sentence_ != f.sentence) {
      date_sentence_ = f.sentence;
      date_.clear();
      if (published_) {
        auto d = coder::resolve_event_date(f.sentence->text, *published_);
        date_ = to_iso(d ? *d : *published_);
      }
    }
    return date_;
  }

  const Lexicon& lexicon_;
  const Article& article_;
  bool explain_;
  CleanedText clean_;
  std::vector<Sentence> sentences_;
  std::optional<CalendarDate> published_;
  const Sentence* date_sentence_ = nullptr;
  std::string date_;
  CodedArticle out_;
};

}  // namespace

CodedArticle RelationCoder::code(const Article& article, bool explain) const {
  return ArticleCoder(lexicon_, article, explain).run();
}

}  // namespace dipgraph
