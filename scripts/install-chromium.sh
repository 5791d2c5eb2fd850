#!/usr/bin/env bash
# Headless Chromium for the editor screenshots (scripts/screenshots.js) and the browser test
# (test/e2e/editor.browser.test.js): Debian's `chromium` package (/usr/bin/chromium), driven by playwright-core.
# Idempotent: apt-get runs only when /usr/bin/chromium is missing (scripts/apt-install.sh: root or sudo, the
# first time only). playwright's own browser download (`npx playwright install`) is not used: it cannot reach
# its CDN here.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
	echo "== chromium present: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
	exit 0
fi

echo "== installing Debian's chromium (apt-get)"
bash "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh" chromium
echo "== $("$CHROMIUM" --version)"
