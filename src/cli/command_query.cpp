// `dipgraph query`: questions about country links, answered from the event store —
// aligned tables for people, `--json` (one object, one line) for programs.
//
// JSON shapes (dates are "YYYY-MM-DD" or null when unknown; every object also has
// "query" (the sub-query name) and "filters": {"since": str|null, "until":
// str|null, "relations": [str]}):
//
//   links:    {"actor": ACTOR, "links": [{"actor": ACTOR, "events": n, "outgoing": n,
//              "incoming": n, "articles": n, "first_seen": d, "last_seen": d,
//              "goldstein_mean": x (two decimals), "cooperation": n, "conflict": n,
//              "relations": [{"relation": s, "events": n, "outgoing": n, "incoming": n}],
//              "topics": [{"topic": s, "count": n}]}]}
//   between:  {"a": ACTOR, "b": ACTOR, "events": n, "articles": n, "first_seen": d,
//              "last_seen": d, "goldstein_mean": x (two decimals), "cooperation": n, "conflict": n,
//              "relations": [{"subject": id, "relation": s, "object": id, "events": n,
//              "articles": n, "first_seen": d, "last_seen": d, "goldstein_mean": x (two decimals),
//              "quad": n}], "topics": [{"topic": s, "count": n}], "by": s,
//              "timeline": [BUCKET], "evidence": [{"document": s, "sentence": n,
//              "date": d, "url": s|null, "title": s|null, "subject": id, "relation": s,
//              "object": id, "goldstein": x, "confidence": x, "text": s}]}
//   timeline: {"a": ACTOR, "b": ACTOR, "by": s, "events": n, "undated": n,
//              "timeline": [BUCKET], "sparkline": {"cooperation": s, "conflict": s}}
//   path:     {"from": ACTOR, "to": ACTOR, "method": "strongest"|"hops", "directed": b,
//              "found": b, "hops": n, "cost": x, "actors": [ACTOR],
//              "steps": [{"from": id, "to": id, "events": n, "cost": x,
//              "relations": [{"relation": s, "events": n}]}]}
//   top:      {"metric": s, "directed": b, "actors": [{"rank": n, "actor": ACTOR,
//              "score": x}]}
//
//   ACTOR  = {"id": s, "label": s, "type": s}
//   BUCKET = {"bucket": s, "events": n, "cooperation": n, "conflict": n,
//             "quad": [n, n, n, n]}   (non-empty buckets only, ascending)
//
// An empty answer is the same shape with empty lists (path: "found": false, "hops"
// and "cost" null), exit 0; the text form says so in a sentence instead.
#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <future>
#include <cstdio>
#include <iostream>
#include <map>
#include <sstream>

#include "cli/commands.h"
#include "cli/graph_options.h"
#include "dipgraph/event_store.h"
#include "dipgraph/graph_query.h"
#include "dipgraph/lexicon.h"
#include "edit_distance.h"

namespace dipgraph::cli {
namespace po = boost::program_options;

namespace {

// ---------------------------------------------------------------------------
// Text output.

// Display columns of UTF-8 text: code points, which is right for the Latin,
// Greek and Cyrillic names and the block characters the tables hold.
std::size_t display_width(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Columns separated by two spaces, padded to the widest cell; numbers right-aligned.
// The last column is not padded, so long lists do not push trailing blanks.
class Table {
 public:
  // `align`: one character per column, 'l' or 'r'.
  Table(std::vector<std::string> header, std::string align)
      : align_(std::move(align)) {
    rows_.push_back(std::move(header));
  }
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }

  void print(std::ostream& out, const std::string& indent = "") const {
    std::vector<std::size_t> width(align_.size(), 0);
    for (const auto& row : rows_) {
      for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], display_width(row[i]));
    }
    for (const auto& row : rows_) {
      std::string line = indent;
      for (std::size_t i = 0; i < row.size(); ++i) {
        const std::string pad(width[i] - display_width(row[i]), ' ');
        const bool last = i + 1 == row.size();
        if (i) line += "  ";
        line += align_[i] == 'r' ? pad + row[i] : (last ? row[i] : row[i] + pad);
      }
      out << line << '\n';
    }
  }

 private:
  std::string align_;
  std::vector<std::vector<std::string>> rows_;
};

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  std::string out = buffer;
  return out == "-0.00" ? "0.00" : out;
}

std::string num(std::uint64_t n) { return std::to_string(n); }
std::string or_dash(const std::string& s) { return s.empty() ? "-" : s; }

std::string named(const GraphNode& node) {
  return node.label.empty() || node.label == node.id ? node.id : node.label + " (" + node.id + ")";
}

std::string counts_text(const std::vector<Count>& counts, std::size_t limit) {
  std::string out;
  for (std::size_t i = 0; i < counts.size() && i < limit; ++i) {
    out += (i ? ", " : "") + counts[i].name + ' ' + num(counts[i].count);
  }
  return out.empty() ? "-" : out;
}

