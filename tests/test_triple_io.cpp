#include "dipgraph/triple_io.h"

#include "dipgraph/event_store.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <boost/test/unit_test.hpp>
#include <sstream>
#include <string>
#include <vector>

using namespace dipgraph;

namespace {

Triple seed_triple() {
  Triple t;
  t.doc = "000";
  t.sentence = 2;
  t.date = "2021-04-07";
  t.subject = {"PAK", "Pakistan", "country", "Foreign Minister Shah Mahmood Qureshi"};
  t.relation = "consult";
  t.cameo = "040";
  t.quad = 1;
  t.goldstein = 1.0;
  t.object = {"RUS", "Russia", "country", "Russian Foreign Minister Sergey Lavrov"};
  t.topics = {"peace_process", "afghanistan"};
  t.negated = false;
  t.confidence = 0.9;
  t.evidence = "Qureshi welcomed \"Lavrov\"\tat the FO.";
  t.span_begin = 412;
  t.span_end = 598;
  return t;
}

// The triple as RapidJSON's Writer writes it: append_triple_json formats by hand for
// speed and must give the same bytes.
std::string rapidjson_line(const Triple& t) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.SetMaxDecimalPlaces(4);
  auto str = [&w](const std::string& s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); };
  auto actor = [&](const ActorRef& a) {
    w.StartObject();
    w.Key("id"); str(a.id);
    w.Key("name"); str(a.name);
    w.Key("type"); str(a.type);
    w.Key("text"); str(a.text);
    w.EndObject();
  };
  w.StartObject();
  w.Key("doc"); str(t.doc);
  w.Key("sentence"); w.Uint64(t.sentence);
  w.Key("date"); str(t.date);
  w.Key("subject"); actor(t.subject);
  w.Key("relation"); str(t.relation);
  w.Key("cameo"); str(t.cameo);
  w.Key("quad"); w.Int(t.quad);
  w.Key("goldstein"); w.Double(t.goldstein);
  w.Key("object"); actor(t.object);
  w.Key("topics");
  w.StartArray();
  for (const auto& topic : t.topics) str(topic);
  w.EndArray();
  w.Key("negated"); w.Bool(t.negated);
  w.Key("confidence"); w.Double(t.confidence);
  w.Key("evidence"); str(t.evidence);
  w.Key("span");
  w.StartArray();
  w.Uint64(t.span_begin);
  w.Uint64(t.span_end);
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

