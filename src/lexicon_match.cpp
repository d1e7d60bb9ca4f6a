// The lexicon automaton: a trie over normalised word ids holding every phrase of
// every kind, walked once from each unit of a sentence; longest match first in
// each layer; context rules checked at the terminal so a rejected reading lets a
// shorter one through.
#include <algorithm>

#include "dipgraph/text_cleaner.h"
#include "lexicon_impl.h"

namespace dipgraph {
namespace {

using lexicon_detail::CompiledRule;
using lexicon_detail::EntryRef;
using lexicon_detail::kNoNode;
using lexicon_detail::kNoWord;
using lexicon_detail::Layer;
using lexicon_detail::Node;
using lexicon_detail::Unit;

constexpr std::size_t kNearWords = 5;  // the window of not_near/needs_near (README)
constexpr std::size_t kMaxInflections = 64;

Layer layer_of(MatchKind kind) {
  switch (kind) {
    case MatchKind::kCue: return Layer::kCue;
    case MatchKind::kTopic: return Layer::kTopic;
    default: return Layer::kEntity;
  }
}

std::uint64_t cased_id(MatchKind kind, std::uint32_t index) {
  return (std::uint64_t{static_cast<std::uint8_t>(kind)} << 32) | index;
}

// The unit keys of a phrase; a leading "the" is dropped where asked ("the Kremlin").
std::vector<std::string> phrase_units(std::string_view phrase, bool keep_case, bool strip_the) {
  std::vector<std::string> keys;
  std::string scratch;
  for (const Token& t : tokenize(phrase, 0, phrase.size())) {
    lexicon_detail::for_each_unit(phrase, t.begin, t.end, keep_case, scratch,
                                  [&keys](std::size_t, std::size_t, std::string_view key, bool) {
                                    keys.emplace_back(key);
                                  });
  }
  if (strip_the && keys.size() > 1 && (keys[0] == "the" || keys[0] == "The" || keys[0] == "THE")) {
    keys.erase(keys.begin());
  }
  return keys;
}

std::string join(const std::vector<std::string>& keys) {
  std::string out;
  for (const auto& k : keys) {
    if (!out.empty()) out.push_back(' ');
    out += k;
  }
  return out;
}

bool ends_with(std::string_view s, std::string_view suffix) { return s.ends_with(suffix); }

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// Regular English inflections (data/lexicon/verbs.tsv lists the exceptions).
std::vector<std::string> regular_forms(const std::string& lemma) {
  const bool consonant_y = lemma.size() > 1 && lemma.back() == 'y' && !is_vowel(lemma[lemma.size() - 2]);
  std::string stem_y = consonant_y ? lemma.substr(0, lemma.size() - 1) : lemma;
  std::string third = consonant_y ? stem_y + "ies"
                      : (ends_with(lemma, "s") || ends_with(lemma, "x") || ends_with(lemma, "z") ||
                         ends_with(lemma, "ch") || ends_with(lemma, "sh"))
                          ? lemma + "es"
                          : lemma + "s";
  std::string past = consonant_y ? stem_y + "ied" : ends_with(lemma, "e") ? lemma + "d" : lemma + "ed";
  std::string gerund = ends_with(lemma, "ie")   ? lemma.substr(0, lemma.size() - 2) + "ying"
                       : ends_with(lemma, "ee") ? lemma + "ing"
                       : ends_with(lemma, "e") && lemma.size() > 2
                           ? lemma.substr(0, lemma.size() - 1) + "ing"
                           : lemma + "ing";
  return {third, past, past, gerund};
}

}  // namespace

// --------------------------------------------------------------------------- build

void Lexicon::Impl::build(const Reporter& report) {
  vocab = {};
  edges.clear();
  nodes.assign(1, Node{});
  refs.clear();
  rule_refs.clear();
  compiled.clear();
  place_rules.clear();
  cased_keys.clear();
  people_by_name.clear();
  names_by_key.clear();
  suggestions.clear();
  phrases = 0;
  auto suggest = [this](const std::string& shown) {
    suggestions.emplace_back(lexicon_detail::lookup_key(shown), shown);
  };
  for (const Actor& a : actors) {
    suggest(a.code);
    suggest(a.name);
  }
  for (const ActorName& n : names) suggest(n.phrase);
  for (const Person& p : people) {
    for (const auto& name : p.names) suggest(name);
  }

  std::vector<std::pair<std::uint32_t, EntryRef>> pending;
  auto add_path = [&](const std::vector<std::string>& keys) {
    std::uint32_t node = 0;
    for (const auto& k : keys) {
      std::uint32_t word = vocab.intern(k);
      std::uint32_t child = edges.find(node, word);
      if (child == kNoNode) {
        child = static_cast<std::uint32_t>(nodes.size());
        nodes.push_back(Node{});
        edges.insert(node, word, child);
      }
      node = child;
    }
    return node;
  };
  auto add = [&](std::string_view phrase, MatchKind kind, std::uint32_t index, bool match_case,
                 bool strip_the) {
    if (!match_index) return;
    auto keys = phrase_units(phrase, false, strip_the);
    if (keys.empty()) return;
    pending.emplace_back(add_path(keys), EntryRef{kind, match_case, index});
    ++phrases;
    if (match_case) cased_keys[cased_id(kind, index)] = join(phrase_units(phrase, true, strip_the));
  };

  for (std::uint32_t i = 0; i < names.size(); ++i) {
    add(names[i].phrase, MatchKind::kActor, i, names[i].match_case, true);
    // A user typing "us" means the US: case-free lookups, a case-free entry first.
    auto [it, inserted] = names_by_key.try_emplace(lexicon_detail::lookup_key(names[i].phrase), i);
    if (!inserted && names[it->second].match_case && !names[i].match_case) it->second = i;
  }
  for (std::uint32_t i = 0; i < offices.size(); ++i) {
    add(offices[i].phrase, MatchKind::kOffice, i, offices[i].match_case, true);
  }
  for (std::uint32_t i = 0; i < people.size(); ++i) {
    for (const auto& name : people[i].names) {
      add(name, MatchKind::kPerson, i, false, false);
      auto& list = people_by_name[join(phrase_units(name, false, false))];
      if (list.empty() || list.back() != i) list.push_back(i);
    }
  }
  for (std::uint32_t i = 0; i < cues.size(); ++i) {
    // Every combination of the inflections of the `+` lemmas.
    std::vector<std::string> variants = {""};
    std::string_view pattern = cues[i].pattern;
    std::size_t at = 0;
    while (at < pattern.size()) {
      std::size_t space = pattern.find(' ', at);
      std::string_view word = pattern.substr(at, space == pattern.npos ? pattern.npos : space - at);
      at = space == pattern.npos ? pattern.size() : space + 1;
      if (word.empty()) continue;
      std::vector<std::string> forms;
      if (word.back() == '+') {
        std::string lemma(word.substr(0, word.size() - 1));
        forms.push_back(lemma);
        auto it = verbs.find(lexicon_detail::fold_phrase(lemma));
        auto more = it != verbs.end() ? it->second : regular_forms(lemma);
        forms.insert(forms.end(), more.begin(), more.end());
      } else {
        forms.emplace_back(word);
      }
      std::vector<std::string> next;
      for (const auto& v : variants) {
        for (const auto& f : forms) {
          if (next.size() < kMaxInflections) next.push_back(v.empty() ? f : v + ' ' + f);
        }
      }
      variants.swap(next);
    }
    std::sort(variants.begin(), variants.end());
    variants.erase(std::unique(variants.begin(), variants.end()), variants.end());
    for (const auto& v : variants) add(v, MatchKind::kCue, i, false, false);
  }
  for (std::uint32_t i = 0; i < topics.size(); ++i) {
    add(topics[i].phrase, MatchKind::kTopic, i, topics[i].match_case, false);
  }

  // Group the entries of each node into one contiguous run.
  std::sort(pending.begin(), pending.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first, a.second.kind, a.second.index) <
           std::tie(b.first, b.second.kind, b.second.index);
  });
  pending.erase(std::unique(pending.begin(), pending.end(),
                            [](const auto& a, const auto& b) {
                              return a.first == b.first && a.second.kind == b.second.kind &&
                                     a.second.index == b.second.index;
                            }),
                pending.end());
  for (const auto& [node, ref] : pending) {
    Node& n = nodes[node];
    if (n.refs_count == 0) n.refs_begin = static_cast<std::uint32_t>(refs.size());
    ++n.refs_count;
    n.layers |= static_cast<std::uint8_t>(1u << static_cast<int>(layer_of(ref.kind)));
    refs.push_back(ref);
  }

  // Context rules, attached to the node of their phrase.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> rule_nodes;
  for (std::uint32_t r = 0; r < rules.size(); ++r) {
    const ContextRule& rule = rules[r];
    CompiledRule c{rule.rule, {}, r};
    for (const auto& w : rule.words) {
      std::vector<std::uint32_t> ids;
      for (const auto& k : phrase_units(w, false, false)) ids.push_back(vocab.intern(k));
      if (!ids.empty()) c.words.push_back(std::move(ids));
    }
    const auto id = static_cast<std::uint32_t>(compiled.size());
    compiled.push_back(std::move(c));
    if (rule.phrase == "*") {
      place_rules.push_back(id);
      continue;
    }
    std::uint32_t node = 0;
    for (const auto& k : phrase_units(rule.phrase, false, true)) {
      std::uint32_t word = vocab.find(k);
      node = word == kNoWord || node == kNoNode ? kNoNode : edges.find(node, word);
      if (node == kNoNode) break;
    }
    bool has_actor = false;
    if (node != kNoNode) {
      const Node& n = nodes[node];
      for (std::uint32_t k = 0; k < n.refs_count; ++k) {
        has_actor |= refs[n.refs_begin + k].kind == MatchKind::kActor;
      }
    }
    if (!has_actor) {
      if (report) {
        report(Diagnostic{Severity::kWarning, rule.source.file, rule.source.line, 1,
                          "context rule for '" + rule.phrase + "', which is not a phrase of any names file",
                          {}});
      }
      continue;
    }
    rule_nodes.emplace_back(node, id);
  }
  std::sort(rule_nodes.begin(), rule_nodes.end());
  for (const auto& [node, id] : rule_nodes) {
    Node& n = nodes[node];
    if (n.rules_count == 0) n.rules_begin = static_cast<std::uint32_t>(rule_refs.size());
    ++n.rules_count;
    rule_refs.push_back(id);
  }
}

