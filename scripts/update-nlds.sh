#!/usr/bin/env bash
# Update the NL Design System CSS that the platform serves.
#
#   1. change a version in frontend/package.json (exact versions only) or the list of
#      components in frontend/build-nlds.mjs;
#   2. run scripts/update-nlds.sh (needs Node 20+ and npm; the platform itself does not);
#   3. look at the pages (docs/frontend.md), run tests/e2e/test_accessibility.py, commit
#      frontend/package*.json and src/economie071/web/static/web/nlds/ together.
#
# `npm install` (instead of `npm ci`) once after changing package.json updates the lock file.
set -euo pipefail
cd "$(dirname "$0")/../frontend"
npm ci --no-audit --no-fund --ignore-scripts
node build-nlds.mjs
