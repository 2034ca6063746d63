#!/usr/bin/env bash
# The whole ctest suite and the HTTP server suite under AddressSanitizer + UndefinedBehaviorSanitizer
# (LeakSanitizer on), in its own build folder. Any report fails the run: UBSan is built without
# recovery and ASan exits non-zero on the first error or leak.
#
#   FAQLITE_SKIP_SANITIZE=1      skip this suite
#   FAQLITE_SANITIZE_BUILD_DIR   build folder (default: the main build folder's path + "-sanitize")
set -euo pipefail
if [[ "${FAQLITE_SKIP_SANITIZE:-0}" == "1" ]]; then
  echo "sanitize: skipped (FAQLITE_SKIP_SANITIZE=1)"
  exit 0
fi
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${FAQLITE_BUILD_DIR:-$root/build}
san_build=${FAQLITE_SANITIZE_BUILD_DIR:-${build%/}-sanitize}

# Only what the suites below run: the Catch2 binary, the CLI (with `serve`) it drives in the process
# tests, and the README's C example.
cmake -S "$root" -B "$san_build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFAQLITE_SANITIZE=ON \
  -DFAQLITE_BUILD_SERVER=ON -DFAQLITE_FUZZ=OFF >/dev/null
cmake --build "$san_build" -j"${FAQLITE_JOBS:-2}" --target faqlite_tests faqlite_cli readme_example

# A leak, a heap error or undefined behaviour anywhere in the process fails its test. SQLite and ICU
# are not instrumented, so their own allocations are only seen when faqlite leaks a handle.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1:exitcode=86:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=exitcode=87
status=0
ctest --test-dir "$san_build" --output-on-failure -j"${FAQLITE_JOBS:-2}" --timeout 1200 || status=1
# The HTTP server under the same sanitizers: a report makes the server exit non-zero, which the
# server suite checks when it stops each server.
FAQLITE_SANITIZED=1 FAQLITE_BUILD_DIR=$san_build bash "$root/tests/suites/server.sh" || status=1
exit $status
