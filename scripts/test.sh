#!/usr/bin/env bash
# Runs the whole test suite (extra arguments go to pytest). The database is the embedded
# SQLite one unless DATABASE_URL says otherwise (e.g. postgres://postgres@127.0.0.1:5432/test).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-env.sh dev
exec .venv/bin/python -m pytest "$@"
