#!/usr/bin/env bash
# The installed library is usable: `cmake --install` into a temporary prefix, then a consumer is
# built once with find_package(faqlite) and once with pkg-config, and both answer a question.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${FAQLITE_BUILD_DIR:-$root/build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null

mkdir -p "$work/consumer"
cat > "$work/consumer/main.c" <<'C'
#include <faqlite.h>
#include <stdio.h>
#include <string.h>
int main(void) {
  if (faqlite_version_number() != FAQLITE_VERSION_NUMBER) return 2;
  faqlite_engine *e = NULL;
  if (faqlite_open(":memory:", NULL, &e) != FAQLITE_OK) return 3;
  const char *entry = "{\"id\": \"hi\", \"question\": \"How do I install it?\", \"answer\": \"Run the installer.\"}";
  if (faqlite_put(e, entry, FAQLITE_NUL_TERMINATED, 0) != FAQLITE_OK) return 4;
  faqlite_result *r = NULL;
  if (faqlite_ask(e, "install", FAQLITE_NUL_TERMINATED, NULL, &r) != FAQLITE_OK) return 5;
  int ok = faqlite_result_count(r) == 1 && strcmp(faqlite_result_id(r, 0), "hi") == 0;
  printf("%s\n", faqlite_result_json(r));
  faqlite_result_free(r);
  faqlite_close(e);
  return ok ? 0 : 6;
}
C
cat > "$work/consumer/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.16)
project(consumer C CXX)
find_package(faqlite REQUIRED)
add_executable(consumer main.c)
target_link_libraries(consumer PRIVATE faqlite::faqlite)
CM
cmake -S "$work/consumer" -B "$work/consumer/build" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/consumer/build" >/dev/null
LD_LIBRARY_PATH="$work/prefix/lib:$work/prefix/lib/x86_64-linux-gnu" "$work/consumer/build/consumer" | grep -q '"id":"hi"'
echo "install: find_package(faqlite) consumer ok"

pcdir=$(dirname "$(find "$work/prefix" -name faqlite.pc | head -1)")
cc "$work/consumer/main.c" -o "$work/consumer/pc" $(PKG_CONFIG_PATH="$pcdir" pkg-config --define-prefix --cflags --libs faqlite)
LD_LIBRARY_PATH="$(dirname "$(find "$work/prefix" -name 'libfaqlite.so' | head -1)")" "$work/consumer/pc" | grep -q '"id":"hi"'
echo "install: pkg-config consumer ok"
test -f "$(dirname "$pcdir")/../share/faqlite/corpus/en.json" || test -n "$(find "$work/prefix" -path '*faqlite/corpus/en.json')"
echo "install: corpus installed"
