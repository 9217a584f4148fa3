# vmha-chaos-plan's command line: bad arguments → one line, exit 2; a seed → the same timeline.
plan=$1
fail=0
err=$("$plan" --seed 1 --faults 3 --hosts 2 2>&1 >/dev/null); rc=$?
[ "$rc" = 2 ] || { echo "FAIL - missing --max-down: want rc 2, got $rc"; fail=1; }
[ "$(printf '%s\n' "$err" | wc -l)" = 1 ] || { echo "FAIL - the error is not one line: $err"; fail=1; }
grep -q '^vmha-chaos-plan: --max-down is required' <<<"$err" || { echo "FAIL - the error names --max-down: $err"; fail=1; }
out=$("$plan" --seed nope --faults 3 --hosts 2 --max-down 1 2>/dev/null); rc=$?
[ "$rc" = 2 ] && [ -z "$out" ] || { echo "FAIL - a bad seed: want rc 2 and nothing on stdout, got $rc '$out'"; fail=1; }
a=$("$plan" --seed 42 --faults 15 --hosts 2 --max-down 1 --guests vm1 vm2)
b=$("$plan" --seed 42 --faults 15 --hosts 2 --max-down 1 --guests vm1 vm2)
[ "$a" = "$b" ] && [ "$(wc -l <<<"$a")" = 16 ] || { echo "FAIL - the same seed twice"; fail=1; }
[ "$fail" = 0 ] && echo "ok   - vmha-chaos-plan's command line"
exit $fail
