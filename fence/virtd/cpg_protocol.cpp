#include "cpg_protocol.hpp"

#include <sstream>

namespace vmha::virtd {

namespace {
bool has_bad_chars(const std::string& s) { return s.find_first_of("\t\n") != std::string::npos; }
}  // namespace

std::string encode_cpg(const CpgMessage& m) {
  std::ostringstream o;
  switch (m.kind) {
    case CpgMessage::Kind::List:
      o << "LIST\n";
      for (const auto& g : m.guests)
        if (!has_bad_chars(g.name) && !has_bad_chars(g.uuid))
          o << g.name << '\t' << g.uuid << '\t' << (g.running ? 1 : 0) << '\n';
      break;
    case CpgMessage::Kind::Request:
      o << "REQ\t" << m.id << '\t' << m.node << '\t' << unsigned(m.command) << '\t' << m.domain << '\n';
      break;
    case CpgMessage::Kind::Result:
      o << "RES\t" << m.id << '\t' << m.node << '\t' << unsigned(m.result) << '\n';
      break;
  }
  return o.str();
}

std::optional<CpgMessage> decode_cpg(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  CpgMessage m;
  auto fields = [](const std::string& l) {
    std::vector<std::string> f;
    std::string cur;
    std::istringstream s(l);
    while (std::getline(s, cur, '\t')) f.push_back(cur);
    return f;
  };
  auto number = [](const std::string& s, unsigned long max) -> std::optional<unsigned long> {
    if (s.empty() || s.size() > 10 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    unsigned long v = std::stoul(s);
    if (v > max) return std::nullopt;
    return v;
  };
  if (line == "LIST") {
    m.kind = CpgMessage::Kind::List;
    while (std::getline(in, line)) {
      auto f = fields(line);
      if (f.size() != 3 || (f[2] != "0" && f[2] != "1")) return std::nullopt;
      m.guests.push_back({f[0], f[1], f[2] == "1"});
    }
    return m;
  }
  auto f = fields(line);
  if (f.size() == 5 && f[0] == "REQ") {
    auto id = number(f[1], 0xffffffffUL), node = number(f[2], 0xffffffffUL), cmd = number(f[3], 255);
    if (!id || !node || !cmd) return std::nullopt;
    m.kind = CpgMessage::Kind::Request;
    m.id = static_cast<uint32_t>(*id);
    m.node = static_cast<uint32_t>(*node);
    m.command = static_cast<uint8_t>(*cmd);
    m.domain = f[4];
    return m;
  }
  if (f.size() == 4 && f[0] == "RES") {
    auto id = number(f[1], 0xffffffffUL), node = number(f[2], 0xffffffffUL), res = number(f[3], 255);
    if (!id || !node || !res) return std::nullopt;
    m.kind = CpgMessage::Kind::Result;
    m.id = static_cast<uint32_t>(*id);
    m.node = static_cast<uint32_t>(*node);
    m.result = static_cast<uint8_t>(*res);
    return m;
  }
  return std::nullopt;
}

Placement place(const std::string& domain, uint32_t self, const std::map<uint32_t, std::vector<GuestEntry>>& lists) {
  auto holds = [&](uint32_t node, bool want_running) {
    auto it = lists.find(node);
    if (it == lists.end()) return false;
    for (const auto& g : it->second)
      if ((g.name == domain || g.uuid == domain) && (!want_running || g.running)) return true;
    return false;
  };
  for (bool running : {true, false}) {
    if (holds(self, running)) return {Placement::Where::Local, self};
    for (const auto& [node, _] : lists)  // std::map: lowest node id first
      if (node != self && holds(node, running)) return {Placement::Where::Remote, node};
  }
  return {};
}

}  // namespace vmha::virtd