// "consult 5 (→4 ←1)": events per relation, split into the actor's own (→) and
// the other's (←).
std::string relations_text(const std::vector<LinkRelation>& relations) {
  std::string out;
  for (const LinkRelation& r : relations) {
    if (!out.empty()) out += ", ";
    out += r.relation + ' ' + num(r.outgoing + r.incoming) + " (";
    if (r.outgoing) out += "→" + num(r.outgoing);
    if (r.outgoing && r.incoming) out += ' ';
    if (r.incoming) out += "←" + num(r.incoming);
    out += ')';
  }
  return out;
}

std::string filters_text(const EventFilter& f) {
  std::string out;
  if (!f.since.empty()) out += " since " + f.since;
  if (!f.until.empty()) out += " until " + f.until;
  if (!f.relations.empty()) {
    out += " for relation(s) ";
    for (std::size_t i = 0; i < f.relations.size(); ++i) out += (i ? "," : "") + f.relations[i];
  }
  return out;
}

// ---------------------------------------------------------------------------
// JSON output.

using Writer = rapidjson::Writer<rapidjson::OStreamWrapper>;

void str(Writer& w, std::string_view v) { w.String(v.data(), static_cast<rapidjson::SizeType>(v.size())); }
void str_or_null(Writer& w, const std::string& v) { v.empty() ? w.Null() : (str(w, v), true); }

void actor_json(Writer& w, const GraphNode& node) {
  w.StartObject();
  w.Key("id");
  str(w, node.id);
  w.Key("label");
  str(w, node.label.empty() ? node.id : node.label);
  w.Key("type");
  str(w, node.type);
  w.EndObject();
}

void counts_json(Writer& w, const std::vector<Count>& counts, const char* name_key) {
  w.StartArray();
  for (const Count& c : counts) {
    w.StartObject();
    w.Key(name_key);
    str(w, c.name);
    w.Key(name_key == std::string("topic") ? "count" : "events");
    w.Uint64(c.count);
    w.EndObject();
  }
  w.EndArray();
}

