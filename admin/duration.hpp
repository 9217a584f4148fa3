// The durations an operator types (--for, --timeout): one reader of "20s", "5m", "2h", "1d",
// "1h30m" (a bare number is seconds), and the two forms the commands need from it.
#pragma once
#include <optional>
#include <string>

namespace vmha::admin {

// --for: that, or an ISO 8601 duration ("PT20S", passed to Pacemaker as it is) → ISO 8601;
// nullopt when unreadable or zero.
std::optional<std::string> iso_duration(const std::string& text);

// --timeout: that → seconds, more than 0 and at most 7 days; nullopt otherwise.
std::optional<int> parse_duration(const std::string& text);

}  // namespace vmha::admin
