// parse_triple_json reads a line with RapidJSON's SAX reader, in place. It must
// answer exactly as the DOM reader it replaced: same triple, same diagnostics (text,
// line, column, excerpt), on good lines and on every kind of bad one. The DOM reader
// is kept here as the reference, and both read many hand-made and mutated lines.
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "dipgraph/news_date.h"
#include "dipgraph/triple_io.h"

using namespace dipgraph;

namespace {

// ---------------------------------------------------------------------------------
// The reference: parse_triple_json as it was, on a RapidJSON DOM.

class ReferenceFields {
 public:
  ReferenceFields(const rapidjson::Value& object, const std::string& file, std::size_t line,
                  const Reporter& report)
      : object_(object), file_(file), line_(line), report_(report) {}

  bool string(const rapidjson::Value& in, const char* key, std::string& out, bool required,
              const char* path) {
    auto it = in.FindMember(key);
    if (it == in.MemberEnd() || it->value.IsNull()) {
      if (required) return fail(std::string("missing field \"") + path + "\"");
      return true;
    }
    if (!it->value.IsString()) return fail(std::string("field \"") + path + "\" must be a string");
    out.assign(it->value.GetString(), it->value.GetStringLength());
    return true;
  }

  bool actor(const char* key, ActorRef& out) {
    auto it = object_.FindMember(key);
    if (it == object_.MemberEnd() || !it->value.IsObject())
      return fail(std::string("field \"") + key + "\" must be an object with an \"id\"");
    const std::string prefix = std::string(key) + ".";
    const auto& a = it->value;
    return string(a, "id", out.id, true, (prefix + "id").c_str()) &&
           string(a, "name", out.name, false, (prefix + "name").c_str()) &&
           string(a, "type", out.type, false, (prefix + "type").c_str()) &&
           string(a, "text", out.text, false, (prefix + "text").c_str());
  }

  bool fail(const std::string& message) {
    report_(Diagnostic{Severity::kError, file_, line_, 0, message, {}});
    return false;
  }

 private:
  const rapidjson::Value& object_;
  const std::string& file_;
  std::size_t line_;
  const Reporter& report_;
};

bool reference_parse(std::string_view line, const std::string& file, std::size_t line_number,
                     const Reporter& report, Triple& out) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(line.data(), line.size());
  if (doc.HasParseError()) {
    report(Diagnostic{Severity::kError, file, line_number, doc.GetErrorOffset() + 1,
                      rapidjson::GetParseError_En(doc.GetParseError()), std::string(line)});
    return false;
  }
  ReferenceFields fields(doc, file, line_number, report);
  if (!doc.IsObject()) return fields.fail("a triple must be a JSON object");
  out = Triple{};
  if (!fields.string(doc, "doc", out.doc, true, "doc") ||
      !fields.string(doc, "date", out.date, false, "date") || !fields.actor("subject", out.subject) ||
      !fields.string(doc, "relation", out.relation, true, "relation") ||
      !fields.string(doc, "cameo", out.cameo, false, "cameo") ||
      !fields.actor("object", out.object) ||
      !fields.string(doc, "evidence", out.evidence, false, "evidence")) {
    return false;
  }
  if (!out.date.empty() && !is_iso_calendar_date(out.date)) {
    return fields.fail("field \"date\" must be a date YYYY-MM-DD (or empty), not \"" +
                       out.date.substr(0, 40) + "\"");
  }
  if (auto it = doc.FindMember("sentence"); it != doc.MemberEnd()) {
    if (!it->value.IsUint64()) return fields.fail("field \"sentence\" must be a whole number");
    out.sentence = it->value.GetUint64();
  }
  if (auto it = doc.FindMember("quad"); it != doc.MemberEnd()) {
    if (!it->value.IsInt() || it->value.GetInt() < 1 || it->value.GetInt() > 4)
      return fields.fail("field \"quad\" must be 1, 2, 3 or 4");
    out.quad = it->value.GetInt();
  }
  if (auto it = doc.FindMember("goldstein"); it != doc.MemberEnd()) {
    if (!it->value.IsNumber() || std::fabs(it->value.GetDouble()) > 10.0)
      return fields.fail("field \"goldstein\" must be a number from -10 to 10");
    out.goldstein = it->value.GetDouble();
  }
  if (auto it = doc.FindMember("confidence"); it != doc.MemberEnd()) {
    if (!it->value.IsNumber() || it->value.GetDouble() < 0 || it->value.GetDouble() > 1)
      return fields.fail("field \"confidence\" must be a number from 0 to 1");
    out.confidence = it->value.GetDouble();
  }
  if (auto it = doc.FindMember("negated"); it != doc.MemberEnd()) {
    if (!it->value.IsBool()) return fields.fail("field \"negated\" must be true or false");
    out.negated = it->value.GetBool();
  }
  if (auto it = doc.FindMember("topics"); it != doc.MemberEnd()) {
    if (!it->value.IsArray()) return fields.fail("field \"topics\" must be an array of strings");
    for (const auto& v : it->value.GetArray()) {
      if (!v.IsString()) return fields.fail("field \"topics\" must be an array of strings");
      out.topics.emplace_back(v.GetString(), v.GetStringLength());
    }
  }
  if (auto it = doc.FindMember("span"); it != doc.MemberEnd()) {
    const auto& s = it->value;
    if (!s.IsArray() || s.Size() != 2 || !s[0].IsUint64() || !s[1].IsUint64() ||
        s[0].GetUint64() > s[1].GetUint64())
      return fields.fail("field \"span\" must be [begin, end] with begin <= end");
    out.span_begin = s[0].GetUint64();
    out.span_end = s[1].GetUint64();
  }
  return true;
}

