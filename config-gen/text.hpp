// What a value must be to reach an output unchanged: the one place that knows which text
// cluster.conf, the CIB, corosync.conf and an imported topology can carry. Pure.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace vmha::config {

// Why `text` cannot be written into any output, or "" when it can: it must be valid UTF-8
// without control characters (C0, DEL, C1) or the non-characters XML refuses. A newline would
// start a new key in corosync.conf and becomes a space in an XML attribute; a NUL ends the
// value in one writer and not in another.
std::string text_problem(std::string_view text);

// corosync.conf reads "key: value" lines of at most 510 characters, takes a '{' anywhere on a
// line for the start of a section and strips blanks at both ends of a value.
inline constexpr std::size_t kCorosyncValueMax = 400;
std::string corosync_value_problem(std::string_view value);

// A name a generator writes as an XML attribute name (fence agent options): ASCII letters,
// digits, _ . - with a letter or _ first, not starting with "xml" (reserved by XML), at most
// 64 characters.
bool is_option_name(std::string_view name);

// `text` as an error message may echo it: on one line, control characters and bytes that are
// not UTF-8 written as \n, \t, \xHH; at most `limit` bytes of it, then "...".
std::string printable(std::string_view text, std::size_t limit = 80);

}  // namespace vmha::config