void bucket_json(Writer& w, const std::vector<BucketCount>& timeline) {
  w.StartArray();
  for (const BucketCount& b : timeline) {
    w.StartObject();
    w.Key("bucket");
    str(w, b.bucket);
    w.Key("events");
    w.Uint64(b.events);
    w.Key("cooperation");
    w.Uint64(cooperation_of(b));
    w.Key("conflict");
    w.Uint64(conflict_of(b));
    w.Key("quad");
    w.StartArray();
    for (std::uint64_t q : b.quad) w.Uint64(q);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
}

// Opens the object every answer starts with: "query" and "filters".
void begin_answer(Writer& w, const char* query, const EventFilter& f) {
  w.StartObject();
  w.Key("query");
  str(w, query);
  w.Key("filters");
  w.StartObject();
  w.Key("since");
  str_or_null(w, f.since);
  w.Key("until");
  str_or_null(w, f.until);
  w.Key("relations");
  w.StartArray();
  for (const std::string& r : f.relations) str(w, r);
  w.EndArray();
  w.EndObject();
}

// ---------------------------------------------------------------------------
// What every sub-query shares: options, lexicon, store.

struct Context {
  po::variables_map vm;
  // Loaded when first asked for: to resolve the actors a question names, or to
  // label an actor the store knows only by its code. A question that names no actor
  // (top) about a store with names never loads it (10 ms).
  std::shared_future<Lexicon> lexicon_loading;
  const Lexicon& lexicon() const { return lexicon_loading.get(); }
  GraphOptions options;
  std::vector<std::string> actors;  // resolved ids of the positional actors
  bool json = false;
};

// The lexicon's name for an id, for actors the graph does not hold.
GraphNode node_for(const Context& ctx, const std::string& id) {
  GraphNode node{id, id, "", 0};
  if (const Actor* a = ctx.lexicon().resolve(id); a && a->code == id) {
    node.label = a->name;
  }
  return node;
}

// A node the store knows only by its id (triples without names) takes the
// lexicon's name, so tables read "Russia (RUS)" whatever the store holds.
void name_node(const Context& ctx, GraphNode& node) {
  if (!node.label.empty() && node.label != node.id) return;
  node.label = node_for(ctx, node.id).label;
}

struct SubQuery {
  const char* name;
  const char* synopsis;
  const char* summary;
  const char* description;
  std::size_t actors;  // positional actors required
  int (*run)(Context& ctx, Io& io);
  void (*options)(po::options_description& options);
  GraphOptionSet graph_options;
};

// Parses the sub-query's command line into `ctx`; a value when it is done (help).
std::optional<int> parse(const SubQuery& q, const std::vector<std::string>& args, Context& ctx, Io& io) {
  const std::string command = std::string("query ") + q.name;
  po::options_description options = graph_option_descriptions(q.graph_options);
  options.add_options()("json", po::bool_switch(), "one JSON object (documented shape) instead of a table")  //
      ("no-cache", po::bool_switch(), "neither read nor write the graph cache (see README, Queries)");
  if (q.options) q.options(options);
  po::options_description all = options;
  all.add_options()("actors", po::value<std::vector<std::string>>(), "actors");
  // The hidden positional is parsed with the rest but not shown in --help.
  po::options_description visible = options;
  po::positional_options_description pos;
  pos.add("actors", -1);
  visible.add_options()("help,h", "show this help and exit");
  all.add_options()("help,h", "show this help and exit");
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), ctx.vm);
    if (ctx.vm.count("help")) {
      io.out << "usage: dipgraph " << command << ' ' << q.synopsis << "\n\n" << q.description << "\n\n"
             << visible << '\n';
      return kExitOk;
    }
    po::notify(ctx.vm);
  } catch (const po::error& e) {
    throw UsageError(command, e.what());
  }
  // Program_options reads "-3" as an unsigned number by wrapping it around.
  for (const char* counted : {"limit", "evidence"}) {
    constexpr std::size_t kMaxCount = 1000000000;
    if (ctx.vm.count(counted) && ctx.vm[counted].as<std::size_t>() > kMaxCount) {
      throw UsageError(command, std::string("--") + counted +
                                    " must be a whole number from 0 to 1000000000");
    }
  }
  const auto given = ctx.vm.count("actors") ? ctx.vm["actors"].as<std::vector<std::string>>()
                                            : std::vector<std::string>{};
  if (given.size() != q.actors) {
    throw UsageError(command, "expects " + std::to_string(q.actors) + " actor(s), got " +
                                  std::to_string(given.size()) + " (usage: dipgraph " + command +
                                  ' ' + q.synopsis + ")");
  }
  const auto names = [] { return Lexicon::builtin_names(); };  // names are all a question needs
  ctx.lexicon_loading = std::async(std::launch::deferred, names).share();
  for (const std::string& a : given) ctx.actors.push_back(resolve_actor(a, ctx.lexicon(), command.c_str()));
  if (ctx.actors.size() == 2 && ctx.actors[0] == ctx.actors[1]) {
    throw UsageError(command, "'" + given[0] + "' and '" + given[1] + "' are the same actor (" +
                                  ctx.actors[0] + "); give two different actors");
  }
  // No question takes --actor (they name their actors positionally), so the
  // options need no lexicon: an empty one does not wait for the loading.
  const Lexicon no_actor_options;
  ctx.options = graph_options_from(ctx.vm, q.graph_options.actor_filter ? ctx.lexicon() : no_actor_options,
                                   command.c_str());
  ctx.json = ctx.vm["json"].as<bool>();
  return std::nullopt;
}

EventStore open_store(const Context& ctx) {
  return EventStore::open(ctx.vm["store"].as<std::string>(), StoreOptions{false});
}

const std::string& store_path(const Context& ctx) { return ctx.vm["store"].as<std::string>(); }

// ---------------------------------------------------------------------------
// links

void links_text(const Context& ctx, const GraphNode& actor, const std::vector<Link>& links, Io& io) {
  if (links.empty()) {
    io.out << "No links of " << named(actor) << " in " << store_path(ctx) << filters_text(ctx.options.filter)
           << ".\n";
    return;
  }
  std::uint64_t events = 0;
  for (const Link& l : links) events += l.events;
  io.out << named(actor) << ": " << links.size() << " linked actor(s), " << events << " event(s)"
         << filters_text(ctx.options.filter) << " (→ " << actor.id << " acted, ← " << actor.id
         << " was the object)\n\n";
  Table t({"actor", "events", "articles", "first", "last", "goldstein", "coop", "conflict", "topics",
           "relations"},
          "lrrllrrrll");
  for (const Link& l : links) {
    t.add({named(l.other), num(l.events), num(l.articles), or_dash(l.first_seen), or_dash(l.last_seen),
           fixed(l.goldstein_mean, 2), num(l.cooperation), num(l.conflict), counts_text(l.topics, 3),
           relations_text(l.relations)});
  }
  t.print(io.out);
}

