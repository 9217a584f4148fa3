#!/bin/sh
# run-fresh.sh FUZZER SEEDS [libFuzzer flags...]: a short CI run that starts from SEEDS (read
# only: the examples and every crash found) and writes what it learns to a throw-away corpus.
bin=$1 seeds=$2
shift 2
corpus=$(mktemp -d /tmp/vmha-fuzz.XXXXXX) || exit 1
"$bin" "$@" "$corpus" "$seeds"
rc=$?
rm -rf "$corpus"
exit $rc