// ---------------------------------------------------------------------------------

struct Outcome {
  bool ok = false;
  std::vector<std::string> messages;  // format_diagnostic of each, excerpt included
  Triple triple;
};

template <typename Parse>
Outcome outcome_of(Parse parse, std::string_view line, Triple into) {
  Outcome o;
  const Reporter report = [&o](const Diagnostic& d) { o.messages.push_back(format_diagnostic(d)); };
  o.ok = parse(line, "t.jsonl", 9, report, into);
  if (o.ok) o.triple = std::move(into);
  return o;
}

std::string written_line(const Triple& t);

// The line reader on `line`: when it says the line is as written (written_json), it
// must be append_triple_json's output exactly, since ingest hashes it as that.
// Returns whether it said so.
bool written_json_is_exact(const std::string& line) {
  std::istringstream in(line + "\n");
  TripleLineReader reader(in, "t.jsonl", [](const Diagnostic&) {});
  Triple t;
  if (!reader.next(t) || reader.written_json().empty()) return false;
  BOOST_TEST(reader.written_json() == written_line(t), "line: " << line);
  return true;
}

// Both readers on `line`; the new one parses into a triple that held another line
// before (ingest reuses them), the reference into a fresh one. Returns whether
// the line was good, for the callers that want to know.
bool same_as_reference(std::string_view line) {
  const Outcome want = outcome_of(reference_parse, line, Triple{});
  Triple used;
  used.doc = "earlier document with a long id, kept in the heap";
  used.topics = {"x", "y", "z", "w"};
  used.span_end = 7;
  used.subject.text = std::string(100, 's');
  const Outcome got = outcome_of(parse_triple_json, line, used);
  BOOST_TEST_CONTEXT("line: " << line) {
    BOOST_TEST(got.ok == want.ok);
    BOOST_TEST(got.messages == want.messages, boost::test_tools::per_element());
    BOOST_TEST((got.triple == want.triple));
  }
  written_json_is_exact(std::string(line));
  return want.ok;
}

const char* const kGood =
    R"({"doc":"d0000001","sentence":3,"date":"2015-01-01","subject":{"id":"TUR","name":"Turkey",)"
    R"("type":"country","text":"officials of Turkey"},"relation":"assault","cameo":"180","quad":4,)"
    R"("goldstein":-9.0,"object":{"id":"CHN","name":"China","type":"country","text":"China"},)"
    R"("topics":["health","peace_process"],"negated":false,"confidence":0.95,)"
    R"("evidence":"Officials of Turkey shelled \"positions\" of China.\tCaf\u00e9 \ud83d\ude00 \u20ac",)"
    R"("span":[68,125]})";

