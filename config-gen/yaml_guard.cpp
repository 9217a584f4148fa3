#include "yaml_guard.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <map>
#include <sstream>
#include <vector>

#include "limits.hpp"
#include "text.hpp"

namespace vmha::config {

namespace {

Mark mark_of(const YAML::Mark& m) { return m.is_null() ? Mark{} : Mark{m.line + 1, m.column + 1}; }

// Thrown to stop the parser at once (depth, size, a second document).
struct Stop {
  Mark mark;
  std::string message;
};

class Guard : public YAML::EventHandler {
 public:
  explicit Guard(Diagnostics& d) : d_(d) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ > 1) throw Stop{mark_of(mark), "a topology is one YAML document; a second one starts here"};
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark, nullptr); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    node(mark, nullptr);
    d_.error(mark_of(mark), "aliases (*NAME) are not supported in a topology: write the value out");
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string& value) override {
    if (auto problem = text_problem(value); !problem.empty())
      d_.error(mark_of(mark), "'" + printable(value) + "' " + problem + ": no output can carry it");
    node(mark, &value);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    node(mark, nullptr);
    open(mark, false);
  }
  void OnSequenceEnd() override { stack_.pop_back(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    node(mark, nullptr);
    open(mark, true);
  }
  void OnMapEnd() override { stack_.pop_back(); }

 private:
  struct Frame {
    bool map;
    bool at_key = true;
    std::map<std::string, Mark> keys;
  };
  Diagnostics& d_;
  std::vector<Frame> stack_;
  std::size_t nodes_ = 0;
  int documents_ = 0;

  void open(const YAML::Mark& mark, bool map) {
    if (stack_.size() >= limits::kYamlDepth)
      throw Stop{mark_of(mark),
                 "nested deeper than " + std::to_string(limits::kYamlDepth) + " levels (a topology needs 8)"};
    stack_.push_back(Frame{map, true, {}});
  }

  // Every node: counted; in a mapping, every other one is a key, checked against the earlier ones.
  void node(const YAML::Mark& mark, const std::string* scalar) {
    if (++nodes_ > limits::kYamlNodes)
      throw Stop{mark_of(mark), "more than " + std::to_string(limits::kYamlNodes) + " YAML values"};
    if (stack_.empty() || !stack_.back().map) return;
    Frame& frame = stack_.back();
    bool is_key = frame.at_key;
    frame.at_key = !frame.at_key;
    if (!is_key || !scalar) return;
    auto [it, fresh] = frame.keys.emplace(*scalar, mark_of(mark));
    if (!fresh)
      d_.error(mark_of(mark), "duplicate key '" + printable(*scalar) + "' (first at " +
                                  std::to_string(it->second.line) + ":" + std::to_string(it->second.column) + ")");
  }
};

}  // namespace

bool guard_yaml(const std::string& yaml_text, Diagnostics& diagnostics) {
  if (yaml_text.size() > limits::kInputBytes) {
    diagnostics.error({1, 1}, "the file is " + std::to_string(yaml_text.size()) +
                                  " bytes; a topology may have at most " + std::to_string(limits::kInputBytes));
    return false;
  }
  Diagnostics found;
  try {
    std::istringstream in(yaml_text);
    YAML::Parser parser(in);
    Guard guard(found);
    while (parser.HandleNextDocument(guard)) {
    }
  } catch (const Stop& stop) {
    found.error(stop.mark, stop.message);
  } catch (const YAML::Exception& e) {
    found.error(e.mark.is_null() ? Mark{} : Mark{e.mark.line + 1, e.mark.column + 1}, "YAML syntax: " + e.msg);
  }
  for (const auto& e : found.errors()) diagnostics.error(e.mark, e.message);
  return found.empty();
}

}  // namespace vmha::config
