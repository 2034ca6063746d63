#!/usr/bin/env bash
# Every test: installs what is missing, builds, and runs the C++ tests (ctest) and every other
# suite that exists in the tree (bindings, server, browser, fuzz smoke runs, sanitizers).
# FAQLITE_SKIP_SANITIZE=1 skips the ASan+UBSan build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh" --test
"$root/scripts/build.sh"
build=${FAQLITE_BUILD_DIR:-$root/build}
export FAQLITE_BUILD_DIR=$build
status=0
run() {
  local name=$1; shift
  echo "=== $name"
  if "$@"; then echo "=== $name: ok"; else echo "=== $name: FAILED"; status=1; fi
}
run "C++ tests (ctest)" ctest --test-dir "$build" --output-on-failure -j2 --timeout 600
for suite in "$root"/tests/suites/*.sh; do
  [[ -e "$suite" ]] || continue
  run "$(basename "$suite" .sh)" bash "$suite"
done
exit $status
