#!/usr/bin/env bash
# Fuzz smoke run: builds every libFuzzer harness (fuzz/fuzz_*.cpp) with clang, ASan and UBSan in
# its own build folder, and runs each for a bounded time from the seeds in fuzz/corpus/<name>/.
# Fails on any crash, leak, sanitizer report or broken invariant, and prints the input to replay.
#
#   FAQLITE_FUZZ_SECONDS   seconds per harness (default 20)
#   FAQLITE_FUZZ_BUILD_DIR build folder (default: the main build folder's path + "-fuzz")
#   FAQLITE_FUZZ_ONLY      run only this harness (e.g. "ask")
# A longer run of one harness is documented in fuzz/README.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${FAQLITE_BUILD_DIR:-$root/build}
fuzz_build=${FAQLITE_FUZZ_BUILD_DIR:-${build%/}-fuzz}
seconds=${FAQLITE_FUZZ_SECONDS:-20}

if ! command -v clang++ >/dev/null 2>&1; then
  echo "fuzz: clang++ is missing (scripts/install-deps.sh --test installs it)" >&2
  exit 1
fi

CC=clang CXX=clang++ cmake -S "$root" -B "$fuzz_build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DFAQLITE_FUZZ=ON -DFAQLITE_BUILD_TESTS=OFF -DFAQLITE_BUILD_SERVER=OFF >/dev/null
cmake --build "$fuzz_build" -j"${FAQLITE_JOBS:-2}" --target fuzzers

work=$(mktemp -d "${TMPDIR:-/tmp}/faqlite-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
status=0
for src in "$root"/fuzz/fuzz_*.cpp; do
  name=$(basename "$src" .cpp)
  name=${name#fuzz_}
  [[ -z "${FAQLITE_FUZZ_ONLY:-}" || "$FAQLITE_FUZZ_ONLY" == "$name" ]] || continue
  bin="$fuzz_build/fuzz/fuzz_$name"
  seeds="$root/fuzz/corpus/$name"
  if [[ ! -d "$seeds" ]]; then
    echo "fuzz: $name has no seed folder fuzz/corpus/$name" >&2
    status=1
    continue
  fi
  # New inputs go to a scratch folder: the seeds in the tree are only read.
  mkdir -p "$work/$name/new" "$work/$name/artifacts"
  args=(-max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$work/$name/artifacts/")
  [[ -f "$root/fuzz/dict/$name.dict" ]] && args+=(-dict="$root/fuzz/dict/$name.dict")
  log="$work/$name/log"
  echo "fuzz: $name for ${seconds}s"
  if ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      "$bin" "${args[@]}" "$work/$name/new" "$seeds" >"$log" 2>&1; then
    grep -E '^stat::number_of_executed_units|^#[0-9]+ +DONE' "$log" | sed "s/^/fuzz: $name: /"
  else
    status=1
    echo "fuzz: $name FAILED; last lines of its log:" >&2
    tail -n 60 "$log" >&2
    for a in "$work/$name/artifacts"/*; do
      [[ -e "$a" ]] || continue
      keep="$fuzz_build/$(basename "$a")-$name"
      cp "$a" "$keep"
      echo "fuzz: failing input kept at $keep; replay: $bin $keep" >&2
    done
  fi
done
exit $status