// --------------------------------------------------------------------------- match

namespace {

// One sentence being matched.
class Matcher {
 public:
  Matcher(const Lexicon::Impl& lex, std::string_view text, std::span<const Token> tokens,
          std::string_view date)
      : lex_(lex), text_(text), date_(date) {
    units_.reserve(tokens.size() + tokens.size() / 4);
    std::string scratch;
    for (std::size_t k = 0; k < tokens.size(); ++k) {
      const Token& t = tokens[k];
      if (t.begin >= t.end || t.end > text.size()) continue;
      if (glued_hyphen(tokens, k)) continue;
      lexicon_detail::for_each_unit(
          text, t.begin, t.end, false, scratch,
          [&](std::size_t b, std::size_t e, std::string_view key, bool is_word) {
            units_.push_back(Unit{static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(b),
                                  static_cast<std::uint32_t>(e), lex_.vocab.find(key), is_word});
          });
    }
  }

  // A count: digits ("15", "$3", "2.5"), or a number word ("seven", "billion").
  bool is_number(const Unit& u) const {
    const std::string_view w = text_.substr(u.begin, u.end - u.begin);
    if (w.empty()) return false;
    if ((w.front() >= '0' && w.front() <= '9') || w.front() == '$') return true;
    static constexpr std::string_view kWords[] = {
        "two",     "three",    "four",      "five",     "six",       "seven",   "eight",
        "nine",    "ten",      "eleven",    "twelve",   "fifteen",   "twenty",  "dozen",
        "dozens",  "hundreds", "thousands", "million",  "billion",   "trillion", "several"};
    if (w.size() < 3 || w.size() > 9) return false;
    char first = w.front();
    if (first >= 'A' && first <= 'Z') first = static_cast<char>(first + 32);
    // Only these letters start a number word: most words are turned away before
    // the loop (this runs wherever a phrase of the lexicon stops matching).
    if (first < 'a' || first > 'z') return false;
    constexpr std::uint32_t kFirstLetters = (1u << ('t' - 'a')) | (1u << ('f' - 'a')) |
                                            (1u << ('s' - 'a')) | (1u << ('e' - 'a')) |
                                            (1u << ('n' - 'a')) | (1u << ('d' - 'a')) |
                                            (1u << ('h' - 'a')) | (1u << ('m' - 'a')) |
                                            (1u << ('b' - 'a'));
    if ((kFirstLetters & (1u << (first - 'a'))) == 0) return false;
    for (std::string_view k : kWords) {
      if (k.front() != first || k.size() != w.size()) continue;
      bool same = true;
      for (std::size_t c = 0; c < k.size() && same; ++c) {
        char ch = w[c];
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch + 32);
        same = ch == k[c];
      }
      if (same) return true;
    }
    return false;
  }