// Lines a person or another program might write, good and bad.
const std::vector<std::string>& hand_made_lines() {
  static const std::vector<std::string> lines = {
      kGood,
      R"({"doc":"d","subject":{"id":"PAK"},"relation":"accuse","object":{"id":"IND"}})",
      R"(  { "doc" : "d" , "subject" : { "id" : "PAK" } , "relation" : "x" , "object" : {"id":"IND"} }  )",
      "\t{\"doc\":\"d\",\"subject\":{\"id\":\"PAK\"},\"relation\":\"x\",\"object\":{\"id\":\"IND\"}}\r",
      // Repeated keys: the first one counts, also when it is null or of a wrong type.
      R"({"doc":"a","doc":"b","subject":{"id":"A","id":"B","text":"t1","text":5},"relation":"x","object":{"id":"C"}})",
      R"({"doc":null,"doc":"b","subject":{"id":"A"},"relation":"x","object":{"id":"C"}})",
      R"({"doc":"a","subject":{"id":"A"},"subject":{"id":"Z"},"relation":"x","object":{"id":"C"}})",
      R"({"doc":"a","subject":"A","subject":{"id":"Z"},"relation":"x","object":{"id":"C"}})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"topics":["a"],"topics":[1]})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"topics":[1],"topics":["a"]})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"span":[1,2],"span":[3]})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"quad":2,"quad":9})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"quad":9,"quad":2})",
      // Nulls: absent for optional strings, missing for required ones, wrong elsewhere.
      R"({"doc":"a","date":null,"cameo":null,"evidence":null,"subject":{"id":"A","name":null},"relation":"x","object":{"id":"C"}})",
      R"({"doc":"a","subject":{"id":null},"relation":"x","object":{"id":"C"}})",
      R"({"doc":"a","subject":{"id":"A"},"relation":null,"object":{"id":"C"}})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":null})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"sentence":null})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"topics":null})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"topics":["a",null]})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"span":null})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"negated":null})",
      // Wrong types and ranges, field by field.
      R"({"doc":5,"subject":{"id":"A"},"relation":"x","object":{"id":"C"}})",
      R"({"doc":"a","date":20150101,"subject":{"id":"A"},"relation":"x","object":{"id":"C"}})",
      R"({"doc":"a","date":"2015-02-29","subject":{"id":"A"},"relation":"x","object":{"id":"C"}})",
      R"({"doc":"a","date":"2016-02-29","subject":{"id":"A"},"relation":"x","object":{"id":"C"}})",
      R"({"doc":"a","subject":[],"relation":"x","object":{"id":"C"}})",
      R"({"doc":"a","subject":{},"relation":"x","object":{"id":"C"}})",
      R"({"doc":"a","subject":{"id":"A","name":[]},"relation":"x","object":{"id":"C"}})",
      R"({"doc":"a","subject":{"id":"A","type":{"id":"B"}},"relation":"x","object":{"id":"C"}})",
      R"({"doc":"a","subject":{"id":"A","x":{"id":5,"name":[1]}},"relation":"x","object":{"id":"C","text":true}})",
      R"({"doc":"a","subject":{"id":"A"},"relation":["x"],"object":{"id":"C"}})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","cameo":40,"object":{"id":"C"}})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"evidence":{}})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"sentence":-1})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"sentence":2.0})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"sentence":18446744073709551615})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"sentence":18446744073709551616})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"sentence":"3"})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"quad":0})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"quad":4.0})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"quad":-3})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"quad":4294967297})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"goldstein":-10})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"goldstein":10.0001})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"goldstein":-0.0})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"goldstein":1e1})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"goldstein":"1"})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"confidence":1})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"confidence":-1e-9})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"confidence":0.123456789012345678})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"confidence":true})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"negated":1})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"negated":true})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"topics":"a"})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"topics":[]})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"topics":["a",["b"]]})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"topics":["a",{"b":"c"},"d"]})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"span":[]})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"span":[1]})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"span":[1,2,3]})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"span":[2,2]})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"span":[3,2]})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"span":[-1,2]})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"span":[1.5,2]})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"span":[[1],2]})",
      R"({"doc":"a","subject":{"id":"A"},"relation":"x","object":{"id":"C"},"span":{"0":1,"1":2}})",
      // Unknown members of every type, at every depth, are skipped.
      R"({"x":{"doc":"no","subject":{"id":"Q"}},"doc":"a","y":[{"relation":"no"}],"subject":{"id":"A"},"relation":"x","object":{"id":"C"},"z":null,"w":[[[]]]})",
      // Keys that only look like members.
      R"({"doc ":"no","Doc":"no","doc\u0000":"no","do\u0063":"yes","subject":{"id":"A"},"relation":"x","object":{"id":"C"}})",
      R"({"doc":"a","subject":{"ids":"no","i\u0064":"A"},"relation":"x","object":{"id":"C"}})",
      // Escapes and Unicode in values.
      R"({"doc":"\u0064\n\t\"\\\/\b\f\r","subject":{"id":"A","text":"\u00e9\u4e2d\ud834\udd1e"},"relation":"x","object":{"id":"C"}})",
      "{\"doc\":\"caf\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x98\x80 \xFF\xFE raw\",\"subject\":{\"id\":\"A\"},\"relation\":\"x\",\"object\":{\"id\":\"C\"}}",
      R"({"doc":"a\u0000b","subject":{"id":"A"},"relation":"x","object":{"id":"C"}})",
      R"({"doc":"\ud800","subject":{"id":"A"},"relation":"x","object":{"id":"C"}})",
      R"({"doc":"\ud800\u0041","subject":{"id":"A"},"relation":"x","object":{"id":"C"}})",
      R"({"doc":"\udc00","subject":{"id":"A"},"relation":"x","object":{"id":"C"}})",
      R"({"doc":"\u12G4","subject":{"id":"A"},"relation":"x","object":{"id":"C"}})",
      R"({"doc":"\x","subject":{"id":"A"},"relation":"x","object":{"id":"C"}})",
      "{\"doc\":\"tab\tinside\",\"subject\":{\"id\":\"A\"},\"relation\":\"x\",\"object\":{\"id\":\"C\"}}",
      // Broken JSON and other roots.
      R"({"doc":"d",)",
      R"({"doc":"d"} trailing)",
      R"({"doc":"d"}})",
      R"({"doc" "d"})",
      R"({"doc":"d",})",
      R"({doc:"d"})",
      R"({"doc":'d'})",
      R"({"doc":"d","n":01})",
      R"({"doc":"d","n":1.})",
      R"({"doc":"d","n":1e})",
      R"({"doc":"d","n":-})",
      R"({"doc":"d","n":1e999})",
      R"({"doc":"d","n":tru})",
      R"({"doc":"d","n":nul})",
      R"({"doc":"d","n":[1,]})",
      R"({"doc":"d")",
      R"("just a string")",
      "[1,2]",
      "42",
      "null",
      "true",
      "{}",
      "[]",
      "",
      "   ",
      std::string("{\"doc\":\"a\",\"subject\":{\"id\":\"A\"},\"relation\":\"x\",\"object\":{\"id\":\"C\"}}\0junk", 70),
      std::string("{\"doc\":\"a\0b\",\"subject\":{\"id\":\"A\"}}", 34),
      std::string("{\"doc\":\"a\",\0\"subject\":{\"id\":\"A\"}}", 34),
  };
  return lines;
}

