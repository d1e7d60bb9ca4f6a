// `dipgraph inspect`: how dipgraph read each article, for a user checking its input.
#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/writer.h>

#include <iostream>

#include "cli/commands.h"
#include "json_fields.h"
#include "dipgraph/article_reader.h"
#include "dipgraph/lexicon.h"
#include "dipgraph/text_cleaner.h"

namespace dipgraph::cli {
namespace po = boost::program_options;

namespace {

using JsonWriter = rapidjson::Writer<rapidjson::OStreamWrapper>;

// The lexicon matches of every sentence, in sentence order.
using SentenceMatches = std::vector<std::vector<Match>>;

SentenceMatches match_sentences(const Lexicon& lex, const CleanedText& clean,
                                const std::vector<Sentence>& sentences, const std::string& date) {
  SentenceMatches out;
  out.reserve(sentences.size());
  for (const Sentence& s : sentences) out.push_back(lex.match(clean.text, s.tokens, date));
  return out;
}

// What a match stands for in one word: the actor's name kind, a person's office,
// a cue's CAMEO code.
std::string match_detail(const Lexicon& lex, const Match& m) {
  switch (m.kind) {
    case MatchKind::kActor: return std::string(to_string(m.name_kind)) + (m.place ? " place" : "");
    case MatchKind::kPerson: return lex.people()[m.entry].office;
    case MatchKind::kCue: return lex.cues()[m.entry].cameo;
    default: return {};
  }
}

void write_json_matches(JsonWriter& w, const Lexicon& lex, std::string_view text,
                        const std::vector<Match>& matches) {
  w.StartArray();
  for (const Match& m : matches) {
    w.StartObject();
    w.Key("kind");
    w.String(to_string(m.kind));
    json::put_field(w, "code", m.code);
    json::put_field(w, "detail", match_detail(lex, m));
    json::put_pair(w, "tokens", m.first_token, m.last_token);
    json::put_pair(w, "span", m.begin, m.end);
    json::put_field(w, "text", text.substr(m.begin, m.end - m.begin));
    w.EndObject();
  }
  w.EndArray();
}

void write_json(const Article& a, const CleanedText& clean, const std::vector<Sentence>& sentences,
                const Lexicon& lex, const SentenceMatches& matches, std::ostream& out) {
  rapidjson::OStreamWrapper stream(out);
  JsonWriter w(stream);
  w.StartObject();
  json::put_field(w, "doc", a.id);
  json::put_field(w, "origin", a.origin);
  json::put_field(w, "title", clean.title);
  json::put_field(w, "date", a.date);
  json::put_field(w, "url", a.url);
  json::put_field(w, "source", a.source);
  w.Key("dropped");
  w.StartArray();
  for (const auto& line : clean.dropped) json::put_string(w, line);
  w.EndArray();
  json::put_field(w, "text", clean.text);
  w.Key("sentences");
  w.StartArray();
  for (const Sentence& s : sentences) {
    w.StartObject();
    w.Key("index");
    w.Uint64(s.index);
    json::put_pair(w, "span", s.begin, s.end);
    json::put_pair(w, "raw_span", clean.map.to_raw(s.begin), clean.map.to_raw(s.end));
    w.Key("tokens");
    w.Uint64(s.tokens.size());
    json::put_field(w, "text", s.text);
    w.Key("matches");
    write_json_matches(w, lex, clean.text, matches[static_cast<std::size_t>(&s - sentences.data())]);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  out << '\n';
}

void write_text(const Article& a, const CleanedText& clean, const std::vector<Sentence>& sentences,
                const Lexicon& lex, const SentenceMatches& matches, std::ostream& out) {
  out << "== " << a.id << "  (" << a.origin << ")\n";
  out << "title:  " << clean.title << '\n';
  out << "date:   " << (a.date.empty() ? "unknown" : a.date) << '\n';
  if (!a.url.empty()) out << "url:    " << a.url << '\n';
  if (!a.source.empty()) out << "source: " << a.source << '\n';
  out << "dropped " << clean.dropped.size() << " line(s):\n";
  for (const auto& line : clean.dropped) out << "  - " << line << '\n';
  out << "sentences: " << sentences.size() << '\n';
  for (const Sentence& s : sentences) {
    out << "  [" << s.index << "] " << s.begin << '-' << s.end << " (" << s.tokens.size()
        << " tokens) " << s.text << '\n';
    for (const Match& m : matches[static_cast<std::size_t>(&s - sentences.data())]) {
      std::string detail = match_detail(lex, m);
      out << "      " << to_string(m.kind) << ' ' << m.code << (detail.empty() ? "" : " ")
          << detail << "  " << m.begin << '-' << m.end << " \""
          << std::string_view(clean.text).substr(m.begin, m.end - m.begin) << "\"\n";
    }
  }
  out << '\n';
}

}  // namespace

int run_inspect(const std::vector<std::string>& args, Io& io) {
  po::options_description options("options");
  options.add_options()                                                       //
      ("input", po::value<std::vector<std::string>>()->required(), "article files, directories, or - for JSON lines on stdin")  //
      ("json", po::bool_switch(), "one JSON object per document instead of text")  //
      ("lexicon", po::value<std::vector<std::string>>()->default_value({}, ""),
       "add or override lexicon entries from FILE (repeatable)");
  po::variables_map vm;
  if (auto done = parse_command_line(
          "inspect", "[--json] [--lexicon FILE]... INPUT...",
          "Reads articles as `extract` would and shows, for each document, the lines the\n"
          "cleaner dropped, the cleaned text, its sentences with byte offsets and the\n"
          "lexicon matches of each sentence (actors, people, offices, cues, topics).",
          options, "input", args, vm, io)) {
    return *done;
  }
  const bool json = vm["json"].as<bool>();
  std::size_t lexicon_errors = 0;
  const Lexicon lex = load_command_lexicon(vm, io, lexicon_errors);
  ArticleReader reader(vm["input"].as<std::vector<std::string>>(),
                       [&io](const Diagnostic& d) { io.err << format_diagnostic(d) << '\n'; },
                       ReaderLimits{}, &io.in);
  Article article;
  while (reader.next(article)) {
    CleanedText clean = clean_text(article.text, article.title, article.source);
    std::vector<Sentence> sentences = split_sentences(clean.text);
    SentenceMatches matches = match_sentences(lex, clean, sentences, article.date);
    if (json) {
      write_json(article, clean, sentences, lex, matches, io.out);
    } else {
      write_text(article, clean, sentences, lex, matches, io.out);
    }
  }
  io.out.flush();
  if (reader.bad_records() > 0) {
    io.err << "dipgraph inspect: " << reader.bad_records() << " input record(s) skipped\n";
    return kExitBadInput;
  }
  return lexicon_errors > 0 ? kExitBadInput : kExitOk;
}

}  // namespace dipgraph::cli