  // A hyphen token written against the words on both sides ("Guinea‐Bissau" with
  // U+2010, which the tokenizer splits off) joins them like "-" inside a word.
  bool glued_hyphen(std::span<const Token> tokens, std::size_t k) const {
    const Token& t = tokens[k];
    if (k == 0 || k + 1 >= tokens.size()) return false;
    if (tokens[k - 1].end != t.begin || tokens[k + 1].begin != t.end) return false;
    char32_t cp = 0;
    std::size_t n = lexicon_detail::code_point_at(text_, t.begin, cp);
    return t.begin + n == t.end && lexicon_detail::is_hyphen_cp(cp);
  }

  std::vector<Match> run() {
    struct Candidate {
      std::size_t begin, end;
      std::uint32_t node;
    };
    const std::size_t n = units_.size();
    // Each layer has at most one candidate per starting unit: one buffer of n per
    // layer, allocated once, rather than three vectors that grow (this runs for
    // every sentence).
    std::vector<Candidate> best(lexicon_detail::kLayers * n);
    std::size_t best_count[lexicon_detail::kLayers] = {};
    for (std::size_t i = 0; i < n; ++i) {
      if (units_[i].word == kNoWord) continue;
      std::uint32_t node = 0;
      Candidate found[lexicon_detail::kLayers] = {};
      bool any[lexicon_detail::kLayers] = {};
      for (std::size_t j = i; j < n; ++j) {
        const std::uint32_t next =
            units_[j].word == kNoWord ? kNoNode : lex_.edges.find(node, units_[j].word);
        if (next == kNoNode) {
          // "signed 15 agreements", "approved a $3 billion loan": a number inside a
          // phrase is skipped, so the phrase need not list every count.
          if (j > i && j + 1 < n && is_number(units_[j])) continue;
          break;
        }
        node = next;
        const Node& nd = lex_.nodes[node];
        if (nd.layers == 0) continue;
        for (int layer = 0; layer < lexicon_detail::kLayers; ++layer) {
          if ((nd.layers & (1u << layer)) && valid_in_layer(nd, static_cast<Layer>(layer), i, j + 1)) {
            found[layer] = Candidate{i, j + 1, node};
            any[layer] = true;
          }
        }
      }
      for (int layer = 0; layer < lexicon_detail::kLayers; ++layer) {
        if (any[layer]) best[layer * n + best_count[layer]++] = found[layer];
      }
    }
    std::vector<Match> out;
    std::size_t candidates = 0;
    for (std::size_t c : best_count) candidates += c;
    out.reserve(candidates);  // most candidates give one match
    std::vector<std::pair<std::size_t, std::size_t>> names;  // unit spans of entity matches
    names.reserve(best_count[static_cast<int>(Layer::kEntity)]);
    for (int layer = 0; layer < lexicon_detail::kLayers; ++layer) {
      std::size_t cursor = 0;
      std::size_t name = 0;
      for (std::size_t k = 0; k < best_count[layer]; ++k) {
        const Candidate& c = best[layer * n + k];
        if (c.begin < cursor) continue;  // leftmost, then longest
        cursor = c.end;
        if (layer == static_cast<int>(Layer::kEntity)) {
          names.emplace_back(c.begin, c.end);
        } else {
          // A cue or topic word inside a longer name is part of the name
          // ("Security" in "UN Security Council").
          while (name < names.size() && names[name].second <= c.begin) ++name;
          if (name < names.size() && names[name].first <= c.begin && c.end <= names[name].second &&
              c.end - c.begin < names[name].second - names[name].first) {
            continue;
          }
        }
        emit(c.node, static_cast<Layer>(layer), c.begin, c.end, out);
      }
    }
    std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
      return std::tie(a.begin, a.kind, a.end, a.entry) < std::tie(b.begin, b.kind, b.end, b.entry);
    });
    return out;
  }

 private:
  bool valid_in_layer(const Node& nd, Layer layer, std::size_t i, std::size_t j) {
    for (std::uint32_t k = 0; k < nd.refs_count; ++k) {
      const EntryRef& ref = lex_.refs[nd.refs_begin + k];
      if (layer_of(ref.kind) == layer && valid(nd, ref, i, j)) return true;
    }
    return false;
  }

  bool valid(const Node& nd, const EntryRef& ref, std::size_t i, std::size_t j) {
    if (ref.match_case) {
      auto it = lex_.cased_keys.find(cased_id(ref.kind, ref.index));
      if (it != lex_.cased_keys.end() && cased(i, j) != it->second) return false;
    }
    if (ref.kind != MatchKind::kActor || nd.rules_count == 0) return true;
    for (std::uint32_t k = 0; k < nd.rules_count; ++k) {
      if (!rule_allows(lex_.compiled[lex_.rule_refs[nd.rules_begin + k]], i, j)) return false;
    }
    return true;
  }

  // The units [i, j) folded with case kept, joined by spaces.
  std::string cased(std::size_t i, std::size_t j) {
    std::string out;
    std::string scratch;
    for (std::size_t k = i; k < j; ++k) {
      lexicon_detail::for_each_unit(text_, units_[k].begin, units_[k].end, true, scratch,
                                    [&out](std::size_t, std::size_t, std::string_view key, bool) {
                                      if (!out.empty()) out.push_back(' ');
                                      out.append(key);
                                    });
    }
    return out;
  }

  bool sequence_at(std::size_t p, const std::vector<std::uint32_t>& seq) const {
    if (p + seq.size() > units_.size()) return false;
    for (std::size_t k = 0; k < seq.size(); ++k) {
      if (units_[p + k].word != seq[k]) return false;
    }
    return true;
  }

  bool any_at(std::size_t p, const CompiledRule& r) const {
    for (const auto& seq : r.words) {
      if (sequence_at(p, seq)) return true;
    }
    return false;
  }

  bool any_ending_at(std::size_t i, const CompiledRule& r) const {
    for (const auto& seq : r.words) {
      if (seq.size() <= i && sequence_at(i - seq.size(), seq)) return true;
    }
    return false;
  }

  bool any_near(std::size_t i, std::size_t j, const CompiledRule& r) const {
    std::size_t lo = i;
    for (std::size_t words = 0; lo > 0 && words < kNearWords;) {
      --lo;
      if (units_[lo].is_word) ++words;
    }
    std::size_t hi = j;
    for (std::size_t words = 0; hi < units_.size() && words < kNearWords; ++hi) {
      if (units_[hi].is_word) ++words;
    }
    for (std::size_t p = lo; p < hi; ++p) {
      if (p == i) p = j;
      if (p >= hi) break;
      if (any_at(p, r)) return true;
    }
    return false;
  }

  bool rule_allows(const CompiledRule& r, std::size_t i, std::size_t j) const {
    switch (r.rule) {
      case ContextRuleKind::kNotBefore: return !any_at(j, r);
      case ContextRuleKind::kNotAfter: return !any_ending_at(i, r);
      case ContextRuleKind::kNotNear: return !any_near(i, j, r);
      case ContextRuleKind::kNeedsNear: return any_near(i, j, r);
      case ContextRuleKind::kNeedsCase:
        return lexicon_detail::starts_upper(text_, units_[i].begin, units_[i].end);
      case ContextRuleKind::kPlaceAfter: return true;
    }
    return true;
  }

  bool is_place(std::size_t i) const {
    for (std::uint32_t id : lex_.place_rules) {
      if (any_ending_at(i, lex_.compiled[id])) return true;
    }
    return false;
  }

  Match base(MatchKind kind, std::size_t i, std::size_t j) const {
    Match m;
    m.kind = kind;
    m.first_token = units_[i].token;
    m.last_token = units_[j - 1].token + 1;
    m.begin = units_[i].begin;
    m.end = units_[j - 1].end;
    return m;
  }

  void emit(std::uint32_t node, Layer layer, std::size_t i, std::size_t j, std::vector<Match>& out) {
    const Node& nd = lex_.nodes[node];
    std::uint32_t chosen_person = kNoNode;
    for (std::uint32_t k = 0; k < nd.refs_count; ++k) {
      const EntryRef& ref = lex_.refs[nd.refs_begin + k];
      if (layer_of(ref.kind) != layer || !valid(nd, ref, i, j)) continue;
      Match m = base(ref.kind, i, j);
      m.entry = ref.index;
      switch (ref.kind) {
        case MatchKind::kActor: {
          const ActorName& name = lex_.names[ref.index];
          m.code = name.code;
          m.name_kind = name.kind;
          m.place = name.kind == NameKind::kPlace ||
                    ((name.kind == NameKind::kCapital || name.kind == NameKind::kMetonym) &&
                     is_place(i));
          break;
        }
        case MatchKind::kPerson:
          if (chosen_person == kNoNode || better_term(ref.index, chosen_person)) {
            chosen_person = ref.index;
          }
          continue;  // one match for all the terms, below
        case MatchKind::kOffice: m.code = lex_.offices[ref.index].office; break;
        case MatchKind::kCue: m.code = lex_.cues[ref.index].plover; break;
        case MatchKind::kTopic: m.code = lex_.topics[ref.index].topic; break;
      }
      out.push_back(std::move(m));
    }
    if (chosen_person != kNoNode) {
      Match m = base(MatchKind::kPerson, i, j);
      m.entry = chosen_person;
      m.code = lex_.people[chosen_person].code;
      out.push_back(std::move(m));
    }
  }

  // Whether term `a` fits the date better than term `b`: covering beats not
  // covering, then the later start wins.
  bool better_term(std::uint32_t a, std::uint32_t b) const {
    const Person& pa = lex_.people[a];
    const Person& pb = lex_.people[b];
    bool ca = !date_.empty() && pa.covers(date_);
    bool cb = !date_.empty() && pb.covers(date_);
    if (ca != cb) return ca;
    return lexicon_detail::date_key(pa.from, false) > lexicon_detail::date_key(pb.from, false);
  }

  const Lexicon::Impl& lex_;
  std::string_view text_;
  std::string_view date_;
  std::vector<Unit> units_;
};

}  // namespace

std::vector<Match> Lexicon::match(std::string_view text, std::span<const Token> tokens,
                                  std::string_view date) const {
  return Matcher(*impl_, text, tokens, date).run();
}

std::vector<Match> Lexicon::match_text(std::string_view text, std::string_view date) const {
  std::vector<Token> tokens = tokenize(text, 0, text.size());
  return match(text, tokens, date);
}

}  // namespace dipgraph
