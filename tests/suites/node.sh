#!/usr/bin/env bash
# The Node.js addon: builds it with the system C compiler (nothing downloaded), runs its node:test
# suite against the built library and CLI, then installs it from a packed tarball into a scratch
# project, offline, and asks a question through the installed copy.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${FAQLITE_BUILD_DIR:-$root/build}
pkg=$root/bindings/node

for f in "$build/libfaqlite.so" "$build/faqlite"; do
  if [[ ! -e "$f" ]]; then
    echo "node suite: $f is missing; build faqlite first (scripts/build.sh)" >&2
    exit 1
  fi
done
command -v node >/dev/null || { echo "node suite: node is not installed" >&2; exit 1; }

tmp=$(mktemp -d /tmp/faqlite-node-suite.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export FAQLITE_BUILD_DIR=$build FAQLITE_CLI=$build/faqlite
cd "$pkg"

# Node.js ships its Node-API headers (Debian: libnode-dev); only without them is the
# node-api-headers package installed, at the version package-lock.json pins.
if ! node -e "require('./build').nodeApiHeaders()" >/dev/null 2>&1; then
  echo "node: no Node-API headers on this machine; installing node-api-headers (npm ci)"
  npm ci --ignore-scripts --no-audit --no-fund
fi

echo "node: building the addon ($(node --version))"
node build.js
node --expose-gc --test test/*.test.js

echo "node: npm pack, then npm install --offline into a scratch project"
npm pack --silent --pack-destination "$tmp" >/dev/null
mkdir "$tmp/app"
echo '{"name": "app", "version": "1.0.0", "private": true}' >"$tmp/app/package.json"
(cd "$tmp/app" &&
  FAQLITE_INCLUDE_DIR="$root/include" FAQLITE_LIBRARY_DIR="$build" \
    npm install --offline --no-audit --no-fund --loglevel=error "$tmp"/faqlite-*.tgz)
(cd "$tmp/app" && node -e '
const assert = require("node:assert/strict");
const faqlite = require("faqlite");
assert.ok(require.resolve("faqlite").startsWith(process.cwd()), require.resolve("faqlite"));
const engine = new faqlite.Engine();
engine.indexText(JSON.stringify({ faqlite: 1, lang: "en",
  entries: [{ id: "hi", question: "How are you?", answer: "Fine, thanks." }] }));
engine.ask("how are you?", { lang: "en" }).then((r) => {
  assert.equal(r.answers[0].id, "hi");
  engine.close();
  console.log(`node: installed copy over libfaqlite ${faqlite.version()} answers`);
});')
echo "node: ok"
