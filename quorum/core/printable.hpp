// Text that came from a disk or a command line and goes to a terminal or a log: a label or a
// cluster name must not carry terminal escapes or line breaks (a forged "line" in a log, a
// terminal reprogrammed by `mkqdisk -L`). Printable = valid UTF-8 without C0/C1 control
// characters or DEL.
#pragma once
#include <string>
#include <string_view>

namespace vmha::quorum {

// Empty when s is printable, else one phrase naming the first offending byte.
std::string unprintable_reason(std::string_view s);
// s with every byte of an unprintable sequence written as \xNN (and '\' as \\): safe on one line.
std::string escaped(std::string_view s);

}  // namespace vmha::quorum