struct Collect {
  std::vector<Diagnostic> seen;
  Reporter reporter() {
    return [this](const Diagnostic& d) { seen.push_back(d); };
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(triple_io)

BOOST_AUTO_TEST_CASE(json_has_contract_key_order) {
  std::string out;
  append_triple_json(seed_triple(), out);
  BOOST_TEST(out ==
             "{\"doc\":\"000\",\"sentence\":2,\"date\":\"2021-04-07\","
             "\"subject\":{\"id\":\"PAK\",\"name\":\"Pakistan\",\"type\":\"country\","
             "\"text\":\"Foreign Minister Shah Mahmood Qureshi\"},"
             "\"relation\":\"consult\",\"cameo\":\"040\",\"quad\":1,\"goldstein\":1.0,"
             "\"object\":{\"id\":\"RUS\",\"name\":\"Russia\",\"type\":\"country\","
             "\"text\":\"Russian Foreign Minister Sergey Lavrov\"},"
             "\"topics\":[\"peace_process\",\"afghanistan\"],\"negated\":false,"
             "\"confidence\":0.9,\"evidence\":\"Qureshi welcomed \\\"Lavrov\\\"\\tat the FO.\","
             "\"span\":[412,598]}\n");
}

BOOST_AUTO_TEST_CASE(json_bytes_equal_rapidjson_writer) {
  Triple t = seed_triple();
  std::string every_byte;
  for (int c = 0; c < 256; ++c) every_byte += static_cast<char>(c);
  t.evidence = "Caf\xC3\xA9 \"quoted\" back\\slash /" + every_byte + "\x7F\xE2\x80\x99 end";
  t.subject.text = std::string("nul\0inside", 10);
  t.topics = {"a\nb", "", "\x1F"};
  t.sentence = 18446744073709551615ull;
  t.span_begin = 0;
  t.span_end = 4294967296ull;
  for (double g : {-10.0, -9.5, -7.2, -0.3, 0.0, 1.0, 3.4, 7.0, 10.0, 0.123456, -2.00004}) {
    for (int quad : {-1, 0, 4, 2147483647}) {
      t.goldstein = g;
      t.confidence = g / 3;
      t.quad = quad;
      t.negated = quad < 0;
      std::string out;
      append_triple_json(t, out);
      BOOST_TEST(out == rapidjson_line(t));
    }
  }
}

BOOST_AUTO_TEST_CASE(json_escapes_at_every_offset_of_a_block) {
  Triple t = seed_triple();
  for (char special : {'"', '\\', '\n', '\x01', '\x1F', ' ', '\x7F', '\x80', '\xFF', '!', '#', '[', ']'}) {
    for (std::size_t at = 0; at < 24; ++at) {
      t.evidence = std::string(24, 'a');
      t.evidence[at] = special;
      std::string out;
      append_triple_json(t, out);
      BOOST_TEST(out == rapidjson_line(t));
    }
  }
}

BOOST_AUTO_TEST_CASE(json_round_trip) {
  Triple t = seed_triple();
  t.goldstein = -7.2;
  t.negated = true;
  t.topics.clear();
  std::string out;
  append_triple_json(t, out);
  Collect c;
  Triple back;
  BOOST_TEST(parse_triple_json(out, "t.jsonl", 1, c.reporter(), back));
  BOOST_TEST(c.seen.empty());
  BOOST_TEST((back == t));
}

BOOST_AUTO_TEST_CASE(tsv_row_replaces_tabs) {
  std::string out(triple_tsv_header());
  append_triple_tsv(seed_triple(), out);
  BOOST_TEST(out ==
             "doc\tsentence\tdate\tsubject\trelation\tobject\tcameo\tquad\tgoldstein\ttopics\t"
             "negated\tconfidence\tsubject_text\tobject_text\tevidence\n"
             "000\t2\t2021-04-07\tPAK\tconsult\tRUS\t040\t1\t1.0\tpeace_process;afghanistan\t"
             "false\t0.90\tForeign Minister Shah Mahmood Qureshi\t"
             "Russian Foreign Minister Sergey Lavrov\tQureshi welcomed \"Lavrov\" at the FO.\n");
}

BOOST_AUTO_TEST_CASE(minimal_triple_is_enough) {
  Collect c;
  Triple t;
  BOOST_TEST(parse_triple_json(R"({"doc":"d","subject":{"id":"PAK"},"relation":"accuse","object":{"id":"IND"}})",
                               "t.jsonl", 3, c.reporter(), t));
  BOOST_TEST(t.subject.id == "PAK");
  BOOST_TEST(t.object.id == "IND");
  BOOST_TEST(t.quad == 0);
}

BOOST_AUTO_TEST_CASE(bad_lines_are_reported_with_file_and_line) {
  struct Case {
    const char* line;
    const char* message;
  } cases[] = {
      {R"({"doc":"d",)", "t.jsonl:7:12: error: Missing a name for object member."},
      {R"([1,2])", "t.jsonl:7: error: a triple must be a JSON object"},
      {R"({"subject":{"id":"PAK"},"relation":"x","object":{"id":"IND"}})",
       "t.jsonl:7: error: missing field \"doc\""},
      {R"({"doc":"d","subject":"PAK","relation":"x","object":{"id":"IND"}})",
       "t.jsonl:7: error: field \"subject\" must be an object with an \"id\""},
      {R"({"doc":"d","subject":{"id":5},"relation":"x","object":{"id":"IND"}})",
       "t.jsonl:7: error: field \"subject.id\" must be a string"},
      {R"({"doc":"d","subject":{"id":"A"},"relation":"x","object":{"id":"B"},"quad":5})",
       "t.jsonl:7: error: field \"quad\" must be 1, 2, 3 or 4"},
      {R"({"doc":"d","subject":{"id":"A"},"relation":"x","object":{"id":"B"},"goldstein":11})",
       "t.jsonl:7: error: field \"goldstein\" must be a number from -10 to 10"},
      {R"({"doc":"d","subject":{"id":"A"},"relation":"x","object":{"id":"B"},"span":[5,2]})",
       "t.jsonl:7: error: field \"span\" must be [begin, end] with begin <= end"},
      {R"({"doc":"d","subject":{"id":"A"},"relation":"x","object":{"id":"B"},"topics":[1]})",
       "t.jsonl:7: error: field \"topics\" must be an array of strings"},
      {R"({"doc":"d","subject":{"id":"A"},"relation":"x","object":{"id":"B"}} trailing)",
       "t.jsonl:7:69: error: The document root must not be followed by other values."},
  };
  for (const auto& k : cases) {
    Collect c;
    Triple t;
    BOOST_TEST_CONTEXT(k.line) {
      BOOST_TEST(!parse_triple_json(k.line, "t.jsonl", 7, c.reporter(), t));
      BOOST_REQUIRE(c.seen.size() == 1u);
      std::string text = format_diagnostic(c.seen[0]);
      BOOST_TEST(text.substr(0, text.find('\n')) == k.message);
    }
  }
}

BOOST_AUTO_TEST_CASE(dates_must_be_real_days) {
  for (const char* date : {"2021-13-45", "2021-02-30", "99999-01-01", "yesterday", "2021-4-7"}) {
    Collect c;
    Triple t;
    const std::string line = std::string(R"({"doc":"d","date":")") + date +
                             R"(","subject":{"id":"PAK"},"relation":"aid","object":{"id":"RUS"}})";
    BOOST_TEST(!parse_triple_json(line, "t.jsonl", 3, c.reporter(), t), date);
    BOOST_REQUIRE_EQUAL(c.seen.size(), 1u);
    BOOST_TEST(c.seen[0].line == 3u);
  }
  Triple t;
  BOOST_TEST(parse_triple_json(R"({"doc":"d","date":"2024-02-29","subject":{"id":"PAK"},"relation":"aid","object":{"id":"RUS"}})",
                               "t.jsonl", 1, Reporter{[](const Diagnostic&) {}}, t));
}

