#!/usr/bin/env bash
# The Python binding: its unittest suite against the built library and CLI, then an offline pip
# install (into a --target folder and into a fresh venv) used from outside the source tree.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${FAQLITE_BUILD_DIR:-$root/build}
python=${PYTHON:-python3}

for f in "$build/libfaqlite.so" "$build/faqlite"; do
  if [[ ! -e "$f" ]]; then
    echo "python suite: $f is missing; build faqlite first (scripts/build.sh)" >&2
    exit 1
  fi
done

tmp=$(mktemp -d /tmp/faqlite-python-suite.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export FAQLITE_BUILD_DIR=$build
export PYTHONDONTWRITEBYTECODE=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore

echo "python: unittest ($("$python" --version 2>&1))"
(cd "$root/bindings/python" &&
  FAQLITE_LIBRARY="$build/libfaqlite.so" FAQLITE_CLI="$build/faqlite" \
    "$python" -m unittest discover -s tests -t . -v)

# --no-index: the build backend needs nothing from a package index, with or without isolation.
smoke='import faqlite, os
assert os.path.dirname(faqlite.__file__) != os.path.join(os.environ["SRC"], "faqlite"), faqlite.__file__
with faqlite.Engine() as e:
    e.index_text("{\"faqlite\": 1, \"lang\": \"en\", \"entries\": [{\"id\": \"hi\", \"question\": \"How are you?\", \"answer\": \"Fine, thanks.\"}]}")
    r = e.ask("how are you?", lang="en")
    assert r.top.id == "hi", r
print("python: installed copy", faqlite.__version__, "over libfaqlite", faqlite.version(), "answers")'

echo "python: pip install --no-build-isolation --target (offline)"
"$python" -m pip install -q --no-index --no-build-isolation --no-deps --target "$tmp/target" \
  "$root/bindings/python"
(cd "$tmp" && SRC="$root/bindings/python" PYTHONPATH="$tmp/target" "$python" -c "$smoke")

echo "python: pip install into a fresh venv (offline, with build isolation)"
"$python" -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install -q --no-index --no-deps "$root/bindings/python"
(cd "$tmp" && SRC="$root/bindings/python" "$tmp/venv/bin/python" -c "$smoke")
echo "python: ok"
