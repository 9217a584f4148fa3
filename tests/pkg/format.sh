# The house style holds for the whole tree: scripts/format --check finds no C/C++ file that
# clang-format (with the tree's .clang-format) would change. A file written or edited without
# scripts/format fails here, naming the file.
source "$VMHA_SOURCE_DIR/tests/support/testlib.sh"
check "scripts/format --check: every C/C++ file in the house style" 0 bash "$VMHA_SOURCE_DIR/scripts/format" --check
finish
