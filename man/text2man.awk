# The fence agents' `manpage` action prints their page as text laid out by the fence runtime
# (fence/runtime/metadata.cpp, from the option table): SECTION lines at column 0, entries indented
# by 2, an option's description and stdin name by 6. This turns that layout into a man(7) page.
# Usage: awk -v name=fence_xvm -v section=8 -v version=0.1.0 -f text2man.awk PAGE.txt
BEGIN { print ".TH " toupper(name) " " section " \"\" \"vmha " version "\" \"vmha fence agents\"" }
function esc(s) {
  gsub(/\\/, "\\e", s)
  gsub(/-/, "\\-", s)
  if (s ~ /^[.']/) s = "\\&" s
  return s
}
/^[A-Z][A-Z ]*$/ {
  heading = $0
  print ".SH " heading
  next
}
/^$/ { next }
{
  line = $0
  if (heading == "OPTIONS" && line ~ /^  [^ ]/) {
    sub(/^ +/, "", line)
    print ".TP"
    print ".B " esc(line)
  } else if (heading == "OPTIONS") {
    sub(/^ +/, "", line)
    print esc(line)
    print ".br"
  } else {
    sub(/^ +/, "", line)
    print esc(line)
  }
}
