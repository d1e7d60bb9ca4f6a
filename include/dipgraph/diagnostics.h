// Problems found in input, reported the way compilers report them.
//
// Two paths, as in leveldb's log reader: a bad record becomes a Diagnostic handed
// to the caller's Reporter and the record is skipped; a problem that stops the run
// is thrown as dipgraph::Error. Library code never prints and never exits.
#pragma once

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace dipgraph {

enum class Severity { kWarning, kError };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string file;        // path as the user gave it; "-" or "<stdin>" for stdin
  std::size_t line = 0;    // 1-based; 0 when the problem has no line
  std::size_t column = 0;  // 1-based byte column; 0 when unknown
  std::string message;
  std::string excerpt;     // the offending line, if useful (will be cut to ~80 columns)

  bool operator==(const Diagnostic&) const = default;
};

// Receives skipped-record diagnostics. Must not throw.
using Reporter = std::function<void(const Diagnostic&)>;

// ninja-style text: `file:line:column: error: message`, then the excerpt with a
// caret under the column when both are known. No trailing newline.
std::string format_diagnostic(const Diagnostic& d);

// The one error type that stops a run. what() is format_diagnostic(diagnostic()).
class Error : public std::runtime_error {
 public:
  explicit Error(Diagnostic d);
  Error(std::string file, std::string message);
  const Diagnostic& diagnostic() const { return diagnostic_; }

 private:
  Diagnostic diagnostic_;
};

}  // namespace dipgraph
