# The quorum disk never has two masters: a sampler of the disk's own slots and its judge, sourced
# by the chaos runner (run.sh) and by its table test (qdisk_masters_test.sh).
#
# A sample is one line, "MS NODE:STATE:HEARTBEAT ...", from `mkqdisk -d` on the lab's shared disk
# file (read on the machine, outside every host: the cluster's disk as it is). A master that died
# leaves its slot reading "master" until it is evicted; what tells a live one is its heartbeat, which
# its qdiskd advances with every write (each cycle, 1 s in the lab). So a node is a live master at a
# sample when its slot reads master there and in the sample before, and its heartbeat advanced in
# between; two live masters at one sample is two masters at once.

# qdisk_sample DISK: one sample line (no line when the disk cannot be read).
qdisk_sample() {
  local out
  out=$("$VMHA_BUILD_DIR/quorum/mkqdisk" -d "$1" 2>/dev/null) || return 0
  printf '%s' "$(date +%s%3N)"
  awk '$1 ~ /^[0-9]+$/ && NF >= 5 { printf " %s:%s:%s", $1, $2, $5 }' <<<"$out"
  echo
}

# start_qdisk_sampler DISK FILE: a sample every 0.5 s into FILE, until killed ($qdisk_sampler_pid).
qdisk_sampler_pid=""
start_qdisk_sampler() {
  local disk=$1 file=$2
  ( while true; do qdisk_sample "$disk" >> "$file"; sleep 0.5; done ) &
  qdisk_sampler_pid=$!
}

# two_masters FILE: prints each sample with two live masters ("MS: nodes A B"); exit 1 if any.
two_masters() {
  awk '{
         live = ""; n = 0
         for (i = 2; i <= NF; i++) {
           split($i, a, ":")
           if (a[2] == "master" && (a[1] in was) && was[a[1]] == "master" && a[3] > hb[a[1]]) { live = live " " a[1]; n++ }
         }
         for (k in was) delete was[k]
         for (i = 2; i <= NF; i++) { split($i, a, ":"); was[a[1]] = a[2]; hb[a[1]] = a[3] }
         if (n > 1) { print $1 ": nodes" live; bad++ }
       }
       END { exit bad > 0 }' "$1"
}

# masters_seen FILE: the nodes that were ever a live master, in order of first appearance.
masters_seen() {
  awk '{ for (i = 2; i <= NF; i++) { split($i, a, ":")
           if (a[2] == "master" && was[a[1]] == "master" && a[3] > hb[a[1]] && !(a[1] in seen)) { seen[a[1]] = 1; printf "%s ", a[1] } }
         for (k in was) delete was[k]
         for (i = 2; i <= NF; i++) { split($i, a, ":"); was[a[1]] = a[2]; hb[a[1]] = a[3] } }' "$1"
}