// A line as append_triple_json writes it (without the newline), which parse_triple_json
// reads without RapidJSON when it can.
std::string written_line(const Triple& t) {
  std::string line;
  append_triple_json(t, line);
  line.pop_back();
  return line;
}

Triple written_triple() {
  Triple t;
  t.doc = "d0000042";
  t.sentence = 12;
  t.date = "2016-02-29";
  t.subject = {"TUR", "Turkey", "country", "officials of Turkey, caf\xC3\xA9 / \xFF"};
  t.relation = "assault";
  t.cameo = "180";
  t.quad = 4;
  t.goldstein = -9.0;
  t.object = {"NATO", "NATO", "igo", ""};
  t.topics = {"health", "peace_process", "x"};
  t.confidence = 0.95;
  t.evidence = "Officials of Turkey shelled positions of NATO on health.";
  t.span_begin = 68;
  t.span_end = 125;
  return t;
}

// `line` with the first `from` replaced by `to`.
std::string replaced(std::string line, const std::string& from, const std::string& to) {
  const std::size_t at = line.find(from);
  BOOST_REQUIRE(at != std::string::npos);
  return line.replace(at, from.size(), to);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(triple_io_parse)

BOOST_AUTO_TEST_CASE(hand_made_lines_read_as_the_dom_reader_read_them) {
  std::size_t good = 0;
  for (const std::string& line : hand_made_lines()) good += same_as_reference(line);
  // Both kinds are there: a comparison of failures only would prove little.
  BOOST_TEST(good >= 20u);
  BOOST_TEST(good + 40 <= hand_made_lines().size());
}

// Every prefix, every line with one byte deleted, and with one byte replaced by one
// of the bytes that matter to JSON, of two good lines: syntax errors at every
// offset, and every field with a value of the wrong type.
BOOST_AUTO_TEST_CASE(mutated_lines_read_as_the_dom_reader_read_them) {
  Triple no_topics = written_triple();
  no_topics.topics.clear();
  no_topics.negated = true;
  const std::string lines[] = {
      kGood,
      written_line(written_triple()),
      written_line(no_topics),
      R"({ "doc":"a","subject" :{"id":"A","name":null},"relation":"x","object":{"id":"C"},"span":[1,2],"topics":["t"],"quad":1,"sentence":0})",
  };
  const char replacements[] = {'"', '\\', '{', '}', '[', ']', ':', ',', ' ', '0', '-', '.', 'e',
                               'n', 't', 'x', '\0', '\n', '\x80'};
  std::size_t good = 0, bad = 0;
  for (const std::string& line : lines) {
    for (std::size_t i = 0; i <= line.size(); ++i) {
      (same_as_reference(line.substr(0, i)) ? good : bad)++;
      if (i == line.size()) break;
      std::string deleted = line;
      deleted.erase(i, 1);
      (same_as_reference(deleted) ? good : bad)++;
      for (char c : replacements) {
        std::string replaced = line;
        replaced[i] = c;
        (same_as_reference(replaced) ? good : bad)++;
      }
    }
  }
  BOOST_TEST(good > 100u);
  BOOST_TEST(bad > 1000u);
}

// Lines laid out as dipgraph writes them, with numbers and strings at the edges of
// what is read without RapidJSON: values must be the same to the bit (a goldstein of
// -0.0 is written, and hashed, differently from 0.0).
BOOST_AUTO_TEST_CASE(written_lines_read_as_the_dom_reader_read_them) {
  const std::string line = written_line(written_triple());
  BOOST_TEST(same_as_reference(line));
  BOOST_TEST(written_json_is_exact(line));
  // Read directly, but not as written: the hash must then be made from the triple.
  for (const auto& [from, to] : {std::pair{"-9.0", "-9"}, std::pair{"0.95", "0.950"},
                                 std::pair{"-9.0", "-9.00"}, std::pair{"0.95", "0.9500000"}}) {
    const std::string other = replaced(line, from, to);
    BOOST_TEST(same_as_reference(other));
    BOOST_TEST(!written_json_is_exact(other), other);
  }
  for (const char* number : {"-0", "0", "-0.0", "0.0", "10", "-10", "-10.0", "10.0001", "-9.5",
                             "9.99999999999999", "9.999999999999999", "0.1234567890123456",
                             "0.000000000000001", "1e1", "1E0", "1.0e0", "-9.50", "007", "0.95",
                             "1", "1.", ".5", "-", "--1", "+1", "3.14159265358979", "0.3",
                             "0.1", "0.7", "2.675", "-1.3", "\"1\"", "null", "1 "}) {
    BOOST_TEST_CONTEXT(number) {
      const bool good = same_as_reference(replaced(line, "\"goldstein\":-9.0", std::string("\"goldstein\":") + number));
      same_as_reference(replaced(line, "\"confidence\":0.95", std::string("\"confidence\":") + number));
      Triple t;
      const std::string n = number;
      if (good && parse_triple_json(replaced(line, "\"goldstein\":-9.0", "\"goldstein\":" + n), "t", 1,
                                    [](const Diagnostic&) {}, t) &&
          t.goldstein == 0) {
        BOOST_TEST(std::signbit(t.goldstein) == (n[0] == '-' && n.find('.') != std::string::npos));
      }
    }
  }
  for (const char* number : {"0", "00", "01", "-0", "-1", "1.0", "1e2", "4294967295", "4294967296",
                             "9999999999999999999", "18446744073709551615", "18446744073709551616",
                             "99999999999999999999", "\"1\""}) {
    BOOST_TEST_CONTEXT(number) {
      same_as_reference(replaced(line, "\"sentence\":12", std::string("\"sentence\":") + number));
      same_as_reference(replaced(line, "\"span\":[68", std::string("\"span\":[") + number));
      same_as_reference(replaced(line, "125]}", std::string(number) + "]}"));
    }
  }
  for (const char* quad : {"0", "1", "4", "5", "-1", "4.0", "04", "1e0", "\"4\"", "null"}) {
    same_as_reference(replaced(line, "\"quad\":4", std::string("\"quad\":") + quad));
  }
  for (const char* date : {"", "2016-02-30", "2016-2-28", "x"}) {
    same_as_reference(replaced(line, "2016-02-29", date));
  }
  for (const char* text : {"a\\\"b", "a\\u0041", "tab\there", "a/b", "\x7F\x80\xC3", "\\"}) {
    same_as_reference(replaced(line, "officials of Turkey,", text));
  }
  same_as_reference(line + " ");
  same_as_reference(line + "\r");
  same_as_reference(" " + line);
  same_as_reference(replaced(line, "\"negated\":false", "\"negated\":true"));
  same_as_reference(replaced(line, "\"negated\":false", "\"negated\":fals"));
  same_as_reference(replaced(line, "\"negated\":false", "\"negated\":0"));
  same_as_reference(replaced(line, "\"topics\":[\"health\",", "\"topics\":[\"health\" ,"));
  same_as_reference(replaced(line, "\"topics\":[\"health\",", "\"topics\":[\"health\",]"));
  same_as_reference(replaced(line, "\"topics\":[\"health\",", "\"topics\":[1,"));
  same_as_reference(replaced(line, "\"type\":\"igo\"", "\"type\":\"igo\",\"extra\":1"));
  same_as_reference(replaced(line, "\"span\":[68,125]", "\"span\":[125,68]"));
  same_as_reference(replaced(line, "\"confidence\"", "\"Confidence\""));
}

// Random triples, written and read again: what extract writes and ingest reads.
BOOST_AUTO_TEST_CASE(random_written_triples_read_as_the_dom_reader_read_them) {
  std::uint64_t state = 12345;
  const auto next = [&state](std::uint64_t n) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (state >> 33) % n;
  };
  // A third of the triples have bytes to escape in their strings (read by RapidJSON).
  bool escapes = false;
  const auto text = [&next, &escapes]() {
    static const char kBytes[] = "ab Z09,.:/{}[]\x7F\x80\xC3\xA9\xFF\"\\\t\n\x01";
    const std::size_t choices = escapes ? sizeof kBytes - 1 : sizeof kBytes - 6;
    std::string s;
    const std::size_t n = next(4) == 0 ? 0 : next(40);
    for (std::size_t i = 0; i < n; ++i) {
      s += next(3) == 0 ? kBytes[next(choices)] : static_cast<char>('a' + next(26));
    }
    return s;
  };
  int as_written = 0;
  for (int i = 0; i < 3000; ++i) {
    escapes = next(3) == 0;
    Triple t;
    t.doc = text();
    t.sentence = next(3) == 0 ? next(1ull << 40) * next(1ull << 23) : next(100);
    t.date = next(2) == 0 ? "" : "2015-0" + std::to_string(1 + next(9)) + "-1" + std::to_string(next(10));
    t.subject = {text(), text(), text(), text()};
    t.relation = text();
    t.cameo = text();
    // Mostly in range, with any number of decimals; sometimes out of range.
    t.quad = static_cast<int>(next(5) == 0 ? next(6) : 1 + next(4));
    t.goldstein = (static_cast<double>(next(220001)) - 110000.0) / (next(2) == 0 ? 11000.0 : 33000.0);
    t.object = {text(), text(), text(), text()};
    for (std::size_t k = next(4); k > 0; --k) t.topics.push_back(text());
    t.negated = next(2) == 0;
    t.confidence = static_cast<double>(next(11000)) / (next(2) == 0 ? 10000.0 : 10007.0);
    t.evidence = text();
    t.span_begin = next(1000);
    t.span_end = next(1000);
    as_written += same_as_reference(written_line(t)) && written_json_is_exact(written_line(t));
  }
  BOOST_TEST_MESSAGE(as_written << " of 3000 lines as written");
  BOOST_TEST(as_written > 300);  // the fast reader's share: no escapes, right ranges
}

