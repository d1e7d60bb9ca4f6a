// The lexicon stage: who can be an actor, the words that name actors, offices,
// office holders, relation cues and topic words, and one automaton that finds
// them all in a sentence's tokens.
//
// The dictionaries are the TSV files of data/lexicon/ (formats in its README),
// compiled into the binary; `--lexicon FILE` adds or overrides entries at run
// time. A Lexicon is built once (builtin(), then load() for user files) and is
// immutable and thread-safe for every const member afterwards: one Lexicon can
// serve all worker threads. It holds no global state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dipgraph/diagnostics.h"
#include "dipgraph/types.h"

namespace dipgraph {

// Where an entry was defined: the file name as loaded and the 1-based line.
struct LexiconSource {
  std::string file;
  std::size_t line = 0;

  bool operator==(const LexiconSource&) const = default;
};

enum class ActorType : std::uint8_t { kCountry, kIgo };

// actors.tsv: one country (ISO 3166-1) or international organisation.
struct Actor {
  std::string code;           // ISO alpha-3, or an organisation code of DESIGN.md
  ActorType type = ActorType::kCountry;
  std::string name;           // display name ("Russia")
  std::string alpha2;         // ISO alpha-2; empty for organisations
  std::string official_name;  // may be empty
  bool un_member = false;     // flag `un_member`
  LexiconSource source;

  bool operator==(const Actor&) const = default;
};

// kPlace: a city or region inside a country ("Lahore", "the West Bank"): always a
// place, never an actor by itself ("police in Lahore", "talks in Geneva").
enum class NameKind : std::uint8_t {
  kName, kAlias, kAcronym, kDemonym, kCapital, kMetonym, kBody, kPlace
};

// names.tsv: a phrase that means an actor.
struct ActorName {
  std::string code;
  NameKind kind = NameKind::kName;
  std::string phrase;      // as written in the file
  bool match_case = false;  // flag `case`
  LexiconSource source;

  bool operator==(const ActorName&) const = default;
};

// offices.tsv: a title; `office` is HOS, HOG, FM, DEF, MIL, DIP, SPK or GOV.
struct OfficeTitle {
  std::string phrase;
  std::string office;
  bool match_case = false;
  LexiconSource source;

  bool operator==(const OfficeTitle&) const = default;
};

// people.tsv: one office term of a named person. Dates are as written
// (YYYY-MM-DD, YYYY-MM or YYYY); `to` empty means still in office.
struct Person {
  std::string code;
  std::string office;
  std::string from;
  std::string to;
  std::vector<std::string> names;  // the canonical form first
  LexiconSource source;

  // Whether the term covers `date` (YYYY-MM-DD; partial dates cover their whole
  // month or year, so terms that meet on a day both cover it).
  bool covers(std::string_view date) const;
  bool operator==(const Person&) const = default;
};

// cues.tsv: words that signal a relation (PLOVER 0.5 type, CAMEO 1.1b3 code).
struct Cue {
  std::string plover;
  std::string cameo;
  double goldstein = 0.0;
  std::string pattern;  // as written ("hold+ talks")
  bool noun = false;
  bool symmetric = false;
  bool passive_ok = false;
  LexiconSource source;

  // CAMEO quad class from the root code: 1 verbal cooperation (01-05), 2 material
  // cooperation (06-08), 3 verbal conflict (09-13), 4 material conflict (14-20).
  int quad() const;
  bool operator==(const Cue&) const = default;
};

// topics.tsv: a word or phrase that marks a topic.
struct TopicWord {
  std::string topic;
  std::string phrase;
  bool match_case = false;
  LexiconSource source;

  bool operator==(const TopicWord&) const = default;
};

enum class ContextRuleKind : std::uint8_t {
  kNotBefore, kNotAfter, kNotNear, kNeedsNear, kNeedsCase, kPlaceAfter
};

// context.tsv: when an ambiguous actor phrase is not an actor (or is a place).
struct ContextRule {
  std::string phrase;  // `*` for place_after: every capital and metonym
  ContextRuleKind rule = ContextRuleKind::kNotNear;
  std::vector<std::string> words;  // alternatives, each one or more words
  LexiconSource source;

  bool operator==(const ContextRule&) const = default;
};

enum class MatchKind : std::uint8_t { kActor, kPerson, kOffice, kCue, kTopic };

// One phrase found in a sentence.
//
// Tokens [first_token, last_token) are indices into the token list given to
// match(); a match may cover part of a hyphenated token ("Pakistan" in
// "Pakistan-Russia"), so [begin, end) is the exact byte span in the text.
struct Match {
  MatchKind kind = MatchKind::kActor;
  std::size_t first_token = 0;
  std::size_t last_token = 0;
  std::size_t begin = 0;
  std::size_t end = 0;
  // kActor: actor code; kPerson: the country of the chosen term; kOffice: the
  // office code (FM ...); kCue: the PLOVER type; kTopic: the topic.
  std::string code;
  NameKind name_kind = NameKind::kName;  // kActor only
  // kActor capital or metonym written after a locative word ("talks in Moscow"),
  // or any place name: a place, not an actor; the coder should not make it a party.
  bool place = false;
  // Index into names(), people() (the chosen term), offices(), cues() or topics().
  std::uint32_t entry = 0;

