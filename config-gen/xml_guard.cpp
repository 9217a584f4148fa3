#include "xml_guard.hpp"

#include "limits.hpp"

namespace vmha::config {

bool guard_xml(const std::string& text, Diagnostics& diagnostics) {
  if (text.size() > limits::kInputBytes) {
    diagnostics.error({1, 1}, "the file is " + std::to_string(text.size()) +
                                  " bytes; a cluster.conf may have at most " + std::to_string(limits::kInputBytes));
    return false;
  }
  // Counts the attributes of each tag: '=' outside quoted values between '<' and '>'. Comments
  // and declarations are counted too; a real cluster.conf is far from the limit either way.
  int line = 1, tag_line = 0;
  bool in_tag = false;
  char quote = 0;
  std::size_t attributes = 0;
  for (char c : text) {
    if (c == '\n') ++line;
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if (!in_tag) {
      if (c == '<') in_tag = true, tag_line = line, attributes = 0;
      continue;
    }
    if (c == '"' || c == '\'')
      quote = c;
    else if (c == '>')
      in_tag = false;
    else if (c == '=' && ++attributes > limits::kXmlAttributes) {
      diagnostics.error({tag_line, 1},
                        "an element with more than " + std::to_string(limits::kXmlAttributes) + " attributes");
      return false;
    }
  }
  return true;
}

}  // namespace vmha::config