BOOST_AUTO_TEST_CASE(values_are_decoded_and_first_keys_win) {
  Triple t;
  const Reporter quiet = [](const Diagnostic&) {};
  BOOST_REQUIRE(parse_triple_json(kGood, "t.jsonl", 1, quiet, t));
  BOOST_TEST(t.evidence == "Officials of Turkey shelled \"positions\" of China.\tCaf\xC3\xA9 \xF0\x9F\x98\x80 \xE2\x82\xAC");
  BOOST_TEST(t.subject.text == "officials of Turkey");
  BOOST_TEST(t.goldstein == -9.0);
  BOOST_TEST(t.confidence == 0.95);
  BOOST_TEST((t.topics == std::vector<std::string>{"health", "peace_process"}));
  BOOST_TEST(t.span_begin == 68u);
  BOOST_TEST(t.span_end == 125u);
  // The same triple again reads into the same strings, nothing left of before.
  BOOST_REQUIRE(parse_triple_json(
      R"({"doc":"a","doc":"b","subject":{"id":"A","id":"B","text":"t1","text":5},"relation":"x","object":{"id":"C"}})",
      "t.jsonl", 1, quiet, t));
  BOOST_TEST(t.doc == "a");
  BOOST_TEST(t.subject.id == "A");
  BOOST_TEST(t.subject.text == "t1");
  BOOST_TEST(t.evidence.empty());
  BOOST_TEST(t.topics.empty());
  BOOST_TEST(t.span_end == 0u);
  BOOST_TEST(t.goldstein == 0.0);
  BOOST_REQUIRE(parse_triple_json(
      R"({"doc":"a\u0000b","subject":{"id":"A"},"relation":"x","object":{"id":"C"}})", "t.jsonl", 1,
      quiet, t));
  BOOST_TEST(t.doc == std::string("a\0b", 3));
}