void links_json(const Context& ctx, const GraphNode& actor, const std::vector<Link>& links, Io& io) {
  rapidjson::OStreamWrapper stream(io.out);
  Writer w(stream);
  begin_answer(w, "links", ctx.options.filter);
  w.Key("actor");
  actor_json(w, actor);
  w.Key("links");
  w.StartArray();
  for (const Link& l : links) {
    w.StartObject();
    w.Key("actor");
    actor_json(w, l.other);
    w.Key("events");
    w.Uint64(l.events);
    w.Key("outgoing");
    w.Uint64(l.outgoing);
    w.Key("incoming");
    w.Uint64(l.incoming);
    w.Key("articles");
    w.Uint64(l.articles);
    w.Key("first_seen");
    str_or_null(w, l.first_seen);
    w.Key("last_seen");
    str_or_null(w, l.last_seen);
    w.Key("goldstein_mean");
    w.Double(rounded_goldstein(l.goldstein_mean));
    w.Key("cooperation");
    w.Uint64(l.cooperation);
    w.Key("conflict");
    w.Uint64(l.conflict);
    w.Key("relations");
    w.StartArray();
    for (const LinkRelation& r : l.relations) {
      w.StartObject();
      w.Key("relation");
      str(w, r.relation);
      w.Key("events");
      w.Uint64(r.outgoing + r.incoming);
      w.Key("outgoing");
      w.Uint64(r.outgoing);
      w.Key("incoming");
      w.Uint64(r.incoming);
      w.EndObject();
    }
    w.EndArray();
    w.Key("topics");
    counts_json(w, l.topics, "topic");
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  io.out << '\n';
}

// The two graphs of the events of actor `a` (or of the pair `a`, `b`) that links,
// between and timeline read: through the graph cache when there is one (built on
// the first question after each change of the store, then read in milliseconds),
// else straight from the store's actor indexes.
QueryGraphs scoped_graphs(const Context& ctx, const EventStore& store, const GraphOptions& options,
                          const std::string& a, const std::string& b = {}) {
  const auto cache = graph_cache_from_environment(ctx.vm["no-cache"].as<bool>());
  if (!cache) return load_query_graphs(store, options, a, b);
  auto graphs = cached_graphs(store, query_graph_options(options), *cache, a, b);
  return QueryGraphs{std::move(graphs[0]), std::move(graphs[1])};
}

// The whole store's graph under the question's options, without timelines and
// topics (path and top look at neither), from the cache when there is one (ingest
// prepares the unfiltered ones there).
RelationGraph whole_graph(const Context& ctx) {
  const GraphOptions options = whole_store_graph_options(ctx.options);
  const EventStore store = open_store(ctx);
  const auto cache = graph_cache_from_environment(ctx.vm["no-cache"].as<bool>());
  if (!cache) return RelationGraph::from_store(store, options);
  return std::move(cached_graphs(store, {options}, *cache).front());
}

int run_links(Context& ctx, Io& io) {
  const std::string& id = ctx.actors[0];
  GraphOptions options = ctx.options;
  options.timelines = false;  // links show no timeline
  const QueryGraphs graphs = scoped_graphs(ctx, open_store(ctx), options, id);
  auto links = find_links(graphs, id);
  const std::size_t limit = ctx.vm["limit"].as<std::size_t>();
  if (limit && links.size() > limit) links.resize(limit);
  const auto node = graphs.dyads.find_node(id);
  GraphNode actor = node ? graphs.dyads.node(*node) : node_for(ctx, id);
  name_node(ctx, actor);
  for (Link& l : links) name_node(ctx, l.other);
  ctx.json ? links_json(ctx, actor, links, io) : links_text(ctx, actor, links, io);
  return kExitOk;
}

// ---------------------------------------------------------------------------
// between and timeline

// The graphs of the pair only: the scan reads the events between the two actors.
QueryGraphs pair_graphs(const Context& ctx, const EventStore& store) {
  return scoped_graphs(ctx, store, ctx.options, ctx.actors[0], ctx.actors[1]);
}

void fill_names(const Context& ctx, Between& b) {
  name_node(ctx, b.a);
  name_node(ctx, b.b);
}

std::uint64_t dated_events(const std::vector<BucketCount>& timeline) {
  std::uint64_t n = 0;
  for (const BucketCount& b : timeline) n += b.events;
  return n;
}

// The cooperation and conflict sparklines of a timeline, gaps filled.
std::pair<std::string, std::string> sparklines(const std::vector<BucketCount>& timeline, TimeBucket by) {
  std::vector<std::uint64_t> coop, conflict;
  for (const BucketCount& b : fill_timeline(timeline, by)) {
    coop.push_back(cooperation_of(b));
    conflict.push_back(conflict_of(b));
  }
  return {sparkline(coop), sparkline(conflict)};
}

void evidence_text(const std::vector<EvidenceRecord>& evidence, Io& io) {
  if (evidence.empty()) return;
  io.out << "\nstrongest evidence:\n";
  for (const EvidenceRecord& e : evidence) {
    io.out << "  " << or_dash(e.date) << "  " << e.subject << ' ' << e.relation << ' ' << e.object
           << "  (goldstein " << fixed(e.goldstein, 1) << ", confidence " << fixed(e.confidence, 2)
           << ")  document " << e.document << ", sentence " << e.sentence << '\n'
           << "    \"" << e.evidence << "\"\n";
    if (!e.url.empty()) io.out << "    " << e.url << '\n';
  }
}

void between_text(const Context& ctx, const Between& b, const std::vector<EvidenceRecord>& evidence, Io& io) {
  const std::string pair = named(b.a) + " and " + named(b.b);
  if (b.events == 0) {
    io.out << "No relations between " << pair << " in " << store_path(ctx) << filters_text(ctx.options.filter)
           << ".\n";
    return;
  }
  io.out << pair << ": " << b.events << " event(s) in " << b.articles << " article(s), "
         << or_dash(b.first_seen) << " .. " << or_dash(b.last_seen) << filters_text(ctx.options.filter)
         << "\nmean Goldstein " << fixed(b.goldstein_mean, 2) << ", " << b.cooperation << " cooperation, "
         << b.conflict << " conflict; topics: " << counts_text(b.topics, 5) << "\n\n";
  Table t({"subject", "relation", "object", "events", "articles", "first", "last", "goldstein", "quad"},
          "lllrrllrr");
  for (const DyadRelation& r : b.relations) {
    t.add({r.subject, r.relation, r.object, num(r.events), num(r.articles), or_dash(r.first_seen),
           or_dash(r.last_seen), fixed(r.goldstein_mean, 2), std::to_string(r.quad)});
  }
  t.print(io.out);
  if (!b.timeline.empty()) {
    const auto [coop, conflict] = sparklines(b.timeline, ctx.options.bucket);
    io.out << "\ntimeline by " << time_bucket_name(ctx.options.bucket) << ", " << b.timeline.front().bucket
           << " .. " << b.timeline.back().bucket << ":\n  cooperation  " << coop << "\n  conflict     "
           << conflict << '\n';
  }
  evidence_text(evidence, io);
}

void evidence_json(Writer& w, const std::vector<EvidenceRecord>& evidence) {
  w.StartArray();
  for (const EvidenceRecord& e : evidence) {
    w.StartObject();
    w.Key("document");
    str(w, e.document);
    w.Key("sentence");
    w.Int64(e.sentence);
    w.Key("date");
    str_or_null(w, e.date);
    w.Key("url");
    str_or_null(w, e.url);
    w.Key("title");
    str_or_null(w, e.title);
    w.Key("subject");
    str(w, e.subject);
    w.Key("relation");
    str(w, e.relation);
    w.Key("object");
    str(w, e.object);
    w.Key("goldstein");
    w.Double(e.goldstein);
    w.Key("confidence");
    w.Double(e.confidence);
    w.Key("text");
    str(w, e.evidence);
    w.EndObject();
  }
  w.EndArray();
}

void between_json(const Context& ctx, const Between& b, const std::vector<EvidenceRecord>& evidence, Io& io) {
  rapidjson::OStreamWrapper stream(io.out);
  Writer w(stream);
  begin_answer(w, "between", ctx.options.filter);
  w.Key("a");
  actor_json(w, b.a);
  w.Key("b");
  actor_json(w, b.b);
  w.Key("events");
  w.Uint64(b.events);
  w.Key("articles");
  w.Uint64(b.articles);
  w.Key("first_seen");
  str_or_null(w, b.first_seen);
  w.Key("last_seen");
  str_or_null(w, b.last_seen);
  w.Key("goldstein_mean");
  w.Double(rounded_goldstein(b.goldstein_mean));
  w.Key("cooperation");
  w.Uint64(b.cooperation);
  w.Key("conflict");
  w.Uint64(b.conflict);
  w.Key("relations");
  w.StartArray();
  for (const DyadRelation& r : b.relations) {
    w.StartObject();
    w.Key("subject");
    str(w, r.subject);
    w.Key("relation");
    str(w, r.relation);
    w.Key("object");
    str(w, r.object);
    w.Key("events");
    w.Uint64(r.events);
    w.Key("articles");
    w.Uint64(r.articles);
    w.Key("first_seen");
    str_or_null(w, r.first_seen);
    w.Key("last_seen");
    str_or_null(w, r.last_seen);
    w.Key("goldstein_mean");
    w.Double(rounded_goldstein(r.goldstein_mean));
    w.Key("quad");
    w.Int(r.quad);
    w.EndObject();
  }
  w.EndArray();
  w.Key("topics");
  counts_json(w, b.topics, "topic");
  w.Key("by");
  str(w, time_bucket_name(ctx.options.bucket));
  w.Key("timeline");
  bucket_json(w, b.timeline);
  w.Key("evidence");
  evidence_json(w, evidence);
  w.EndObject();
  io.out << '\n';
}

int run_between(Context& ctx, Io& io) {
  const EventStore store = open_store(ctx);
  const QueryGraphs graphs = pair_graphs(ctx, store);
  Between b = find_between(graphs, ctx.actors[0], ctx.actors[1]);
  fill_names(ctx, b);
  std::vector<EvidenceRecord> evidence;
  if (b.events) {
    evidence = store.strongest_evidence(ctx.actors[0], ctx.actors[1], ctx.options.filter,
                                        ctx.vm["evidence"].as<std::size_t>());
  }
  ctx.json ? between_json(ctx, b, evidence, io) : between_text(ctx, b, evidence, io);
  return kExitOk;
}

void timeline_text(const Context& ctx, const Between& b, Io& io) {
  const std::string pair = named(b.a) + " and " + named(b.b);
  const std::uint64_t dated = dated_events(b.timeline);
  if (dated == 0) {
    io.out << "No dated events between " << pair << " in " << store_path(ctx) << filters_text(ctx.options.filter)
           << (b.events ? " (" + num(b.events) + " undated)" : std::string()) << ".\n";
    return;
  }
  const char* by = time_bucket_name(ctx.options.bucket);
  io.out << pair << " by " << by << ", " << b.timeline.front().bucket << " .. " << b.timeline.back().bucket
         << ": " << dated << " dated event(s)" << filters_text(ctx.options.filter);
  if (b.events > dated) io.out << " (" << b.events - dated << " undated not shown)";
  io.out << "\n\n";
  Table t({by, "events", "cooperation", "conflict", "verbal coop", "material coop", "verbal conflict",
           "material conflict"},
          "lrrrrrrr");
  for (const BucketCount& bucket : b.timeline) {
    t.add({bucket.bucket, num(bucket.events), num(cooperation_of(bucket)), num(conflict_of(bucket)),
           num(bucket.quad[0]), num(bucket.quad[1]), num(bucket.quad[2]), num(bucket.quad[3])});
  }
  t.print(io.out);
  const auto [coop, conflict] = sparklines(b.timeline, ctx.options.bucket);
  io.out << "\ncooperation  " << coop << "\nconflict     " << conflict << "\n(one character per " << by
         << " from " << b.timeline.front().bucket << " to " << b.timeline.back().bucket
         << ", empty ones included; ▁ is none)\n";
}

void timeline_json(const Context& ctx, const Between& b, Io& io) {
  rapidjson::OStreamWrapper stream(io.out);
  Writer w(stream);
  begin_answer(w, "timeline", ctx.options.filter);
  w.Key("a");
  actor_json(w, b.a);
  w.Key("b");
  actor_json(w, b.b);
  w.Key("by");
  str(w, time_bucket_name(ctx.options.bucket));
  const std::uint64_t dated = dated_events(b.timeline);
  w.Key("events");
  w.Uint64(dated);
  w.Key("undated");
  w.Uint64(b.events - dated);
  w.Key("timeline");
  bucket_json(w, b.timeline);
  const auto [coop, conflict] = sparklines(b.timeline, ctx.options.bucket);
  w.Key("sparkline");
  w.StartObject();
  w.Key("cooperation");
  str(w, coop);
  w.Key("conflict");
  str(w, conflict);
  w.EndObject();
  w.EndObject();
  io.out << '\n';
}

int run_timeline(Context& ctx, Io& io) {
  const QueryGraphs graphs = pair_graphs(ctx, open_store(ctx));
  Between b = find_between(graphs, ctx.actors[0], ctx.actors[1]);
  fill_names(ctx, b);
  ctx.json ? timeline_json(ctx, b, io) : timeline_text(ctx, b, io);
  return kExitOk;
}

// ---------------------------------------------------------------------------
// path

void path_text(const Context& ctx, const GraphNode& from, const GraphNode& to, const std::optional<Path>& path,
               bool hops, Io& io) {
  if (!path) {
    io.out << "No chain of relations from " << named(from) << " to " << named(to) << " in " << store_path(ctx)
           << filters_text(ctx.options.filter) << ".\n";
    return;
  }
  io.out << (hops ? "Fewest hops" : "Strongest chain") << " from " << named(from) << " to " << named(to)
         << ": " << path->steps.size() << " hop(s), cost " << fixed(path->cost, 4) << filters_text(ctx.options.filter)
         << (ctx.options.collapse ? " (relations in either direction)" : " (subject to object)")
         << "\n\n";
  Table t({"hop", "from", "to", "events", "cost", "relations"}, "rllrrl");
  for (std::size_t i = 0; i < path->steps.size(); ++i) {
    const PathStep& s = path->steps[i];
    t.add({num(i + 1), named(path->actors[i]), named(path->actors[i + 1]), num(s.events), fixed(s.cost, 4),
           counts_text(s.relations, 4) + (s.relations.size() > 4 ? ", ..." : "")});
  }
  t.print(io.out);
}

void path_json(const Context& ctx, const GraphNode& from, const GraphNode& to, const std::optional<Path>& path,
               bool hops, Io& io) {
  rapidjson::OStreamWrapper stream(io.out);
  Writer w(stream);
  begin_answer(w, "path", ctx.options.filter);
  w.Key("from");
  actor_json(w, from);
  w.Key("to");
  actor_json(w, to);
  w.Key("method");
  str(w, hops ? "hops" : "strongest");
  w.Key("directed");
  w.Bool(!ctx.options.collapse);
  w.Key("found");
  w.Bool(path.has_value());
  w.Key("hops");
  path ? w.Uint64(path->steps.size()) : w.Null();
  w.Key("cost");
  path ? w.Double(path->cost) : w.Null();
  w.Key("actors");
  w.StartArray();
  if (path) {
    for (const GraphNode& n : path->actors) actor_json(w, n);
  }
  w.EndArray();
  w.Key("steps");
  w.StartArray();
  if (path) {
    for (const PathStep& s : path->steps) {
      w.StartObject();
      w.Key("from");
      str(w, s.from);
      w.Key("to");
      str(w, s.to);
      w.Key("events");
      w.Uint64(s.events);
      w.Key("cost");
      w.Double(s.cost);
      w.Key("relations");
      counts_json(w, s.relations, "relation");
      w.EndObject();
    }
  }
  w.EndArray();
  w.EndObject();
  io.out << '\n';
}

int run_path(Context& ctx, Io& io) {
  ctx.options.collapse = !ctx.vm["directed"].as<bool>();
  const bool hops = ctx.vm["hops"].as<bool>();
  const RelationGraph graph = whole_graph(ctx);
  const std::string &a = ctx.actors[0], &b = ctx.actors[1];
  auto path = hops ? fewest_hops_path(graph, a, b) : strongest_path(graph, a, b);
  const auto na = graph.find_node(a), nb = graph.find_node(b);
  GraphNode from = na ? graph.node(*na) : node_for(ctx, a);
  GraphNode to = nb ? graph.node(*nb) : node_for(ctx, b);
  name_node(ctx, from);
  name_node(ctx, to);
  if (path) {
    for (GraphNode& n : path->actors) name_node(ctx, n);
  }
  ctx.json ? path_json(ctx, from, to, path, hops, io) : path_text(ctx, from, to, path, hops, io);
  return kExitOk;
}

// ---------------------------------------------------------------------------
// top

std::string score_text(Metric metric, double score) {
  switch (metric) {
    case Metric::kPageRank: return fixed(score, 6);
    case Metric::kBetweenness: return fixed(score, 2);
    default: return fixed(score, 0);
  }
}

int run_top(Context& ctx, Io& io) {
  const std::string name = ctx.vm["metric"].as<std::string>();
  const auto metric = parse_metric(name);
  if (!metric) {
    throw UsageError("query top", "--metric must be degree, strength, pagerank, betweenness, cooperation or "
                                  "conflict, not '" + name + "'");
  }
  const RelationGraph graph = whole_graph(ctx);
  auto scores = rank_actors(graph, *metric, ctx.vm["limit"].as<std::size_t>());
  for (ActorScore& s : scores) name_node(ctx, s.actor);
  if (ctx.json) {
    rapidjson::OStreamWrapper stream(io.out);
    Writer w(stream);
    begin_answer(w, "top", ctx.options.filter);
    w.Key("metric");
    str(w, name);
    w.Key("directed");
    w.Bool(graph.directed());
    w.Key("actors");
    w.StartArray();
    for (std::size_t i = 0; i < scores.size(); ++i) {
      w.StartObject();
      w.Key("rank");
      w.Uint64(i + 1);
      w.Key("actor");
      actor_json(w, scores[i].actor);
      w.Key("score");
      w.Double(scores[i].score);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    io.out << '\n';
  } else if (scores.empty()) {
    io.out << "No actors with relations in " << store_path(ctx) << filters_text(ctx.options.filter) << ".\n";
  } else {
    io.out << "Top " << scores.size() << " of " << graph.node_count() << " actor(s) by " << name
           << filters_text(ctx.options.filter) << (graph.directed() ? "" : " (collapsed graph)") << "\n\n";
    Table t({"rank", "actor", name}, "rlr");
    for (std::size_t i = 0; i < scores.size(); ++i) {
      t.add({num(i + 1), named(scores[i].actor), score_text(*metric, scores[i].score)});
    }
    t.print(io.out);
  }
  return kExitOk;
}

// ---------------------------------------------------------------------------
// The sub-query table.

const GraphOptionSet kPairOptions{false, false, false, true};

const SubQuery kSubQueries[] = {
    {"links", "ACTOR [options]", "every actor linked to ACTOR, how and how much",
     "Lists every actor linked to ACTOR, heaviest first: events in both directions, the\n"
     "relations split into ACTOR's own (→) and the other's (←), articles, first and last\n"
     "seen, mean Goldstein score, cooperation and conflict events and top topics.\n"
     "Actors are given by code, name, alias or demonym (PAK, Pakistan, pakistani).",
     1, run_links,
     [](po::options_description& o) {
       o.add_options()("limit", po::value<std::size_t>()->default_value(0), "show the first N links (0: all)");
     },
     GraphOptionSet{false, false, false, false}},
    {"between", "A B [options]", "all relations between two actors, with evidence and a timeline",
     "Shows every relation between A and B in both directions, the dyad's totals and\n"
     "topics, its timeline as cooperation and conflict sparklines, and the strongest\n"
     "evidence sentences (highest |Goldstein|, then confidence, then latest) with their\n"
     "document, date and URL.",
     2, run_between,
     [](po::options_description& o) {
       o.add_options()("evidence", po::value<std::size_t>()->default_value(3),
                       "evidence sentences to show (0: none)");
     },
     kPairOptions},
    {"timeline", "A B [--by day|week|month|year] [options]", "events of two actors per time bucket",
     "Counts the events between A and B (both directions) per day, ISO week, month or\n"
     "year, split into cooperation (quad classes 1-2: verbal, material) and conflict\n"
     "(3-4), as a table of the non-empty buckets and as two text sparklines over every\n"
     "bucket from the first to the last. Undated events are counted but not shown.",
     2, run_timeline, nullptr, kPairOptions},
    {"path", "A B [--hops] [--directed] [options]", "the strongest chain of relations between two actors",
     "Finds how A is connected to B. By default the strongest chain: Dijkstra's shortest\n"
     "path where a hop between two actors costs 1 / (their events), so heavy links make\n"
     "cheap hops; equal costs prefer fewer hops. --hops finds the chain with the fewest\n"
     "hops instead (breadth-first search). Relations count in either direction unless\n"
     "--directed, which follows them from subject to object only.",
     2, run_path,
     [](po::options_description& o) {
       o.add_options()("hops", po::bool_switch(), "fewest hops instead of strongest chain")  //
           ("directed", po::bool_switch(), "follow relations from subject to object only")  //
           ("min-weight", po::value<std::uint64_t>()->default_value(1), "ignore links with fewer events");
     },
     GraphOptionSet{false, false, false, false}},
    {"top", "[--metric M] [--limit N] [options]", "the most central actors by a metric",
     "Ranks actors by a centrality metric (ties by code):\n"
     "  degree       distinct actors linked (either direction)\n"
     "  strength     events the actor took part in\n"
     "  pagerank     Boost.Graph PageRank over who-acted-on-whom (damping 0.85)\n"
     "  betweenness  Boost.Graph Brandes betweenness over fewest-hop paths\n"
     "  cooperation  cooperation events (quad classes 1-2) the actor took part in\n"
     "  conflict     conflict events (quad classes 3-4) the actor took part in\n"
     "--collapse reads relations as undirected (one link per pair of actors).",
     0, run_top,
     [](po::options_description& o) {
       o.add_options()("metric", po::value<std::string>()->default_value("strength"),
                       "degree, strength, pagerank, betweenness, cooperation or conflict")  //
           ("limit", po::value<std::size_t>()->default_value(10), "show the first N actors (0: all)");
     },
     GraphOptionSet{false, true, true, false}},
};

void print_overview(std::ostream& out) {
  out << "usage: dipgraph query <question> [options]\n\n"
         "Answers questions about country links from the event store. Actors are given by\n"
         "code, name, alias or demonym (PAK, Pakistan, pakistani). Tables for people,\n"
         "--json for programs. Every question takes --store, --since, --until, --relation.\n\n"
         "questions:\n";
  Table t({"", "", ""}, "lll");
  for (const SubQuery& q : kSubQueries) t.add({std::string(q.name), q.synopsis, q.summary});
  std::ostringstream rows;
  t.print(rows, "  ");
  const std::string text = rows.str();
  out << text.substr(text.find('\n') + 1)  // without the empty header row
      << "\n'dipgraph query <question> --help' shows a question's options.\n";
}

}  // namespace

int run_query(const std::vector<std::string>& args, Io& io) {
  if (args.empty()) {
    print_overview(io.err);
    return kExitUsage;
  }
  const std::string& name = args.front();
  if (name == "--help" || name == "-h" || name == "help") {
    print_overview(io.out);
    return kExitOk;
  }
  for (const SubQuery& q : kSubQueries) {
    if (name != q.name) continue;
    Context ctx;
    if (auto done = parse(q, std::vector<std::string>(args.begin() + 1, args.end()), ctx, io)) return *done;
    const int status = q.run(ctx, io);
    io.out.flush();
    return status;
  }
  std::string message = "unknown question '" + name + "'";
  std::string best;
  std::size_t best_distance = 3;
  for (const SubQuery& q : kSubQueries) {
    const std::size_t d = edit_distance(name, q.name);
    if (d < best_distance) {
      best_distance = d;
      best = q.name;
    }
  }
  if (!best.empty()) message += " (did you mean '" + best + "'?)";
  throw UsageError("query", message + "; questions: links, between, timeline, path, top");
}

}  // namespace dipgraph::cli
