# vmha-guest-disk's command line: verdicts (exit 0/1) apart from bad input (exit 2, one line naming
# what is wrong), on images written here the way the guest's writer writes them.
source "$VMHA_SUPPORT/testlib.sh"
checker="$VMHA_BUILD_DIR/tests/lab/guest-disk/vmha-guest-disk"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
A=aaaaaaaa11111111 B=bbbbbbbb22222222
# slot FILE N TEXT: TEXT and a newline in slot N (512 bytes), as vmha-writer's dd does.
slot() { printf '%s\n' "$3" | dd of="$1" bs=512 seek="$2" count=1 conv=sync,notrunc status=none; }
truncate -s 8K "$work/good.img"
slot "$work/good.img" 0 "VMHADISK1 slot=512"
slot "$work/good.img" 1 "VMHAREC1 boot=$A seq=0 up=1.0 prev=-"
slot "$work/good.img" 2 "VMHAREC1 boot=$A seq=1 up=1.1 prev=$A:0"
slot "$work/good.img" 3 "VMHAREC1 boot=$B seq=0 up=0.9 prev=$A:1"
cp "$work/good.img" "$work/twice.img"
slot "$work/twice.img" 4 "VMHAREC1 boot=$A seq=2 up=1.2 prev=$A:1"
head -c 2048 /dev/zero | tr '\0' x > "$work/junk.img"

check "a good disk passes" 0 "$checker" check "$work/good.img" --require "$A:1"
expect "  its summary names both boots" grep -q "ok: 3 records, one writer at a time: boot aaaaaaaa seq 0..1 (slots 1-2), boot bbbbbbbb seq 0..0 (slots 3-3)" <<<"$last_output"
check "last prints the newest record" 0 "$checker" last "$work/good.img"
expect "  in full" [ "$last_output" = "$B:0" ]
check "a required record that is gone fails" 1 "$checker" check "$work/good.img" --require "$A:7"
expect "  naming it" grep -q "record aaaaaaaa:7 reached the disk but is no longer there" <<<"$last_output"
check "two writers fail" 1 "$checker" check "$work/twice.img"
expect "  naming the slot and the interleaving" grep -q "twice.img: slot 4: boot aaaaaaaa writes again (aaaaaaaa:2) after boot bbbbbbbb" <<<"$last_output"
check "not a record disk: bad input" 2 "$checker" check "$work/junk.img"
expect "  in one line" [ "$(wc -l <<<"$last_output")" = 1 ]
check "a missing image" 2 "$checker" check "$work/none.img"
check "a malformed --require" 2 "$checker" check "$work/good.img" --require "$A"
expect "  named" grep -q -- "--require $A: not BOOT:SEQ" <<<"$last_output"
check "an unknown command" 2 "$checker" verify "$work/good.img"
check "--version" 0 "$checker" --version
expect "  the project's version" grep -Eq "^vmha-guest-disk [0-9]+\.[0-9]+" <<<"$last_output"
finish
