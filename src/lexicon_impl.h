// Internals of the lexicon shared by its source files (private to the library):
// text normalisation into match units, the word vocabulary, the token trie and
// the tables behind Lexicon.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dipgraph/lexicon.h"
#include "lexicon_normalize.h"

namespace dipgraph::lexicon_detail {

constexpr std::uint32_t kNoNode = 0xFFFFFFFFu;

// A date (YYYY, YYYY-MM or YYYY-MM-DD) as the earliest ("-00" padding) or latest
// ("-99") day it can mean, so that string comparison orders partial dates.
std::string date_key(std::string_view date, bool latest);

// A phrase as a user may type it, for lookups: folded, lower case, without a
// leading "the".
std::string lookup_key(std::string_view phrase);

// --------------------------------------------------------------------------- vocabulary
// Open addressing from folded word to id; the hot path of matching.
class Vocabulary {
 public:
  std::uint32_t find(std::string_view key) const;
  std::uint32_t intern(std::string_view key);
  std::size_t size() const { return words_.size(); }
  std::string_view word(std::uint32_t id) const { return words_[id]; }
  std::size_t memory_bytes() const;

 private:
  // Most words fit in 8 bytes, so a slot holds them whole and a lookup touches
  // one cache line; longer words compare the rest against words_.
  struct Slot {
    std::uint32_t id = 0;  // id + 1, 0 = empty
    std::uint32_t size = 0;
    std::uint64_t head = 0;  // the first 8 bytes, zero-padded
  };
  void grow();
  std::vector<std::string> words_;
  std::vector<Slot> slots_;
};

// --------------------------------------------------------------------------- trie
enum class Layer : std::uint8_t { kEntity = 0, kCue = 1, kTopic = 2 };
constexpr int kLayers = 3;

struct EntryRef {
  MatchKind kind;
  bool match_case;      // look up its cased key before accepting it
  std::uint32_t index;  // into names/offices/people/cues/topics
};

struct Node {
  std::uint32_t refs_begin = 0;  // into Trie::refs
  std::uint32_t refs_count = 0;
  std::uint32_t rules_begin = 0;  // into Trie::rule_refs
  std::uint32_t rules_count = 0;
  std::uint8_t layers = 0;  // bit per Layer with a terminal entry here
};

// Edges keyed by (node, word) in one open-addressing table.
class EdgeTable {
 public:
  std::uint32_t find(std::uint32_t node, std::uint32_t word) const;
  std::uint32_t insert(std::uint32_t node, std::uint32_t word, std::uint32_t child);
  void clear();
  std::size_t memory_bytes() const { return slots_.capacity() * sizeof(Slot); }

 private:
  struct Slot {
    std::uint64_t key = ~0ull;
    std::uint32_t child = kNoNode;
  };
  void grow();
  std::vector<Slot> slots_;
  std::size_t used_ = 0;
};

// A context rule compiled to word ids.
struct CompiledRule {
  ContextRuleKind rule;
  std::vector<std::vector<std::uint32_t>> words;
  std::uint32_t index;  // into context_rules
};

}  // namespace dipgraph::lexicon_detail

namespace dipgraph {

struct Lexicon::Impl {
  std::vector<Actor> actors;
  std::vector<ActorName> names;
  std::vector<OfficeTitle> offices;
  std::vector<Person> people;
  std::vector<Cue> cues;
  std::vector<TopicWord> topics;
  std::vector<ContextRule> rules;
  // verbs.tsv: lemma -> forms (third person, past, past participle, gerund).
  std::unordered_map<std::string, std::vector<std::string>> verbs;

  // Keys of the entries, for overrides (a later entry with the same key wins).
  std::unordered_map<std::string, std::size_t> actor_index;  // upper-case code
  std::unordered_map<std::string, std::size_t> name_index;   // folded phrase (+case)
  std::unordered_map<std::string, std::size_t> office_index;
  std::unordered_map<std::string, std::size_t> person_index;
  std::unordered_map<std::string, std::size_t> cue_index;
  std::unordered_map<std::string, std::size_t> topic_index;
  std::unordered_map<std::string, std::size_t> rule_index;

  // Built by build().
  lexicon_detail::Vocabulary vocab;
  lexicon_detail::EdgeTable edges;
  std::vector<lexicon_detail::Node> nodes;
  std::vector<lexicon_detail::EntryRef> refs;
  std::vector<std::uint32_t> rule_refs;  // into compiled
  std::vector<lexicon_detail::CompiledRule> compiled;
  std::vector<std::uint32_t> place_rules;  // compiled rules of phrase `*`
  // Units of each case-sensitive entry, as written (for the case check).
  std::unordered_map<std::uint64_t, std::string> cased_keys;  // (kind << 32 | index)
  std::unordered_map<std::string, std::vector<std::uint32_t>> people_by_name;  // folded
  // Lower-case folded phrase (no leading "the") -> names index, for resolve().
  std::unordered_map<std::string, std::uint32_t> names_by_key;
  // (lookup key, phrase as written) of every code, name and person, for suggest().
  std::vector<std::pair<std::string, std::string>> suggestions;
  std::size_t phrases = 0;
  // False for a lexicon that only resolves names (Lexicon::builtin_names): build()
  // then skips the matching automaton, the larger part of its work.
  bool match_index = true;

  void build(const Reporter& report);
  std::size_t load_file(std::istream& in, const std::string& file_name, const Reporter& report);
};

}  // namespace dipgraph

