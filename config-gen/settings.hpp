// Scalar settings of one topology object, driven by a key table.
//
// Each object kind (guest, quorum disk, heuristic, ...) declares its scalar keys once in a
// KeySpec table (keys.hpp). The YAML reader, the validator, the YAML writer and the
// cluster.conf writer all walk that table, so a key's name, type and cluster.conf
// attribute are written in exactly one place.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics.hpp"

namespace vmha::config {

enum class Kind { String, Int, Bool, Choice };

struct KeySpec {
  std::string_view key;  // YAML key
  Kind kind = Kind::String;
  std::string_view cluster_conf;  // cluster.conf attribute; empty: not written there
  bool required = false;
  std::string_view choices = {};  // Kind::Choice: "a|b|c"
  long min = 0, max = 0;          // Kind::Int: enforced when max > min
  std::string_view help = {};     // one line for docs and --help
  bool corosync = false;          // Kind::String written into corosync.conf: its rules apply too
};

using KeyTable = std::span<const KeySpec>;

const KeySpec* find_key(KeyTable table, std::string_view key);
std::vector<std::string> choices_of(const KeySpec& spec);

// Values are kept in their canonical text: ints in decimal, bools as "true"/"false".
struct Setting {
  std::string key;
  std::string value;
  Mark mark;
};

class Settings {
 public:
  std::optional<std::string> get(std::string_view key) const;
  std::optional<long> get_int(std::string_view key) const;
  std::optional<bool> get_bool(std::string_view key) const;
  std::string get_or(std::string_view key, std::string fallback) const;
  Mark mark_of(std::string_view key) const;
  bool has(std::string_view key) const { return get(key).has_value(); }
  void set(std::string key, std::string value, Mark mark = {});
  const std::vector<Setting>& all() const { return values_; }

 private:
  std::vector<Setting> values_;
};

// Turns raw text (from YAML or from a cluster.conf attribute) into the canonical value for
// `spec`; on failure returns nullopt and sets `why`.
std::optional<std::string> normalize(const KeySpec& spec, std::string_view raw, std::string& why);

// The value as cluster.conf writes it: bools as 1/0.
std::string cluster_conf_value(const KeySpec& spec, const std::string& value);

}  // namespace vmha::config
