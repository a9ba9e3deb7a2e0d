#!/usr/bin/env bash
# Creates .venv with Python 3.11 (installing Debian's venv module if it is missing) and
# installs the project into it; with "dev", also the test tools. Used by run.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

python_bin=""
for candidate in python3.11 python3; do
  if command -v "$candidate" >/dev/null 2>&1 &&
     "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] < (3, 11))'; then
    python_bin=$candidate
    break
  fi
done
if [ -z "$python_bin" ]; then
  echo "Python 3.11 or newer is needed (on Debian: apt-get install python3)." >&2
  exit 1
fi

apt_install() {
  local sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "$@"
}

# WeasyPrint (the PDF of the project overview) draws text with Pango.
if ! { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -q 'libpangoft2-1.0.so.0'; then
  echo "Installing Debian's Pango libraries for PDF rendering…"
  apt_install libpango-1.0-0 libpangoft2-1.0-0
fi

if [ ! -x .venv/bin/python ]; then
  if ! "$python_bin" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    # Debian ships the venv module separately.
    version=$("$python_bin" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    echo "Installing Debian's python${version}-venv package…"
    apt_install "python${version}-venv"
    "$python_bin" -m venv .venv
  fi
fi

extras=""
[ "${1:-}" = "dev" ] && extras="[dev]"
stamp=".venv/.installed${extras}"
# Reinstall only when the dependencies changed.
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".${extras}"
  touch "$stamp"
fi
