#!/usr/bin/env bash
# `faqlite serve`: every endpoint against docs/openapi.json, malformed and hostile requests, a
# bounded concurrent load on loopback (FAQLITE_LOAD_SECONDS, default 5; 64 connections) and a
# graceful stop on SIGTERM. See tests/server/test_server.py.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${FAQLITE_BUILD_DIR:-$root/build}
bin=$build/faqlite
if [[ ! -x $bin ]]; then
  echo "server: $bin is not built" >&2
  exit 1
fi
if ! "$bin" serve --help >/dev/null 2>&1; then
  echo "server: $bin has no serve command (was cpp-httplib missing at configure time?)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" index --db "$work/corpus.db" "$root/corpus" >/dev/null
FAQLITE_BIN=$bin FAQLITE_DB=$work/corpus.db FAQLITE_WORKDIR=$work \
  python3 "$root/tests/server/test_server.py"
