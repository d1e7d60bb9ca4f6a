// `dipgraph stats`: what a store holds, for people (text) and programs (--json).
#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/writer.h>

#include <iostream>

#include "cli/commands.h"
#include "dipgraph/event_store.h"

namespace dipgraph::cli {
namespace po = boost::program_options;

namespace {

void write_json(const std::string& path, const StoreStats& s, std::ostream& out) {
  rapidjson::OStreamWrapper stream(out);
  rapidjson::Writer<rapidjson::OStreamWrapper> w(stream);
  auto str = [&w](std::string_view v) {
    w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
  };
  w.StartObject();
  w.Key("store");
  str(path);
  w.Key("documents");
  w.Uint64(s.documents);
  w.Key("events");
  w.Uint64(s.events);
  w.Key("negated");
  w.Uint64(s.negated);
  w.Key("actors");
  w.Uint64(s.actors);
  w.Key("dyads");
  w.Uint64(s.dyads);
  w.Key("first_date");
  s.first_date.empty() ? w.Null() : (str(s.first_date), true);
  w.Key("last_date");
  s.last_date.empty() ? w.Null() : (str(s.last_date), true);
  w.Key("relations");
  w.StartObject();
  for (const auto& [relation, count] : s.events_per_relation) {
    str(relation);
    w.Uint64(count);
  }
  w.EndObject();
  w.EndObject();
  out << '\n';
}

void write_text(const std::string& path, const StoreStats& s, std::ostream& out) {
  out << "store:      " << path << '\n'
      << "documents:  " << s.documents << '\n'
      << "events:     " << s.events << " (" << s.negated << " negated)\n"
      << "actors:     " << s.actors << '\n'
      << "dyads:      " << s.dyads << '\n'
      << "dates:      "
      << (s.first_date.empty() ? std::string("none") : s.first_date + " .. " + s.last_date)
      << '\n'
      << "relations:\n";
  for (const auto& [relation, count] : s.events_per_relation) {
    std::string name = relation;
    name.resize(std::max<std::size_t>(name.size() + 2, 12), ' ');
    out << "  " << name << count << '\n';
  }
}

}  // namespace

int run_stats(const std::vector<std::string>& args, Io& io) {
  po::options_description options("options");
  options.add_options()                                                                 //
      ("store", po::value<std::string>()->default_value(kDefaultStore), "event store to read")  //
      ("json", po::bool_switch(), "one JSON object instead of text")                          //
      ("dump", po::bool_switch(),
       "print every row, sorted, tab-separated (documents, events, actors; no ingest times), "
       "to compare stores");
  po::variables_map vm;
  if (auto done = parse_command_line(
          "stats", "[--store DB] [--json | --dump]",
          "Shows what an event store holds: documents, events, actors, dyads (unordered\n"
          "actor pairs), the range of event dates and the events per relation. Opening a\n"
          "store of an older schema version migrates it.",
          options, nullptr, args, vm, io)) {
    return *done;
  }
  const std::string path = vm["store"].as<std::string>();
  EventStore store = EventStore::open(path, StoreOptions{false});
  if (vm["dump"].as<bool>()) {
    store.dump(io.out);
  } else if (vm["json"].as<bool>()) {
    write_json(path, store.stats(), io.out);
  } else {
    write_text(path, store.stats(), io.out);
  }
  io.out.flush();
  return kExitOk;
}

}  // namespace dipgraph::cli
