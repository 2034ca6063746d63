#!/usr/bin/env bash
# Every C and C++ file git tracks follows .clang-format (clang-format 14, Debian's clang-format).
# Fix with: git ls-files '*.c' '*.h' '*.cpp' '*.hpp' | xargs clang-format -i
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
fmt=${FAQLITE_CLANG_FORMAT:-clang-format}
if ! command -v "$fmt" >/dev/null 2>&1; then
  echo "format: $fmt is missing (scripts/install-deps.sh --test installs clang-format)" >&2
  exit 1
fi
cd "$root"
mapfile -t files < <(git ls-files '*.c' '*.h' '*.cpp' '*.hpp')
if ((${#files[@]} == 0)); then
  echo "format: no C or C++ files found (is this a git checkout?)" >&2
  exit 1
fi
bad=()
for f in "${files[@]}"; do
  "$fmt" --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if ((${#bad[@]} > 0)); then
  echo "format: ${#bad[@]} of ${#files[@]} files differ from .clang-format:" >&2
  printf '  %s\n' "${bad[@]}" >&2
  exit 1
fi
echo "format: ${#files[@]} files follow .clang-format"
