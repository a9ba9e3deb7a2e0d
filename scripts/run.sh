#!/usr/bin/env bash
# Sets everything up and serves the platform with its demo data on http://127.0.0.1:8000
# (embedded SQLite database in var/).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-env.sh
.venv/bin/economie071 migrate --noinput
.venv/bin/economie071 load_demo
echo
echo "Economie071 runs on http://127.0.0.1:8000 — sign in as the programme manager:"
echo "  username: programmabureau   password: economie071-demo"
echo "(Stop with Ctrl+C.)"
exec .venv/bin/economie071 runserver 127.0.0.1:8000
