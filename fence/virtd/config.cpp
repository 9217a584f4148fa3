#include "config.hpp"

#include <arpa/inet.h>

#include <cctype>
#include <cstdlib>

namespace vmha::virtd {
namespace {

struct Lexer {
  const std::string& s;
  size_t i = 0;
  int line = 1;

  void skip_space() {
    while (i < s.size()) {
      if (s[i] == '\n') {
        ++line;
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
    while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' || s[i] == '-' || s[i] == '.'))
      ++i;
    return s.substr(b, i - b);
  }
};

}  // namespace

std::optional<std::string> ConfigTree::get(const std::string& path) const {
  auto it = values.find(path);
  if (it == values.end()) return std::nullopt;
  return it->second;
}

std::vector<const ConfigBlock*> ConfigTree::blocks_at(const std::string& path) const {
  std::vector<const ConfigBlock*> out;
  for (const auto& b : blocks)
    if (b.path == path) out.push_back(&b);
  return out;
}

ConfigParse parse_config_text(const std::string& text, const std::string& file) {
  ConfigParse r;
  Lexer lx{text};
  std::vector<std::string> stack;
  std::vector<size_t> open_blocks;  // indexes into r.tree.blocks, innermost last
  auto fail = [&](const std::string& m) {
    r.error = file + ":" + std::to_string(lx.line) + ": " + m;
    return r;
  };
  for (;;) {
    lx.skip_space();
    if (lx.i >= text.size()) break;
    if (text[lx.i] == '}') {
      if (stack.empty()) return fail("'}' without an open block");
      stack.pop_back();
      open_blocks.pop_back();
      ++lx.i;
      continue;
    }
    const std::string name = lx.word();
    if (name.empty()) return fail(std::string("unexpected '") + text[lx.i] + "'");
    lx.skip_space();
    if (lx.i < text.size() && text[lx.i] == '{') {
      ++lx.i;
      stack.push_back(name);
      std::string path;
      for (const auto& b : stack) path += (path.empty() ? "" : "/") + b;
      r.tree.blocks.push_back({path, lx.line, {}});
      open_blocks.push_back(r.tree.blocks.size() - 1);
      continue;
    }
    if (lx.i >= text.size() || text[lx.i] != '=') return fail("expected '=' or '{' after '" + name + "'");
    ++lx.i;
    lx.skip_space();
    if (lx.i >= text.size() || text[lx.i] != '"') return fail("value of '" + name + "' must be in double quotes");
    const size_t end = text.find('"', lx.i + 1);
    if (end == std::string::npos) return fail("unterminated string for '" + name + "'");
    std::string value = text.substr(lx.i + 1, end - lx.i - 1);
    const int value_line = lx.line;
    for (char c : value)
      if (c == '\n') ++lx.line;
    lx.i = end + 1;
    lx.skip_space();
    if (lx.i >= text.size() || text[lx.i] != ';') return fail("missing ';' after '" + name + "'");
    ++lx.i;
    std::string path;
    for (const auto& b : stack) path += b + "/";
    if (!open_blocks.empty()) r.tree.blocks[open_blocks.back()].entries.push_back({name, value, value_line});
    r.tree.values.emplace(path + name, value);
  }
  if (!stack.empty()) return fail("block '" + stack.back() + "' is not closed");
  return r;
}

DaemonConfigResult daemon_config(const ConfigTree& t, const std::string& file) {
  DaemonConfigResult r;
  DaemonConfig& c = r.config;
  auto bad = [&](const std::string& path, const std::string& why) {
    r.error = file + ": " + path + ": " + why;
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
