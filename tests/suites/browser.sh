#!/usr/bin/env bash
# The <faq-chat> widget in headless Chromium driven by playwright-core: the demo page served by
# `faqlite serve` on the bundled corpus, a typed question, a follow-up, an Arabic conversation
# right-to-left, phone width. Screenshots go to $FAQLITE_BUILD_DIR/browser/; with
# FAQLITE_UPDATE_SCREENSHOT=1 the desktop one also replaces docs/widget.png.
# Skips (exit 0) only when Chromium is absent and cannot be installed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${FAQLITE_BUILD_DIR:-$root/build}
bin=$build/faqlite
chromium=${FAQLITE_CHROMIUM:-/usr/bin/chromium}

if [[ ! -x $chromium ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "browser: installing chromium"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      chromium chromium-driver >/dev/null 2>&1 || true
  fi
  if [[ ! -x $chromium ]]; then
    echo "browser: SKIP: $chromium is missing and could not be installed (Debian: chromium)"
    exit 0
  fi
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "browser: node and npm are required (scripts/install-deps.sh --test)" >&2
  exit 1
fi
if [[ ! -x $bin ]] || ! "$bin" serve --help >/dev/null 2>&1; then
  echo "browser: $bin is missing or has no serve command" >&2
  exit 1
fi

tests=$root/tests/browser
if [[ ! -d $tests/node_modules/playwright-core ||
      $tests/package-lock.json -nt $tests/node_modules/.package-lock.json ]]; then
  (cd "$tests" && npm ci --no-audit --no-fund --loglevel=error)
fi

work=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

"$bin" index --db "$work/corpus.db" "$root/corpus" >/dev/null 2>&1
"$bin" serve --db "$work/corpus.db" --port 0 2>"$work/server.log" &
server_pid=$!
port=
for _ in $(seq 1 600); do
  port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\) .*|\1|p' "$work/server.log")
  [[ -n $port ]] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [[ -z $port ]]; then
  echo "browser: the server did not start:" >&2
  cat "$work/server.log" >&2
  exit 1
fi

out=$build/browser
mkdir -p "$out"
status=0
node "$tests/widget.test.mjs" --base "http://127.0.0.1:$port" --out "$out" \
  --chromium "$chromium" || status=$?
if ((status != 0)); then
  echo "--- server log (last 40 lines)"
  tail -n 40 "$work/server.log"
  exit "$status"
fi
echo "browser: screenshots in $out"
if [[ ${FAQLITE_UPDATE_SCREENSHOT:-0} == 1 ]]; then
  cp "$out/widget.png" "$root/docs/widget.png"
  echo "browser: docs/widget.png updated"
fi
kill -TERM "$server_pid"
wait "$server_pid"
server_pid=