  bool operator==(const Match&) const = default;
};

const char* to_string(MatchKind kind);
const char* to_string(NameKind kind);
const char* to_string(ActorType type);

class Lexicon {
 public:
  // An empty lexicon (load files into it, or use builtin()).
  Lexicon();
  ~Lexicon();
  Lexicon(Lexicon&&) noexcept;
  Lexicon& operator=(Lexicon&&) noexcept;
  Lexicon(const Lexicon&) = delete;
  Lexicon& operator=(const Lexicon&) = delete;

  // The lexicon compiled into the binary (data/lexicon/*.tsv). Diagnostics about
  // the built-in files go to `report` (none is expected; a test checks it).
  static Lexicon builtin(const Reporter& report = {});
  // Only the actors, their names and the people of the built-in lexicon: all that
  // resolve(), suggest(), actor() and person() need, without the cues, topics and
  // offices that coding needs (a fifth of the time to load: what makes `dipgraph
  // query` answer quickly). Matching text with it finds nothing.
  static Lexicon builtin_names(const Reporter& report = {});

  // Adds the entries of one lexicon file, then rebuilds the automaton. The kind
  // of file comes from `file_name` (actors*.tsv, names*.tsv, ...) or from a first
  // line `#kind: names`. A later entry with the same key replaces an earlier one.
  // Bad rows are reported as `file:line` diagnostics and skipped; exact duplicates
  // inside one file are warnings. Throws Error when the kind cannot be told.
  // Returns the number of errors reported. Not thread-safe (build, then share).
  std::size_t load(std::istream& in, const std::string& file_name, const Reporter& report);
  // Several files, rebuilding once; files are (stream, name) pairs in order.
  std::size_t load_all(std::span<std::pair<std::istream*, std::string>> files,
                       const Reporter& report);
  // The built-in lexicon plus the files at `paths`, in order (what `--lexicon FILE`
  // gives every coding command). Bad rows of the files go to `report`, and those of
  // the built-in files too when `report_builtin`; an unreadable file throws Error.
  static Lexicon builtin_with_files(const std::vector<std::string>& paths, const Reporter& report,
                                    bool report_builtin = false);

  // Finds actor names, people, offices, cues and topic words among `tokens`
  // (offsets into `text`, as produced by tokenize()/split_sentences()).
  // Longest match first within each layer (actors, people and offices form one
  // layer; cues and topics one each, so "peace talks" is both a topic and a cue).
  // `date` (YYYY-MM-DD, may be empty) picks the office term of a person.
  // Matches come sorted by begin, then kind. Tokens out of range are ignored.
  std::vector<Match> match(std::string_view text, std::span<const Token> tokens,
                           std::string_view date = {}) const;
  // Convenience: tokenizes `text` with dipgraph::tokenize and matches it.
  std::vector<Match> match_text(std::string_view text, std::string_view date = {}) const;

  // The actor with this code (exact, case-insensitive), or null.
  const Actor* actor(std::string_view code) const;
  // An actor from a code, alpha-2 code, name, alias, acronym, demonym, capital,
  // metonym or body ("PAK", "Pakistan", "pakistani", "Islamabad"), folding case
  // and diacritics; null when nothing fits. People resolve to their latest term.
  const Actor* resolve(std::string_view text) const;
  // Up to `limit` known phrases or codes close to `text` (edit distance), best
  // first, for "did you mean".
  std::vector<std::string> suggest(std::string_view text, std::size_t limit = 3) const;
  // The term of the person with this name on `date` (YYYY-MM-DD): a term that
  // covers the date wins, else the most recent one; null if the name is unknown.
  const Person* person(std::string_view name, std::string_view date = {}) const;

  std::span<const Actor> actors() const;
  std::span<const ActorName> names() const;
  std::span<const OfficeTitle> offices() const;
  std::span<const Person> people() const;
  std::span<const Cue> cues() const;
  std::span<const TopicWord> topics() const;
  std::span<const ContextRule> context_rules() const;
  // Phrases in the automaton (inflected forms counted) and its node count.
  std::size_t phrase_count() const;
  std::size_t node_count() const;
  // Approximate heap bytes held by the lexicon (tables, strings and automaton).
  std::size_t memory_bytes() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace dipgraph
