#!/usr/bin/env bash
# Installs what faqlite needs from Debian 12 packages, and nothing when it is all there already.
#   scripts/install-deps.sh          build + run (library, CLI, server)
#   scripts/install-deps.sh --test   also what the full test suite needs (clang/libFuzzer,
#                                    Chromium for the widget's browser test, Node.js and npm)
set -euo pipefail

packages=(build-essential cmake pkg-config libsqlite3-dev libicu-dev nlohmann-json3-dev catch2
          libstemmer-dev libcpp-httplib-dev python3)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(clang clang-format libclang-rt-14-dev libfuzzer-14-dev chromium chromium-driver)
  packages+=(python3-venv python3-pip)  # the Python binding's offline pip install checks
  # Debian's nodejs keeps its Node-API headers (for bindings/node) in libnode-dev.
  command -v node >/dev/null 2>&1 || packages+=(nodejs libnode-dev)
  command -v npm >/dev/null 2>&1 || packages+=(npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: missing packages: ${missing[*]}; run as root or install them with apt-get" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
