// Writing JSON fields with RapidJSON writers, shared by the triple writer and the
// CLI (private to the library and the CLI).
#pragma once

#include <rapidjson/rapidjson.h>

#include <cstdint>
#include <string_view>

namespace dipgraph::json {

template <typename Writer>
void put_string(Writer& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

// `"key":"value"`
template <typename Writer>
void put_field(Writer& w, const char* key, std::string_view value) {
  w.Key(key);
  put_string(w, value);
}

// `"key":[first,second]`, as spans and token ranges are written.
template <typename Writer>
void put_pair(Writer& w, const char* key, std::uint64_t first, std::uint64_t second) {
  w.Key(key);
  w.StartArray();
  w.Uint64(first);
  w.Uint64(second);
  w.EndArray();
}

}  // namespace dipgraph::json
