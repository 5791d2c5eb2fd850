#!/usr/bin/env bash
# Headless Chromium for the editor screenshots (scripts/screenshots.js) and the browser test
# (test/e2e/editor.browser.test.js): Debian's `chromium` package (/usr/bin/chromium), driven by playwright-core.
# Idempotent: apt-get runs only when /usr/bin/chromium is missing, and `apt-get update` only when the first
# install fails (stale package lists). Needs root (or sudo) the first time only. playwright's own browser
# download (`npx playwright install`) is not used: it cannot reach its CDN here.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
	echo "== chromium present: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
		echo "$CHROMIUM is missing and this is not root: install Debian's chromium package" >&2
		exit 1
	fi
fi

echo "== installing Debian's chromium (apt-get)"
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y chromium; then
	$SUDO apt-get update
	$SUDO apt-get install -y chromium
fi
echo "== $("$CHROMIUM" --version)"