BOOST_AUTO_TEST_CASE(line_reader_skips_long_and_blank_lines) {
  std::string good;
  append_triple_json(seed_triple(), good);
  // A line of 100 bytes over a limit of 64, then blank lines, then a good triple
  // whose line is longer than the reader's read block (64 KiB) but under the limit.
  Triple big = seed_triple();
  big.evidence.assign(200000, 'x');
  std::string big_line;
  append_triple_json(big, big_line);
  const std::string input = std::string(100, 'a') + "\n\n  \r\n" + good + big_line;
  std::istringstream in(input);
  Collect c;
  TripleLineReader reader(in, "t.jsonl", c.reporter(), 300000);
  Triple t;
  BOOST_REQUIRE(reader.next(t));
  BOOST_TEST(reader.line() == 4u);
  BOOST_TEST((t == seed_triple()));
  BOOST_REQUIRE(reader.next(t));
  BOOST_TEST(reader.line() == 5u);
  BOOST_TEST(t.evidence.size() == 200000u);
  BOOST_TEST(!reader.next(t));
  BOOST_TEST(reader.bytes_read() == input.size());
  BOOST_REQUIRE_EQUAL(c.seen.size(), 1u);  // the 100 a's: under this limit, but not JSON
  BOOST_TEST(c.seen[0].line == 1u);

  std::istringstream small(input);
  Collect c2;
  TripleLineReader limited(small, "t.jsonl", c2.reporter(), 64);
  BOOST_REQUIRE(!limited.next(t));  // every non-blank line is over 64 bytes
  BOOST_REQUIRE_EQUAL(c2.seen.size(), 3u);
  BOOST_TEST(c2.seen[0].line == 1u);
  BOOST_TEST(c2.seen[0].message == "line of 100 bytes exceeds max_triple_line_bytes (64); skipped");
  BOOST_TEST(c2.seen[2].line == 5u);
}

// ingest --triples hashes documents through SortedTripleJson; the hash must be the
// store's own, whatever the order of the lines, and one call must not leak into
// the next (its buffers are reused).
BOOST_AUTO_TEST_CASE(sorted_json_hashes_as_triples_content_hash) {
  const Triple a = seed_triple();
  Triple b = a;
  b.sentence = 10;
  Triple c = a;
  c.sentence = 9;
  c.evidence = "Another \"sentence\".";
  Triple d = a;
  d.doc = "001";
  const std::vector<std::vector<Triple>> documents = {
      {a, b, c, d}, {}, {a}, {c, b}, {b, c}, {d, c, b, a}, {a, a, b}, {b}, {c, c}, {}};
  SortedTripleJson sorted;
  std::vector<std::string> hashes;
  for (const auto& triples : documents) {
    const std::string hash = content_hash(sorted.of(triples));
    BOOST_TEST(hash == triples_content_hash(triples));
    hashes.push_back(hash);
  }
  BOOST_TEST(hashes[0] == hashes[5]);  // order does not matter
  BOOST_TEST(hashes[3] == hashes[4]);
  BOOST_TEST(hashes[0] != hashes[6]);
  BOOST_TEST(hashes[1] == hashes[9]);
  std::string expected;
  append_triple_json(b, expected);  // "sentence":10 sorts before "sentence":9
  append_triple_json(c, expected);
  BOOST_TEST(sorted.of({c, b}) == expected);
  // Built a line at a time, with the lines given as read or written here.
  std::string line_of_b;
  append_triple_json(b, line_of_b);
  line_of_b.pop_back();
  sorted.clear();
  sorted.add(c);
  sorted.add(b, line_of_b);
  BOOST_TEST(sorted.sorted() == expected);
  sorted.clear();
  BOOST_TEST(sorted.sorted().empty());
}

BOOST_AUTO_TEST_SUITE_END()
