#include "config.hpp"

#include <arpa/inet.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <map>

namespace vmha::virtd {
namespace {

struct Lexer {
  const std::string& s;
  size_t i = 0;
  int line = 1;
  size_t line_start = 0;  // offset of the current line's first byte, for columns

  int column() const { return static_cast<int>(i - line_start) + 1; }
  void newline_at(size_t at) {
    ++line;
    line_start = at + 1;
  }
  void skip_space() {
    while (i < s.size()) {
      if (s[i] == '\n') {
        newline_at(i);
        ++i;
      } else if (std::isspace(static_cast<unsigned char>(s[i]))) {
        ++i;
      } else if (s[i] == '#') {
        while (i < s.size() && s[i] != '\n') ++i;
      } else {
        break;
      }
    }
  }
  std::string word() {
    size_t b = i;
    while (i < s.size() &&
           (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' || s[i] == '-' || s[i] == '.'))
      ++i;
    return s.substr(b, i - b);
  }
};

// What one open block has seen, to refuse a second key or sub-block of the same name.
struct OpenBlock {
  size_t path_length;                 // of the parent's path, restored when this block closes
  size_t index;                       // into tree.blocks; npos for the top level
  std::map<std::string, int> keys;    // key -> line of its first occurrence
  std::map<std::string, int> blocks;  // sub-block name -> line of its first occurrence
};

// fence-virt's repeatable entries: a group lists several guests and addresses, and there are
// several groups. Everything else has one meaning, so a second one is a mistake to refuse
// (fence-virt silently uses the first).
bool repeatable_key(const std::string& block_path, const std::string& key) {
  return block_path == "groups/group" && (key == "uuid" || key == "ip");
}
bool repeatable_block(const std::string& path) { return path == "groups/group"; }

}  // namespace

std::optional<std::string> ConfigTree::get(const std::string& path) const {
  auto it = values.find(path);
  if (it == values.end()) return std::nullopt;
  return it->second;
}

std::string ConfigTree::where(const std::string& path) const {
  auto it = positions.find(path);
  if (it == positions.end()) return {};
  return std::to_string(it->second.first) + ":" + std::to_string(it->second.second) + ":";
}

std::vector<const ConfigBlock*> ConfigTree::blocks_at(const std::string& path) const {
  std::vector<const ConfigBlock*> out;
  for (const auto& b : blocks)
    if (b.path == path) out.push_back(&b);
  return out;
}

ConfigParse parse_config_text(const std::string& text, const std::string& file) {
  ConfigParse r;
  if (text.size() > kMaxConfigBytes) {
    r.error = file + ":1:1: larger than " + std::to_string(kMaxConfigBytes) + " bytes; not a fence_virt.conf";
    return r;
  }
  Lexer lx{text};
  // The current path is one string grown and cut back as blocks open and close, so each block
  // costs its own name's length, not its depth (the nesting was quadratic before).
  std::string path;
  std::vector<OpenBlock> open{{0, std::string::npos, {}, {}}};
  auto fail_at = [&](int line, int column, const std::string& m) {
    r.error = file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + m;
    r.tree = {};
    return r;
  };
  auto fail = [&](const std::string& m) { return fail_at(lx.line, lx.column(), m); };
  const auto where = [&] { return path.empty() ? std::string("the top level") : path; };
  for (;;) {
    lx.skip_space();
    if (lx.i >= text.size()) break;
    if (text[lx.i] == '}') {
      if (open.size() == 1) return fail("'}' without an open block");
      path.resize(open.back().path_length);
      open.pop_back();
      ++lx.i;
      continue;
    }
    const int name_line = lx.line, name_column = lx.column();
    const std::string name = lx.word();
    if (name.empty()) {
      const unsigned char c = static_cast<unsigned char>(text[lx.i]);
      if (std::isprint(c)) return fail(std::string("unexpected '") + text[lx.i] + "'");
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02x", c);
      return fail(std::string("unexpected byte ") + hex);  // never print it raw: messages stay one line
    }
    if (name.size() > kMaxNameLength)
      return fail_at(name_line, name_column, "name longer than " + std::to_string(kMaxNameLength) + " characters");
    lx.skip_space();
    if (lx.i < text.size() && text[lx.i] == '{') {
      if (open.size() > kMaxDepth)
        return fail_at(name_line, name_column,
                       "block '" + name + "' nested deeper than " + std::to_string(kMaxDepth) + " levels");
      const std::string child = path.empty() ? name : path + "/" + name;
      auto [first, fresh] = open.back().blocks.emplace(name, name_line);
      if (!fresh && !repeatable_block(child))
        return fail_at(
            name_line, name_column,
            "duplicate block '" + name + "' in " + where() + " (first at line " + std::to_string(first->second) + ")");
      ++lx.i;
      r.tree.blocks.push_back({child, name_line, {}});
      open.push_back({path.size(), r.tree.blocks.size() - 1, {}, {}});
      path = child;
      continue;
    }
    if (lx.i >= text.size() || text[lx.i] != '=') return fail("expected '=' or '{' after '" + name + "'");
    ++lx.i;
    lx.skip_space();
    if (lx.i >= text.size() || text[lx.i] != '"') return fail("value of '" + name + "' must be in double quotes");
    const size_t end = text.find('"', lx.i + 1);
    if (end == std::string::npos) return fail("unterminated string for '" + name + "'");
    // A value is one line of printable text (or tabs): a path, an address, a name. A control
    // character would end up in log lines and error messages, splitting or forging them.
    for (size_t k = lx.i + 1; k < end; ++k) {
      const unsigned char c = static_cast<unsigned char>(text[k]);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        const int column = static_cast<int>(k - lx.line_start) + 1;  // no newline before k in this value
        if (c == '\n')
          return fail_at(lx.line, column, "value of '" + name + "' runs past the end of its line (missing '\"'?)");
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02x", c);
        return fail_at(lx.line, column, "value of '" + name + "' contains the control character " + hex);
      }
    }
    std::string value = text.substr(lx.i + 1, end - lx.i - 1);
    lx.i = end + 1;
    lx.skip_space();
    if (lx.i >= text.size() || text[lx.i] != ';') return fail("missing ';' after '" + name + "'");
    ++lx.i;
    auto [first, fresh] = open.back().keys.emplace(name, name_line);
    if (!fresh && !repeatable_key(path, name))
      return fail_at(
          name_line, name_column,
          "duplicate key '" + name + "' in " + where() + " (first at line " + std::to_string(first->second) + ")");
    if (open.back().index != std::string::npos)
      r.tree.blocks[open.back().index].entries.push_back({name, value, name_line, name_column});
    const std::string key_path = path.empty() ? name : path + "/" + name;
    r.tree.positions.emplace(key_path, std::pair{name_line, name_column});
    r.tree.values.emplace(key_path, std::move(value));
  }
  if (open.size() > 1) {
    const ConfigBlock& b = r.tree.blocks[open.back().index];
    return fail("block '" + b.path.substr(b.path.rfind('/') + 1) + "' (opened at line " + std::to_string(b.line) +
                ") is not closed");
  }
  return r;
}

DaemonConfigResult daemon_config(const ConfigTree& t, const std::string& file) {
  DaemonConfigResult r;
  DaemonConfig& c = r.config;
  // FILE:LINE:COLUMN of the value when it was written; the path alone for a default.
  auto bad = [&](const std::string& path, const std::string& why) {
    r.error = file + ":" + t.where(path) + " " + path + ": " + why;
    return r;
  };
  if (auto v = t.get("fence_virtd/listener")) c.listener = *v;
  if (c.listener != "multicast" && c.listener != "tcp")
    return bad("fence_virtd/listener", "'" + c.listener + "' is not served (multicast, tcp)");
  if (auto v = t.get("fence_virtd/backend")) c.backend = *v;
  if (c.backend != "libvirt" && c.backend != "cpg")
    return bad("fence_virtd/backend", "'" + c.backend + "' is not served (libvirt, cpg)");
  const std::string l = "listeners/" + c.listener + "/";
  if (auto v = t.get(l + "key_file")) c.key_file = *v;
  for (auto [key, field] : {std::pair{"hash", &c.hash}, std::pair{"auth", &c.auth}}) {
    if (auto v = t.get(l + key)) {
      auto h = xvm::hash_from_name(*v);
      if (!h) return bad(l + key, "'" + *v + "' is not none, sha1, sha256 or sha512");
      *field = *h;
    }
  }
  // family picks the default address (fence-virt's: 127.0.0.1 / ::1 for tcp, 225.0.0.12 /
  // ff05::3:1 for multicast); a given address must be of that family.
  const std::string family = t.get(l + "family").value_or("auto");
  if (family != "ipv4" && family != "ipv6" && family != "auto")
    return bad(l + "family", "'" + family + "' is not ipv4 or ipv6");
  const auto given = t.get(l + "address");
  const auto form_of = [](const std::string& a) -> int {
    unsigned char buf[sizeof(in6_addr)];
    if (inet_pton(AF_INET, a.c_str(), buf) == 1) return AF_INET;
    if (inet_pton(AF_INET6, a.c_str(), buf) == 1) return AF_INET6;
    return 0;
  };
  if (given) {
    const int form = form_of(*given);
    if (form == 0) return bad(l + "address", "'" + *given + "' is not an IPv4 or IPv6 address");
    if (family != "auto" && (form == AF_INET6) != (family == "ipv6"))
      return bad(l + "address", "'" + *given + "' is not an " + (family == "ipv6" ? "IPv6" : "IPv4") +
                                    " address (family " + family + ")");
    c.ipv6 = form == AF_INET6;
    c.address = *given;
  } else {
    c.ipv6 = family == "ipv6";
    if (c.listener == "tcp")
      c.address = c.ipv6 ? "::1" : "127.0.0.1";
    else
      c.address = c.ipv6 ? "ff05::3:1" : "225.0.0.12";
  }
  if (auto v = t.get(l + "port")) {
    char* end = nullptr;
    const long p = std::strtol(v->c_str(), &end, 10);
    if (!end || *end || p <= 0 || p > 65535) return bad(l + "port", "'" + *v + "' is not a port number");
    c.port = static_cast<uint16_t>(p);
  }
  if (auto v = t.get(l + "interface")) c.interface = *v;
  const std::string b = "backends/" + c.backend + "/";
  if (auto v = t.get(b + "uri")) c.uri = *v;
  if (auto v = t.get(b + "name_mode")) c.cpg_name_mode = *v;
  return r;
}

}  // namespace vmha::virtd
