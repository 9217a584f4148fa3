#include "record_log.hpp"

#include <charconv>
#include <map>

namespace vmha::lab {
namespace {

bool is_boot_id(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::optional<std::uint64_t> number(std::string_view s) {
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// The slot's text: up to its first newline; empty when the slot is all zero bytes.
std::string_view slot_text(std::string_view slot) {
  auto nl = slot.find('\n');
  if (nl != std::string_view::npos) return slot.substr(0, nl);
  if (slot.find_first_not_of('\0') == std::string_view::npos) return {};
  return slot.substr(0, slot.find('\0'));
}

// "VMHAREC1 boot=B seq=N up=U prev=B:N|-"
std::optional<Record> parse_record(std::string_view text, std::size_t slot) {
  Record r;
  r.slot = slot;
  std::map<std::string_view, std::string_view> fields;
  std::size_t pos = 0;
  bool first = true;
  while (pos <= text.size()) {
    auto sp = text.find(' ', pos);
    auto word = text.substr(pos, sp == std::string_view::npos ? std::string_view::npos : sp - pos);
    if (first) {
      if (word != "VMHAREC1") return std::nullopt;
      first = false;
    } else if (!word.empty()) {
      auto eq = word.find('=');
      if (eq == std::string_view::npos) return std::nullopt;
      fields[word.substr(0, eq)] = word.substr(eq + 1);
    }
    if (sp == std::string_view::npos) break;
    pos = sp + 1;
  }
  if (!fields.count("boot") || !fields.count("seq") || !fields.count("prev")) return std::nullopt;
  auto id = parse_record_id(std::string(fields["boot"]) + ":" + std::string(fields["seq"]));
  if (!id) return std::nullopt;
  r.id = *id;
  r.up = fields.count("up") ? std::string(fields["up"]) : "";
  if (fields["prev"] != "-") {
    r.prev = parse_record_id(fields["prev"]);
    if (!r.prev) return std::nullopt;
  }
  return r;
}

}  // namespace

std::optional<RecordId> parse_record_id(std::string_view text) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto boot = text.substr(0, colon);
  auto seq = number(text.substr(colon + 1));
  if (!is_boot_id(boot) || !seq) return std::nullopt;
  return RecordId{std::string(boot), *seq};
}

std::string show(const RecordId& id) { return id.boot.substr(0, 8) + ":" + std::to_string(id.seq); }

Verdict check_disk(std::string_view image, const std::vector<RecordId>& required) {
  Verdict v;
  auto bad = [&](std::size_t slot, std::string what) { v.violations.push_back({slot, std::move(what)}); };
  std::size_t slots = image.size() / kSlotSize;
  if (slots == 0 || slot_text(image.substr(0, kSlotSize)) != kHeader) {
    bad(0, "no header \"" + std::string(kHeader) + "\" in slot 0: not a guest record disk");
    return v;
  }
  v.record_disk = true;

  // Records: a filled prefix of slots 1..; anything after the first empty slot is a hole.
  std::size_t end = slots;
  for (std::size_t s = 1; s < slots; ++s) {
    auto text = slot_text(image.substr(s * kSlotSize, kSlotSize));
    if (text.empty()) {
      if (end == slots) end = s;
      continue;
    }
    if (end != slots) {
      bad(s, "a record after the empty slot " + std::to_string(end) + ": the log has a hole");
      continue;
    }
    auto r = parse_record(text, s);
    if (!r) {
      bad(s, "not a record: \"" + std::string(text.substr(0, 80)) + "\"");
      continue;
    }
    v.records.push_back(*r);
  }

  // One writer at a time: a boot's records form one run; its id never comes back after another
  // boot's record. Within a run the sequence goes up by one (a live migration keeps the writer);
  // a run starts at 0, and every record names its predecessor on the disk (a new boot the last
  // record it found), so a record overwritten or lost shows as a broken link.
  std::map<std::string, std::size_t> run_start;  // boot → the slot its run began
  const Record* before = nullptr;
  for (const auto& r : v.records) {
    bool new_run = !before || before->id.boot != r.id.boot;
    if (new_run) {
      if (auto seen = run_start.find(r.id.boot); seen != run_start.end()) {
        bad(r.slot, "boot " + r.id.boot.substr(0, 8) + " writes again (" + show(r.id) + ") after boot " +
                        before->id.boot.substr(0, 8) + " (" + show(before->id) + " in slot " +
                        std::to_string(before->slot) + ") took over: two writers interleaved (its run began in slot " +
                        std::to_string(seen->second) + ")");
      } else {
        run_start[r.id.boot] = r.slot;
        if (r.id.seq != 0)
          bad(r.slot, "boot " + r.id.boot.substr(0, 8) + " begins at " + show(r.id) +
                          ": its records before were overwritten or lost");
      }
    } else if (r.id.seq != before->id.seq + 1) {
      bad(r.slot, show(r.id) + " follows " + show(before->id) + " in slot " + std::to_string(before->slot) +
                      ": the sequence is broken (records lost, or a second writer)");
    }
    std::optional<RecordId> expected;
    if (before) expected = before->id;
    if (r.prev != expected) {
      bad(r.slot, show(r.id) + " was written after " + (r.prev ? show(*r.prev) : std::string("nothing")) +
                      " but follows " + (expected ? show(*expected) : std::string("nothing")) +
                      " on the disk: a record it saw is gone, or two writers shared the disk");
    }
    before = &r;
  }

  for (const auto& want : required) {
    bool found = false;
    for (const auto& r : v.records) found = found || r.id == want;
    if (!found) bad(0, "record " + show(want) + " reached the disk but is no longer there");
  }

  // The summary: each run in disk order.
  for (std::size_t i = 0; i < v.records.size();) {
    std::size_t j = i;
    while (j + 1 < v.records.size() && v.records[j + 1].id.boot == v.records[i].id.boot) ++j;
    if (!v.summary.empty()) v.summary += ", ";
    v.summary += "boot " + v.records[i].id.boot.substr(0, 8) + " seq " + std::to_string(v.records[i].id.seq) + ".." +
                 std::to_string(v.records[j].id.seq) + " (slots " + std::to_string(v.records[i].slot) + "-" +
                 std::to_string(v.records[j].slot) + ")";
    i = j + 1;
  }
  return v;
}

}  // namespace vmha::lab
