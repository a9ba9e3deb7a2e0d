#!/usr/bin/env bash
# Runs the whole test suite (extra arguments go to pytest). The database is the embedded
# SQLite one unless DATABASE_URL says otherwise (e.g. postgres://postgres@127.0.0.1:5432/test).
# Tests run in parallel, one worker per CPU core (pytest-xdist); TEST_WORKERS=0 runs them in
# this one process (for a debugger), TEST_WORKERS=4 sets the number.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-env.sh dev
workers="${TEST_WORKERS:-auto}"
if [ "$workers" = "0" ]; then
  exec .venv/bin/python -m pytest "$@"
fi
exec .venv/bin/python -m pytest -n "$workers" --dist worksteal "$@"
