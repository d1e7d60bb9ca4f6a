// Lookups for the command line and the query stage: an actor from what a user
// types, "did you mean" suggestions, a person's office on a date; plus accessors.
#include <algorithm>
#include <cctype>

#include "edit_distance.h"
#include "lexicon_impl.h"

namespace dipgraph {
namespace {

using lexicon_detail::date_key;
using lexicon_detail::fold_phrase;
using lexicon_detail::lookup_key;

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

template <typename T>
std::size_t vector_bytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

std::size_t string_bytes(const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; }
std::size_t string_bytes(std::uint64_t) { return 0; }

std::size_t source_bytes(const LexiconSource& s) { return string_bytes(s.file); }

template <typename Map>
std::size_t map_bytes(const Map& m) {
  // Buckets plus one node (key, value, hash, next pointer) per element.
  std::size_t bytes = m.bucket_count() * sizeof(void*);
  for (const auto& [k, v] : m) {
    bytes += sizeof(k) + sizeof(v) + 2 * sizeof(void*) + string_bytes(k);
  }
  return bytes;
}

}  // namespace

std::string lexicon_detail::lookup_key(std::string_view phrase) {
  std::string key = lower(fold_phrase(phrase, false));
  if (key.starts_with("the ") && key.size() > 4) key.erase(0, 4);
  return key;
}

const char* to_string(MatchKind kind) {
  switch (kind) {
    case MatchKind::kActor: return "actor";
    case MatchKind::kPerson: return "person";
    case MatchKind::kOffice: return "office";
    case MatchKind::kCue: return "cue";
    case MatchKind::kTopic: return "topic";
  }
  return "?";
}

const char* to_string(NameKind kind) {
  switch (kind) {
    case NameKind::kName: return "name";
    case NameKind::kAlias: return "alias";
    case NameKind::kAcronym: return "acronym";
    case NameKind::kDemonym: return "demonym";
    case NameKind::kCapital: return "capital";
    case NameKind::kMetonym: return "metonym";
    case NameKind::kBody: return "body";
    case NameKind::kPlace: return "place";
  }
  return "?";
}

const char* to_string(ActorType type) { return type == ActorType::kIgo ? "igo" : "country"; }

const Actor* Lexicon::actor(std::string_view code) const {
  auto it = impl_->actor_index.find(upper(trim(code)));
  return it == impl_->actor_index.end() ? nullptr : &impl_->actors[it->second];
}

const Actor* Lexicon::resolve(std::string_view text) const {
  text = trim(text);
  if (text.empty()) return nullptr;
  if (const Actor* a = actor(text)) return a;
  if (text.size() == 2) {
    std::string code = upper(text);
    for (const Actor& a : impl_->actors) {
      if (a.alpha2 == code) return &a;
    }
  }
  // A name of any kind, case-insensitively: a user typing "us" means the US.
  if (auto it = impl_->names_by_key.find(lookup_key(text)); it != impl_->names_by_key.end()) {
    return actor(impl_->names[it->second].code);
  }
  if (const Person* p = person(text)) return actor(p->code);
  return nullptr;
}

std::vector<std::string> Lexicon::suggest(std::string_view text, std::size_t limit) const {
  const std::string key = lookup_key(text);
  if (key.empty()) return {};
  const std::size_t max_distance = std::max<std::size_t>(2, key.size() / 4);
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const auto& [candidate, shown] : impl_->suggestions) {
    // Lengths that differ by more than the budget cannot be within it.
    std::size_t gap = candidate.size() > key.size() ? candidate.size() - key.size()
                                                    : key.size() - candidate.size();
    if (gap > max_distance) continue;
    std::size_t d = edit_distance(key, candidate);
    if (d <= max_distance) scored.emplace_back(d, shown);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (auto& [d, s] : scored) {
    if (std::find(out.begin(), out.end(), s) != out.end()) continue;
    out.push_back(std::move(s));
    if (out.size() == limit) break;
  }
  return out;
}

const Person* Lexicon::person(std::string_view name, std::string_view date) const {
  auto it = impl_->people_by_name.find(fold_phrase(trim(name)));
  if (it == impl_->people_by_name.end()) return nullptr;
  const Person* best = nullptr;
  bool best_covers = false;
  for (std::uint32_t index : it->second) {
    const Person& p = impl_->people[index];
    bool covers = !date.empty() && p.covers(date);
    if (!best || (covers && !best_covers) ||
        (covers == best_covers && date_key(p.from, false) > date_key(best->from, false))) {
      best = &p;
      best_covers = covers;
    }
  }
  return best;
}

std::span<const Actor> Lexicon::actors() const { return impl_->actors; }
std::span<const ActorName> Lexicon::names() const { return impl_->names; }
std::span<const OfficeTitle> Lexicon::offices() const { return impl_->offices; }
std::span<const Person> Lexicon::people() const { return impl_->people; }
std::span<const Cue> Lexicon::cues() const { return impl_->cues; }
std::span<const TopicWord> Lexicon::topics() const { return impl_->topics; }
std::span<const ContextRule> Lexicon::context_rules() const { return impl_->rules; }
std::size_t Lexicon::phrase_count() const { return impl_->phrases; }
std::size_t Lexicon::node_count() const { return impl_->nodes.size(); }

std::size_t Lexicon::memory_bytes() const {
  const Impl& m = *impl_;
  std::size_t bytes = sizeof(Impl);
  bytes += vector_bytes(m.actors);
  for (const Actor& a : m.actors) {
    bytes += string_bytes(a.code) + string_bytes(a.name) + string_bytes(a.official_name) +
             source_bytes(a.source);
  }
  bytes += vector_bytes(m.names);
  for (const ActorName& n : m.names) bytes += string_bytes(n.phrase) + source_bytes(n.source);
  bytes += vector_bytes(m.offices);
  for (const OfficeTitle& o : m.offices) bytes += string_bytes(o.phrase) + source_bytes(o.source);
  bytes += vector_bytes(m.people);
  for (const Person& p : m.people) {
    bytes += vector_bytes(p.names) + source_bytes(p.source);
    for (const auto& n : p.names) bytes += string_bytes(n);
  }
  bytes += vector_bytes(m.cues);
  for (const Cue& c : m.cues) bytes += string_bytes(c.pattern) + source_bytes(c.source);
  bytes += vector_bytes(m.topics);
  for (const TopicWord& t : m.topics) bytes += string_bytes(t.phrase) + source_bytes(t.source);
  bytes += vector_bytes(m.rules);
  for (const ContextRule& r : m.rules) {
    bytes += string_bytes(r.phrase) + vector_bytes(r.words) + source_bytes(r.source);
    for (const auto& w : r.words) bytes += string_bytes(w);
  }
  bytes += map_bytes(m.verbs) + map_bytes(m.actor_index) + map_bytes(m.name_index) +
           map_bytes(m.office_index) + map_bytes(m.person_index) + map_bytes(m.cue_index) +
           map_bytes(m.topic_index) + map_bytes(m.rule_index) + map_bytes(m.cased_keys) +
           map_bytes(m.people_by_name) + map_bytes(m.names_by_key) + vector_bytes(m.suggestions);
  bytes += m.vocab.memory_bytes() + m.edges.memory_bytes() + vector_bytes(m.nodes) +
           vector_bytes(m.refs) + vector_bytes(m.rule_refs) + vector_bytes(m.compiled) +
           vector_bytes(m.place_rules);
  return bytes;
}

}  // namespace dipgraph