// Nesting far deeper than the parser's first stack buffer: reported as before, no
// overflow (the sanitizer build watches).
BOOST_AUTO_TEST_CASE(deep_nesting_is_read_as_before) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  same_as_reference(deep);
  same_as_reference(R"({"doc":"a","x":)" + deep + R"(,"subject":{"id":"A"},"relation":"x","object":{"id":"C"}})");
  same_as_reference(std::string(5000, '{'));
}

// The line reader parses a copy of each line in place and reports a syntax error
// with the line as it was read.
BOOST_AUTO_TEST_CASE(line_reader_reports_lines_as_read) {
  const std::string bad = R"({"doc":"caf\u00e9","evidence":"x\ty" oops})";
  std::istringstream in(bad + "\n" + kGood + "\n");
  std::vector<Diagnostic> seen;
  TripleLineReader reader(in, "t.jsonl", [&seen](const Diagnostic& d) { seen.push_back(d); });
  Triple t;
  BOOST_REQUIRE(reader.next(t));
  BOOST_TEST(reader.line() == 2u);
  BOOST_TEST(t.doc == "d0000001");
  BOOST_REQUIRE_EQUAL(seen.size(), 1u);
  BOOST_TEST(seen[0].line == 1u);
  BOOST_TEST(seen[0].excerpt == bad);
}

BOOST_AUTO_TEST_SUITE_END()
