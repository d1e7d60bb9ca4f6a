// `dipgraph lexicon list|check|lookup`: look into the dictionaries a user codes with.
#include <fstream>
#include <iomanip>
#include <iostream>

#include "cli/commands.h"
#include "dipgraph/news_date.h"
#include "dipgraph/lexicon.h"

namespace dipgraph::cli {
namespace po = boost::program_options;

namespace {

// Counts diagnostics and prints them to stderr.
struct CountingReporter {
  std::ostream& err;
  std::size_t errors = 0;
  std::size_t warnings = 0;

  Reporter reporter() {
    return [this](const Diagnostic& d) {
      (d.severity == Severity::kError ? errors : warnings) += 1;
      err << format_diagnostic(d) << '\n';
    };
  }
};

std::string source_of(const LexiconSource& s) { return s.file + ':' + std::to_string(s.line); }

void list(const Lexicon& lex, std::ostream& out) {
  out << "# " << lex.actors().size() << " actors, " << lex.names().size() << " names, "
      << lex.offices().size() << " offices, " << lex.people().size() << " office terms, "
      << lex.cues().size() << " cues, " << lex.topics().size() << " topic words, "
      << lex.context_rules().size() << " context rules; " << lex.phrase_count()
      << " phrases in the automaton\n";
  out << "# code\ttype\tname\talpha2\tnames\tpeople\n";
  for (const Actor& a : lex.actors()) {
    std::size_t names = 0;
    for (const ActorName& n : lex.names()) names += n.code == a.code;
    std::size_t people = 0;
    for (const Person& p : lex.people()) people += p.code == a.code;
    out << a.code << '\t' << to_string(a.type) << '\t' << a.name << '\t' << a.alpha2 << '\t'
        << names << '\t' << people << '\n';
  }
}

void describe(const Lexicon& lex, const Match& m, std::string_view text, std::ostream& out) {
  out << std::string(text.substr(m.begin, m.end - m.begin)) << "\t" << to_string(m.kind) << '\t'
      << m.code;
  switch (m.kind) {
    case MatchKind::kActor: {
      const ActorName& n = lex.names()[m.entry];
      const Actor* a = lex.actor(n.code);
      out << " (" << (a ? a->name : n.code) << ")\t" << to_string(n.kind) << " '" << n.phrase << "'"
          << (n.match_case ? " [case]" : "") << (m.place ? " [place]" : "") << '\t'
          << source_of(n.source);
      break;
    }
    case MatchKind::kPerson: {
      const Person& p = lex.people()[m.entry];
      out << '\t' << p.office << ' ' << p.from << ".." << p.to << " '" << p.names.front() << "'\t"
          << source_of(p.source);
      break;
    }
    case MatchKind::kOffice: {
      const OfficeTitle& o = lex.offices()[m.entry];
      out << "\ttitle '" << o.phrase << "'\t" << source_of(o.source);
      break;
    }
    case MatchKind::kCue: {
      const Cue& c = lex.cues()[m.entry];
      out << "\tcameo " << c.cameo << " goldstein " << c.goldstein << " quad " << c.quad()
          << " '" << c.pattern << "'\t" << source_of(c.source);
      break;
    }
    case MatchKind::kTopic: {
      const TopicWord& t = lex.topics()[m.entry];
      out << "\t'" << t.phrase << "'\t" << source_of(t.source);
      break;
    }
  }
  out << '\n';
}


int lookup(const Lexicon& lex, const std::string& text, const std::string& date, Io& io) {
  std::vector<Match> matches = lex.match_text(text, date);
  for (const Match& m : matches) describe(lex, m, text, io.out);
  if (const Actor* a = lex.resolve(text)) {
    io.out << "resolves to\t" << a->code << " (" << a->name << ")\n";
  } else if (matches.empty()) {
    io.out << "no match for '" << text << "'\n";
    auto suggestions = lex.suggest(text);
    if (!suggestions.empty()) {
      io.out << "did you mean:";
      for (const auto& s : suggestions) io.out << " '" << s << "'";
      io.out << '\n';
    }
    return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace

Lexicon load_lexicon(const std::vector<std::string>& files, const Reporter& report,
                     bool report_builtin) {
  return Lexicon::builtin_with_files(files, report, report_builtin);
}

Lexicon load_command_lexicon(const po::variables_map& vm, Io& io, std::size_t& errors) {
  return load_lexicon(vm["lexicon"].as<std::vector<std::string>>(),
                      [&io, &errors](const Diagnostic& d) {
                        errors += d.severity == Severity::kError;
                        io.err << format_diagnostic(d) << '\n';
                      });
}

int run_lexicon(const std::vector<std::string>& args, Io& io) {
  po::options_description options("options");
  options.add_options()                                                            //
      ("action", po::value<std::vector<std::string>>(), "list | check [FILE...] | lookup TEXT")  //
      ("lexicon", po::value<std::vector<std::string>>()->default_value({}, ""),
       "add or override entries from FILE (repeatable)")  //
      ("date", po::value<std::string>()->default_value(""),
       "date (YYYY-MM-DD) for people's office terms in lookup");
  po::variables_map vm;
  if (auto done = parse_command_line(
          "lexicon", "list | check [FILE...] | lookup TEXT [--lexicon FILE]... [--date D]",
          "Shows the built-in lexicon (data/lexicon/README.md describes its files).\n"
          "  list          actors with their counts of names and people\n"
          "  check FILE... validate lexicon files on top of the built-ins (none: the built-ins)\n"
          "  lookup TEXT   what TEXT matches and resolves to, with the file:line of each entry",
          options, "action", args, vm, io)) {
    return *done;
  }
  std::vector<std::string> action =
      vm.count("action") ? vm["action"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (action.empty()) throw UsageError("lexicon", "missing action: list, check or lookup");
  const auto& extra = vm["lexicon"].as<std::vector<std::string>>();
  const std::string& verb = action.front();
  std::vector<std::string> rest(action.begin() + 1, action.end());

  CountingReporter counter{io.err};
  if (verb == "list") {
    if (!rest.empty()) throw UsageError("lexicon", "list takes no arguments");
    Lexicon lex = load_lexicon(extra, counter.reporter());
    list(lex, io.out);
    return counter.errors ? kExitBadInput : kExitOk;
  }
  if (verb == "check") {
    std::vector<std::string> files = extra;
    files.insert(files.end(), rest.begin(), rest.end());
    Lexicon lex = load_lexicon(files, counter.reporter(), files.empty());
    io.err << "dipgraph lexicon: " << counter.errors << " error(s), " << counter.warnings
           << " warning(s) in " << (files.empty() ? std::string("the built-in lexicon")
                                                  : std::to_string(files.size()) + " file(s)")
           << '\n';
    return counter.errors ? kExitBadInput : kExitOk;
  }
  if (verb == "lookup") {
    if (rest.empty()) throw UsageError("lexicon", "lookup needs a TEXT");
    std::string text;
    for (const auto& w : rest) text += (text.empty() ? "" : " ") + w;
    const std::string date = vm["date"].as<std::string>();
    if (!date.empty() && !is_iso_calendar_date(date)) {
      throw UsageError("lexicon", "--date must be a date YYYY-MM-DD, not '" + date + "'");
    }
    Lexicon lex = load_lexicon(extra, counter.reporter());
    int status = lookup(lex, text, date, io);
    return counter.errors ? kExitBadInput : status;
  }
  throw UsageError("lexicon", "unknown action '" + verb + "' (expected list, check or lookup)");
}

}  // namespace dipgraph::cli
