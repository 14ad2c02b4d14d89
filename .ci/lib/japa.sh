# shellcheck shell=bash disable=SC2034 # the JAPA_* variables are read by the caller
# Reading Japa's results from a saved test log. Sourced by .ci/run (and usable on its own).
#
# Japa's spec reporter ends its output with a summary such as
#     Tests  12 passed, 1 failed (13)
#      Time  3s
# (the number in brackets is the total). Parts with a zero count are left out, so a clean
# run reads "Tests  12 passed (12)", and "N todo", "N skipped" or "N regression" parts may
# appear too. With colours on, every part is wrapped in ANSI escape codes.

# strip_ansi FILE: print FILE without ANSI escape codes and carriage returns.
strip_ansi() {
  sed -r \
    -e 's/\x1B\[[0-9;?]*[A-Za-z]//g' \
    -e 's/\x1B[()][A-Za-z0-9]//g' \
    -e 's/\x1B[A-Za-z=>]//g' \
    -e 's/\r//g' \
    "$1"
}

# japa_parse_summary FILE: read the LAST Japa summary line of FILE and set
#   JAPA_FOUND   1 when a summary line was found, else 0
#   JAPA_PASSED  the "N passed" number (0 when absent or not found)
#   JAPA_FAILED  the "N failed" number (0 when absent or not found)
#   JAPA_LINE    the summary line itself, without colours ("" when not found)
japa_parse_summary() {
  local file=$1 line
  JAPA_FOUND=0
  JAPA_PASSED=0
  JAPA_FAILED=0
  JAPA_LINE=""
  if [ ! -f "$file" ]; then
    return 0
  fi
  # "Tests" (after padding), then "N word" parts separated by commas, then the total in brackets
  # (a bare "(N)"; "(3s)" is accepted too).
  line=$(strip_ansi "$file" \
    | grep -a -E '^[[:space:]]*Tests[[:space:]]+([0-9]+ [a-z]+(, [0-9]+ [a-z]+)*[[:space:]]+)?\([0-9][^)]*\)[[:space:]]*$' \
    | tail -n 1 || true)
  if [ -z "$line" ]; then
    return 0
  fi
  JAPA_FOUND=1
  JAPA_LINE=$(printf '%s' "$line" | sed -r 's/^[[:space:]]+//; s/[[:space:]]+$//')
  JAPA_PASSED=$(printf '%s\n' "$line" | sed -nr 's/.*[^0-9]([0-9]+) passed.*/\1/p')
  JAPA_FAILED=$(printf '%s\n' "$line" | sed -nr 's/.*[^0-9]([0-9]+) failed.*/\1/p')
  JAPA_PASSED=${JAPA_PASSED:-0}
  JAPA_FAILED=${JAPA_FAILED:-0}
  return 0
}

# japa_failed_tests FILE: print one line per failed test of FILE: "group heading › test title"
# (the spec reporter prints each group's heading, then a ✖ line for every failed test).
japa_failed_tests() {
  local file=$1
  if [ ! -f "$file" ]; then
    return 0
  fi
  strip_ansi "$file" | awk '
    /^[a-z]+ \/ .*\(tests\/[^)]*\)[[:space:]]*$/ { heading = $0; next }
    /^[[:space:]]*✖ / { line = $0; sub(/^[[:space:]]*✖ /, "", line); print heading " › " line }
  '
}
