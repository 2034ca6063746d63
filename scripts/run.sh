#!/usr/bin/env bash
# The main job: install what is missing, build, and answer questions from the bundled corpus.
#   scripts/run.sh                      sample questions in several languages
#   scripts/run.sh "your question"      just that question
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
faqlite="${FAQLITE_BUILD_DIR:-$root/build}/faqlite"
if (($# > 0)); then
  exec "$faqlite" ask "$@"
fi
for q in "how much does an international sales manager earn" \
         "do I need an MBA?" \
         "¿necesito un MBA?" \
         "国际销售经理的薪水" \
         "what is the weather in Paris"; do
  echo "=== faqlite ask \"$q\""
  "$faqlite" ask -k 1 "$q"
  echo
done
