#!/usr/bin/env bash
# Rebuilds the shipped Noto Sans subsets (Latin, with the euro sign and typographic
# punctuation) from Debian's fonts-noto-core package. Only needed to change the subset.
set -euo pipefail
cd "$(dirname "$0")/.."
out=src/economie071/web/static/web/fonts
for style in Regular Bold Italic BoldItalic; do
  .venv/bin/pyftsubset "/usr/share/fonts/truetype/noto/NotoSans-${style}.ttf" \
    --output-file="${out}/NotoSans-${style}.ttf" \
    --unicodes="U+0000-00FF,U+0100-017F,U+0192,U+02C6,U+02DA,U+02DC,U+2000-206F,U+20AC,U+2122,U+2190-2193,U+2212,U+2215,U+25CF" \
    --layout-features='*' --name-IDs='*' --name-legacy --name-languages='*'
done
