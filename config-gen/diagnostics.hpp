// Diagnostics: every problem found in an input file, with the position that caused it.
#pragma once
#include <string>
#include <vector>

namespace vmha::config {

// A position in an input file; 1-based. line 0 means "the file as a whole".
struct Mark {
  int line = 0;
  int column = 0;
};

struct Diagnostic {
  Mark mark;
  std::string message;
};

class Diagnostics {
 public:
  void error(Mark mark, std::string message) { errors_.push_back({mark, std::move(message)}); }
  bool empty() const { return errors_.empty(); }
  const std::vector<Diagnostic>& errors() const { return errors_; }
  // "FILE:LINE:COLUMN: SEVERITY: MESSAGE", one line per entry, in input order. A second
  // Diagnostics holds warnings (validate's missing secrets, fencing notes), printed as "warning".
  std::string format(const std::string& file, const std::string& severity = "error") const;

 private:
  std::vector<Diagnostic> errors_;
};

// "FILE:LINE:COLUMN: SEVERITY: MESSAGE\n": always one line (control characters escaped), always
// a position (1:1 for the file as a whole).
std::string format_line(const std::string& file, const Diagnostic& d, const char* severity);

}  // namespace vmha::config
